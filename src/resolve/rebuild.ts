/**
 * `hub rebuild`: every organization's projection recomputed from its statements, in chunks
 * through the projection queue. Running it on a consistent graph changes nothing (and
 * therefore writes no change event); after a change of source priorities it applies them.
 */
import type { Database } from '../db/client.js';
import { linkPendingRelations } from '../ingest/write/party.js';
import { assignZones } from '../ingest/write/zones.js';
import { assignIndustryCommittees } from '../coverage/industry-committees.js';
import { drainProjectionQueue, enqueueProjection, type DrainResult, type DrainServices } from './queue.js';

export async function rebuildAll(db: Database, services: DrainServices, cause = 'rebuild'): Promise<DrainResult> {
  await db.query(
    `insert into projection_queue (entity_id, created, cause)
     select id, false, $1 from organizations where merged_into_id is null
     on conflict (entity_id) do nothing`,
    [cause],
  );
  const linked = await db.transaction((tx) => linkPendingRelations(tx, cause));
  await db.transaction((tx) => enqueueProjection(tx, linked, new Set(), cause));
  const result = await drainProjectionQueue(db, services);
  await db.transaction(async (tx) => {
    await assignZones(tx, cause);
    await assignIndustryCommittees(tx);
  });
  return result;
}
