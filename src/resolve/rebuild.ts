/**
 * `hub rebuild`: every organization's projection recomputed from its statements, in chunks
 * through the projection queue. Running it on a consistent graph changes nothing (and
 * therefore writes no change event); after a change of source priorities it applies them.
 */
import type { SourcePriority } from '../config/survivorship.js';
import type { Database } from '../db/client.js';
import { linkPendingRelations } from '../ingest/write/party.js';
import { drainProjectionQueue, type DrainResult } from './queue.js';

export async function rebuildAll(db: Database, priorities: SourcePriority, cause = 'rebuild'): Promise<DrainResult> {
  await db.query(
    `insert into projection_queue (entity_id, created, cause)
     select id, false, $1 from organizations where merged_into_id is null
     on conflict (entity_id) do nothing`,
    [cause],
  );
  const result = await drainProjectionQueue(db, priorities);
  await db.transaction((tx) => linkPendingRelations(tx));
  return result;
}
