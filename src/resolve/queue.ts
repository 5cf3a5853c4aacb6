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

export async function enqueueProjection(
  tx: Queryable,
  given: readonly number[],
  created: ReadonlySet<number>,
  cause: string,
): Promise<void> {
  if (given.length === 0) return;
  // In id order: two runs queueing the same organizations in different orders deadlocked on the key.
  const ids = [...new Set(given)].sort((a, b) => a - b);
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

export interface DrainOptions {
  /**
   * Derive each chunk's facts right after projecting it (default). False moves the ids to the
   * derive queue instead, for `drainDeriveQueue` to evaluate once after several runs.
   */
  derive?: boolean;
  chunk?: number;
}

/** Rows of a queue taken by this transaction, grouped by cause (rows of one run share it). */
async function takeChunk<R extends { entity_id: number; cause: string }>(
  tx: Queryable,
  table: 'projection_queue' | 'derive_queue',
  columns: string,
  chunk: number,
): Promise<Map<string, R[]>> {
  await tx.query(`set local synchronous_commit = off`);
  await tx.query(`set local work_mem = '64MB'`);
  const rows = await tx.query<R>(
    `delete from ${table} where entity_id in (
       select entity_id from ${table} order by entity_id limit $1 for update skip locked)
     returning ${columns}`,
    [chunk],
  );
  const byCause = new Map<string, R[]>();
  for (const r of rows) {
    const list = byCause.get(r.cause);
    if (list) list.push(r);
    else byCause.set(r.cause, [r]);
  }
  return byCause;
}

export async function drainProjectionQueue(db: Database, services: DrainServices, opts: DrainOptions = {}): Promise<DrainResult> {
  const { priorities, rules } = services;
  const chunk = opts.chunk ?? 5000;
  const total: DrainResult = { projected: 0, created: 0, updated: 0 };
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const byCause = await takeChunk<{ entity_id: number; created: boolean; cause: string }>(
        tx,
        'projection_queue',
        'entity_id, created, cause',
        chunk,
      );
      if (byCause.size === 0) return true;
      for (const [cause, list] of byCause) {
        const ids = list.map((r) => r.entity_id);
        const created = new Set(list.filter((r) => r.created).map((r) => r.entity_id));
        // Queued for the derive before the rows are locked: a derive job holding a queue row
        // and waiting for an organization this transaction locked would otherwise deadlock.
        if (opts.derive === false) await enqueueDerive(tx, ids, cause);
        const result = await projectOrganizations(tx, ids, priorities, cause, created);
        if (opts.derive !== false) await deriveFacts(tx, ids, rules, priorities, cause);
        total.created += result.created;
        total.updated += result.updated;
        total.projected += ids.length;
      }
      return false;
    });
    if (done) return total;
  }
}

async function enqueueDerive(tx: Queryable, ids: readonly number[], cause: string): Promise<void> {
  await tx.query(
    `insert into derive_queue (entity_id, cause) select unnest($1::bigint[]), $2
     on conflict (entity_id) do nothing`,
    // In id order, as every writer of the queues (see enqueueProjection).
    [[...new Set(ids)].sort((a, b) => a - b), cause],
  );
}

/** Derives what projections deferred (see `DrainOptions.derive`); returns how many were derived. */
export async function drainDeriveQueue(db: Database, services: DrainServices, chunk = 5000): Promise<number> {
  let derived = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const byCause = await takeChunk<{ entity_id: number; cause: string }>(tx, 'derive_queue', 'entity_id, cause', chunk);
      if (byCause.size === 0) return true;
      for (const [cause, list] of byCause) {
        const ids = list.map((r) => r.entity_id);
        await deriveFacts(tx, ids, services.rules, services.priorities, cause);
        derived += ids.length;
      }
      return false;
    });
    if (done) return derived;
  }
}
