/**
 * Derives and stores the facts of organizations for an as-of date: for the ids a run
 * touched (through the projection queue), for every organization whose stored facts are of
 * another date, or for all of them (`hub derive`). Chunks of 5,000, each in one transaction.
 */
import type { SourcePriority } from '../config/survivorship.js';
import type { Database, Queryable } from '../db/client.js';
import { asOf as toAsOf, type AsOf } from '../rules/as-of.js';
import { evaluateOrganization, type OrganizationFacts } from '../rules/evaluate.js';
import type { RulesSettings } from './settings.js';
import { loadRuleInputs } from './load.js';
import { storeFacts } from './store.js';

export const DERIVE_CHUNK = 5000;
/** Derived rows from which a full derive ends with a vacuum of organizations. */
export const VACUUM_AFTER = 20_000;

/** Facts for the given organizations on an as-of date, computed, not stored (another date on request). */
export async function computeFacts(
  q: Queryable,
  ids: readonly number[],
  a: AsOf,
  rules: RulesSettings,
  priorities: SourcePriority,
): Promise<Map<number, OrganizationFacts>> {
  const inputs = await loadRuleInputs(q, ids, a, priorities);
  const out = new Map<number, OrganizationFacts>();
  for (const [id, input] of inputs) out.set(id, evaluateOrganization(input, a, rules.config));
  return out;
}

/** Derives and stores; returns how many organizations' headline facts changed. */
export async function deriveFacts(
  tx: Queryable,
  ids: readonly number[],
  rules: RulesSettings,
  priorities: SourcePriority,
  cause: string,
): Promise<number> {
  const a = toAsOf(rules.asOf(), rules.config);
  return storeFacts(tx, await computeFacts(tx, ids, a, rules, priorities), cause);
}

export interface DeriveResult {
  derived: number;
  changed: number;
}

/**
 * Every live organization whose facts are not of the current as-of date (all of them with
 * `all`): a new day, or a new configuration, reaches every organization, not only the
 * ones a run touched.
 */
export async function deriveStale(
  db: Database,
  rules: RulesSettings,
  priorities: SourcePriority,
  opts: { all?: boolean; cause?: string; onProgress?: (done: number) => void } = {},
): Promise<DeriveResult> {
  const date = rules.asOf();
  const result: DeriveResult = { derived: 0, changed: 0 };
  // Two chunks in flight on PostgreSQL: one is loaded or written while the other is in the
  // rules (PGlite has one connection, so one).
  const concurrency = db.engine === 'postgres' ? 2 : 1;
  const inFlight = new Set<Promise<void>>();
  let failed: unknown = null;
  let after = 0;
  while (failed === null) {
    const ids = (
      await db.query<{ id: number }>(
        `select id from organizations where merged_into_id is null and id > $1
           and ($3::boolean or facts_as_of is distinct from $2::date)
         order by id limit ${DERIVE_CHUNK}`,
        [after, date, opts.all === true],
      )
    ).map((r) => r.id);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    const work = db
      .transaction(async (tx) => {
        await tx.query(`set local synchronous_commit = off`);
        await tx.query(`set local work_mem = '64MB'`);
        return deriveFacts(tx, ids, rules, priorities, opts.cause ?? `derive:${date}`);
      })
      .then(
        (changed) => {
          result.derived += ids.length;
          result.changed += changed;
          opts.onProgress?.(result.derived);
        },
        (err: unknown) => {
          failed ??= err;
        },
      )
      .finally(() => inFlight.delete(work));
    inFlight.add(work);
    if (inFlight.size >= concurrency) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  if (failed !== null) throw failed;
  // Coverage reads an index-only scan: after rewriting many rows the visibility map must be
  // current again, or each row costs a heap fetch (0.1 s became 0.5–3.8 s at 1M rows).
  if (result.derived >= VACUUM_AFTER) await db.query(`vacuum (analyze) organizations`);
  // Every live organization now has facts of `date`.
  await db.query(
    `insert into facts_state (id, as_of) values (1, $1::date)
     on conflict (id) do update set as_of = excluded.as_of, updated_at = now()`,
    [date],
  );
  return result;
}
