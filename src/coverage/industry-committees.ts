/**
 * Which industry Party committee (行业党委) an organization falls under, for coverage "by
 * industry committee". No source states it, so it is inferred, set-based, after each run:
 * 1. an organization covered by a body under an industry committee (any depth) falls under
 *    that committee;
 * 2. every other organization falls under the committee whose covered organizations share
 *    its industry division (行业大类, e.g. F51) within its prefecture — when exactly one
 *    committee claims that industry there.
 * So an uncovered organization of a committee's industry counts against its coverage.
 * Dissolved bodies and committees place nobody.
 */
import type { Queryable } from '../db/client.js';
import { writeChangeEvents } from '../feed/outbox.js';

/**
 * Returns how many organizations changed committee. A change of an organization that already
 * has facts is a change event (coverage by industry committee moves with it); the first
 * placement, before any facts, is not (the CREATED events came first).
 */
export async function assignIndustryCommittees(tx: Queryable, cause = 'hub'): Promise<number> {
  const [committees] = await tx.query<{ n: number }>(`select count(*)::int as n from party_bodies where is_industry_committee`);
  const [assigned] = await tx.query<{ n: number }>(`select count(*)::int as n from organizations where industry_committee_id is not null`);
  if (committees!.n === 0 && assigned!.n === 0) return 0;
  const changed = await tx.query<{
    id: number;
    old: number | null;
    new: number | null;
    division_code: string | null;
    kind: string | null;
    hasFacts: boolean;
  }>(
    `with recursive up(body_id, ancestor_id, depth) as (
       select id, id, 0 from party_bodies
       union all
       select up.body_id, p.parent_id, up.depth + 1 from up join party_bodies p on p.id = up.ancestor_id
       where p.parent_id is not null and up.depth < 12),
     committee_of_body as (
       select distinct on (up.body_id) up.body_id, up.ancestor_id as committee_id
       from up join party_bodies c on c.id = up.ancestor_id and c.is_industry_committee and c.dissolved_on is null
       order by up.body_id, up.depth),
     covered as (
       select distinct on (pc.organization_id) pc.organization_id as id, cb.committee_id
       from party_body_coverage pc join committee_of_body cb on cb.body_id = pc.body_id
         join party_bodies b on b.id = pc.body_id and b.dissolved_on is null
       where pc.organization_id is not null
       order by pc.organization_id, cb.committee_id),
     claims as (
       select left(o.industry_code, 3) as industry, left(o.division_code, 4) as prefecture, min(c.committee_id) as committee_id
       from covered c join organizations o on o.id = c.id
       where length(o.industry_code) >= 3 and o.division_code is not null
       group by 1, 2 having count(distinct c.committee_id) = 1),
     wanted as (
       select o.id, coalesce(c.committee_id, cl.committee_id) as committee_id
       from organizations o
       left join covered c on c.id = o.id
       left join claims cl on cl.industry = left(o.industry_code, 3) and cl.prefecture = left(o.division_code, 4)
       where o.merged_into_id is null)
     update organizations o set industry_committee_id = w.committee_id
     from wanted w join organizations old on old.id = w.id
     where o.id = w.id and o.industry_committee_id is distinct from w.committee_id
     returning o.id, old.industry_committee_id as "old", w.committee_id as "new", o.division_code, o.kind, o.facts_as_of is not null as "hasFacts"`,
  );
  await writeChangeEvents(
    tx,
    changed
      .filter((c) => c.hasFacts)
      .map((c) => ({
        entityType: 'organization' as const,
        entityId: c.id,
        kind: 'UPDATED' as const,
        changes: { industry_committee_id: { old: c.old, new: c.new } },
        divisionCode: c.division_code,
        orgKind: c.kind,
        cause,
      })),
  );
  return changed.length;
}
