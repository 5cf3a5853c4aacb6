/**
 * The projection queue: batches enqueue the organizations they changed (statements, or the
 * Party bodies, members and officers around them); `drainProjectionQueue` rebuilds their
 * projection and derived facts in chunks, each chunk in its own transaction. Rows are taken with
 * `for update skip locked`, so several workers can drain one queue without doing work twice.
 */
import type { SourcePriority } from '../config/survivorship.js';
import type { Database, Queryable } from '../db/client.js';
import { deriveFacts } from '../facts/derive.js';
import type { RulesSettings } from '../facts/settings.js';
import { projectOrganizations } from './project.js';

/** What draining needs: survivorship for the projection, the rules for the derived facts. */
export interface DrainServices {
  priorities: SourcePriority;
  rules: RulesSettings;
}

export async function enqueueProjection(tx: Queryable, ids: readonly number[], created: ReadonlySet<number>, cause: string): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(
    `insert into projection_queue (entity_id, created, cause)
     select v.id, v.created, $3 from unnest($1::bigint[], $2::boolean[]) as v(id, created)
     on conflict (entity_id) do update set created = projection_queue.created or excluded.created`,
    [ids, ids.map((id) => created.has(id)), cause],
  );
}

export interface DrainResult {
  projected: number;
  created: number;
  updated: number;
}

export async function drainProjectionQueue(db: Database, services: DrainServices, chunk = 5000): Promise<DrainResult> {
  const { priorities, rules } = services;
  const total: DrainResult = { projected: 0, created: 0, updated: 0 };
  for (;;) {
    const done = await db.transaction(async (tx) => {
      await tx.query(`set local synchronous_commit = off`);
      await tx.query(`set local work_mem = '64MB'`);
      const rows = await tx.query<{ entity_id: number; created: boolean; cause: string }>(
        `delete from projection_queue where entity_id in (
           select entity_id from projection_queue order by entity_id limit $1 for update skip locked)
         returning entity_id, created, cause`,
        [chunk],
      );
      if (rows.length === 0) return true;
      // One cause per chunk keeps the outbox honest enough: queued rows of one run share it.
      const byCause = new Map<string, typeof rows>();
      for (const r of rows) byCause.set(r.cause, [...(byCause.get(r.cause) ?? []), r]);
      for (const [cause, list] of byCause) {
        const created = new Set(list.filter((r) => r.created).map((r) => r.entity_id));
        const result = await projectOrganizations(
          tx,
          list.map((r) => r.entity_id),
          priorities,
          cause,
          created,
        );
        await deriveFacts(
          tx,
          list.map((r) => r.entity_id),
          rules,
          priorities,
          cause,
        );
        total.created += result.created;
        total.updated += result.updated;
      }
      total.projected += rows.length;
      return false;
    });
    if (done) return total;
  }
}
