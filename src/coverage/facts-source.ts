/**
 * Where coverage and ledger queries read derived facts from: the stored columns when they
 * are of the requested as-of date, else a temporary table of facts computed for that date
 * (same column names), which lives until the surrounding transaction ends.
 */
import type { SourcePriority } from '../config/survivorship.js';
import type { Queryable } from '../db/client.js';
import { computeFacts, DERIVE_CHUNK } from '../facts/derive.js';
import type { RulesSettings } from '../facts/settings.js';
import { writeFactColumns } from '../facts/store.js';
import { asOf as toAsOf } from '../rules/as-of.js';

/** The stored facts when every live organization has them for `date` (facts_state says so). */
export async function storedFactsAreFor(q: Queryable, date: string): Promise<boolean> {
  const [row] = await q.query<{ fresh: boolean }>(`select as_of = $1::date as fresh from facts_state where id = 1`, [date]);
  return row?.fresh === true;
}

/**
 * Returns the relation to read: `organizations`, or `facts_for_date` filled for the
 * organizations under `divisionPrefix`. Call inside a transaction.
 */
export async function factsRelation(
  tx: Queryable,
  date: string,
  divisionPrefix: string,
  services: { rules: RulesSettings; priorities: SourcePriority },
  /** Only the organizations the asker may see are computed: an SQL predicate over `o` (src/security/access.ts). */
  scope = 'true',
): Promise<'organizations' | 'facts_for_date'> {
  if (await storedFactsAreFor(tx, date)) return 'organizations';
  const a = toAsOf(date, services.rules.config);
  await tx.query(`drop table if exists facts_for_date`);
  await tx.query(
    `create temp table facts_for_date on commit drop as
     select id, name, uscc, division_code, county_code, supervising_department_code, supervising_department_name, industry_committee_id,
            zone_id, industry_code, kind, legal_representative, business_address, registered_address, merged_into_id,
            facts_as_of, in_scope, scope_kind, scope_reasons, three_haves, headcount, headcount_source, operates_normally, in_ledger,
            covered_by_body, covered_by_work, advice, members_formal, members_total, members_pocket, has_10_employees, has_premises,
            has_business_activity, facts
     from organizations o where merged_into_id is null and division_code like $1 || '%' and ${scope}`,
    [divisionPrefix],
  );
  let after = 0;
  for (;;) {
    const ids = (
      await tx.query<{ id: number }>(`select id from facts_for_date where id > $1 order by id limit ${DERIVE_CHUNK}`, [after])
    ).map((r) => r.id);
    if (ids.length === 0) break;
    after = ids[ids.length - 1]!;
    await writeFactColumns(tx, 'facts_for_date', await computeFacts(tx, ids, a, services.rules, services.priorities));
  }
  return 'facts_for_date';
}
