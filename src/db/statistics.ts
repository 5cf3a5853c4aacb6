/**
 * Planner statistics for the tables a run grows. A bulk load can take a table from empty to
 * millions of rows within one run; with statistics of the empty table the planner keeps
 * choosing plans for an empty table (measured: deriving 200,000 organizations took 207 s with
 * them, 41 s after one ANALYZE). Autovacuum would catch up eventually — when it is on (it is off
 * on some servers) and between the run's statements, which it is not. So runs apply
 * autovacuum's own rule themselves: analyze a table once the rows changed since its last
 * analyze exceed 5,000 plus a fifth of its size. ANALYZE samples, so it costs seconds at most.
 */
import type { Queryable } from './client.js';

/** The tables runs and derives write in bulk. */
const GROWING = ['statements', 'organizations', 'source_links', 'quarantine', 'members', 'party_body_coverage', 'guidance_assignments'];

/** Analyzes whichever of the growing tables changed enough; returns their names. */
export async function refreshStatistics(db: Queryable): Promise<string[]> {
  const stale = await db.query<{ name: string }>(
    `select s.relname as name from pg_stat_user_tables s join pg_class c on c.oid = s.relid
     where s.relname = any($1::text[]) and s.schemaname = current_schema()
       and s.n_mod_since_analyze > 5000 + 0.2 * greatest(c.reltuples, 0)`,
    [GROWING],
  );
  // Table names come from the list above, never from input.
  for (const { name } of stale) await db.query(`analyze ${name}`);
  return stale.map((s) => s.name);
}
