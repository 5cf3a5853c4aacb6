/**
 * Gathers what the rules read for a set of organizations, in five set-based queries: the
 * registrar's chosen values, the latest statement of each rule property inside its period
 * bounds, the latest annual report, the bodies and officers covering them on the as-of date,
 * and their members grouped by the attributes the rules count.
 */
import type { SourcePriority } from '../config/survivorship.js';
import type { Queryable } from '../db/client.js';
import { chooseAll, type StatementView } from '../resolve/survivorship.js';
import type { AsOf } from '../rules/as-of.js';
import type { OrganizationInput } from '../rules/evaluate.js';
import type { Fact } from '../rules/facts.js';
import type { AnnualReport } from '../rules/three-haves.js';

/** Statement properties the rules read besides the projected ones: a new one re-derives. */
export const RULE_PROPERTIES: readonly string[] = [
  'tax_state',
  'insured',
  'iit_withheld',
  'ar_filed',
  'ar_employees',
  'ar_operating_state',
  'business_address',
  'inspection_result',
];

const REGISTRAR_PROPERTIES = ['enterprise_type', 'social_org_type', 'registration_status'];

interface SlotRow extends Fact {
  entityId: number;
  slot: 'chosen' | 'latest' | 'positive' | 'report';
  id: string;
  lastSeen: string;
}

/** Periods are compared as text: 'YYYY-MM' months, 'YYYY' years (the connectors normalize them). */
const STATEMENT_SLOTS = `
  with chosen as (
    select distinct on (entity_id, property, source) 'chosen' as slot, entity_id, property, value, source, period, last_seen, id
    from statements
    where entity_type = 'organization' and entity_id = any($1::bigint[]) and property = any($7::text[])
    order by entity_id, property, source, period desc, last_seen desc, id),
  bounds(property, lo, hi) as (
    select * from unnest(array['tax_state', 'insured', 'iit_withheld', 'business_address', 'inspection_result'],
                         array['', $3, $3, '', $8], array[$2, $4, $4, $2, $9])),
  -- One backward probe of statements_entity_idx per organization and property: the newest
  -- period inside the bounds that passes the property's own test.
  latest as (
    select 'latest' as slot, l.* from unnest($1::bigint[]) as e(id) cross join bounds b
    cross join lateral (
      select s.entity_id, s.property, s.value, s.source, s.period, s.last_seen, s.id
      from statements s
      where s.entity_type = 'organization' and s.entity_id = e.id and s.property = b.property
        and s.period >= b.lo and s.period <= b.hi
        and case s.property
          when 'tax_state' then length(s.period) = 7 and s.period < $2
          when 'business_address' then s.period = '' or (length(s.period) = 4 and s.period < $5) or (length(s.period) = 7 and s.period < $2)
          when 'inspection_result' then length(s.period) = 4
          else length(s.period) = 7 and s.value ~ '^[0-9]+$' end
      order by s.period desc, s.last_seen desc, s.id limit 1) l),
  positive as (
    select 'positive' as slot, l.* from unnest($1::bigint[]) as e(id)
    cross join lateral (
      select s.entity_id, s.property, s.value, s.source, s.period, s.last_seen, s.id
      from statements s
      where s.entity_type = 'organization' and s.entity_id = e.id and s.property = 'insured'
        and s.period >= $3 and s.period <= $4 and length(s.period) = 7 and s.value ~ '^[0-9]*[1-9][0-9]*$'
      order by s.period desc, s.last_seen desc, s.id limit 1) l),
  report_year as (
    select y.* from unnest($1::bigint[]) as e(id)
    cross join lateral (
      select s.entity_id, s.period from statements s
      where s.entity_type = 'organization' and s.entity_id = e.id and s.property = 'ar_filed' and s.period < $5 and length(s.period) = 4
      order by s.period desc limit 1) y),
  report as (
    select distinct on (s.entity_id, s.property) 'report' as slot, s.entity_id, s.property, s.value, s.source, s.period, s.last_seen, s.id
    from statements s join report_year y on y.entity_id = s.entity_id and y.period = s.period
    where s.entity_type = 'organization' and s.entity_id = any($1::bigint[]) and s.property = any($6::text[])
    order by s.entity_id, s.property, s.last_seen desc, s.id)
  select slot, entity_id as "entityId", property, value, source, period, last_seen as "lastSeen", id::text as id from chosen
  union all select slot, entity_id, property, value, source, period, last_seen, id::text from latest
  union all select slot, entity_id, property, value, source, period, last_seen, id::text from positive
  union all select slot, entity_id, property, value, source, period, last_seen, id::text from report`;

function emptyInput(uscc: string | null): OrganizationInput {
  return {
    uscc,
    enterpriseType: null,
    socialOrgType: null,
    registrationStatus: null,
    taxStates: [],
    insured: [],
    withheld: [],
    annualReports: [],
    businessAddresses: [],
    inspections: [],
    bodies: [],
    officers: [],
    members: [],
  };
}

const toFact = (r: SlotRow): Fact => ({ property: r.property, value: r.value, source: r.source, period: r.period });

export async function loadRuleInputs(
  q: Queryable,
  ids: readonly number[],
  a: AsOf,
  priorities: SourcePriority,
): Promise<Map<number, OrganizationInput>> {
  const out = new Map<number, OrganizationInput>();
  if (ids.length === 0) return out;
  const orgs = await q.query<{ id: number; uscc: string | null }>(
    `select id, uscc from organizations where id = any($1::bigint[]) and merged_into_id is null`,
    [ids],
  );
  for (const o of orgs) out.set(o.id, emptyInput(o.uscc));
  const live = orgs.map((o) => o.id);
  if (live.length === 0) return out;

  const rows = await q.query<SlotRow>(STATEMENT_SLOTS, [
    live,
    a.month,
    a.window.from,
    a.window.to,
    String(a.year),
    ['ar_filed', 'ar_employees', 'ar_operating_state'],
    REGISTRAR_PROPERTIES,
    String(a.inspectionYears.from),
    String(a.inspectionYears.to),
  ]);
  const chosen = new Map<number, StatementView[]>();
  const reports = new Map<number, AnnualReport>();
  for (const r of rows) {
    const input = out.get(r.entityId)!;
    if (r.slot === 'chosen') {
      const list = chosen.get(r.entityId) ?? [];
      list.push(r);
      chosen.set(r.entityId, list);
    } else if (r.slot === 'positive') (input.insured as Fact[]).push(toFact(r));
    else if (r.slot === 'report') {
      const report = reports.get(r.entityId) ?? { year: r.period, employees: null, operatingState: null };
      if (r.property === 'ar_employees') report.employees = toFact(r);
      if (r.property === 'ar_operating_state') report.operatingState = toFact(r);
      reports.set(r.entityId, report);
    } else {
      const f = toFact(r);
      const list = {
        tax_state: input.taxStates,
        insured: input.insured,
        iit_withheld: input.withheld,
        business_address: input.businessAddresses,
        inspection_result: input.inspections,
      }[r.property] as Fact[];
      list.push(f);
    }
  }
  for (const [id, statements] of chosen) {
    const c = chooseAll(REGISTRAR_PROPERTIES, statements, priorities);
    const pick = (p: string): Fact | null => {
      const s = c.get(p)?.statement;
      return s ? { property: s.property, value: s.value, source: s.source, period: s.period } : null;
    };
    const input = out.get(id)!;
    input.enterpriseType = pick('enterprise_type');
    input.socialOrgType = pick('social_org_type');
    input.registrationStatus = pick('registration_status');
  }
  for (const [id, report] of reports) (out.get(id)!.annualReports as AnnualReport[]).push(report);
  await loadParty(q, live, a, out);
  return out;
}

async function loadParty(q: Queryable, ids: number[], a: AsOf, out: Map<number, OrganizationInput>): Promise<void> {
  const bodies = await q.query<{ organizationId: number; bodyCode: string; name: string; kind: string }>(
    `select distinct c.organization_id as "organizationId", b.body_code as "bodyCode", b.name, b.kind
     from party_body_coverage c join party_bodies b on b.id = c.body_id
     where c.organization_id = any($1::bigint[])
       and (b.founded_on is null or b.founded_on <= $2::date) and (b.dissolved_on is null or b.dissolved_on > $2::date)
     order by 1, 2`,
    [ids, a.date],
  );
  for (const b of bodies) out.get(b.organizationId)!.bodies = [...out.get(b.organizationId)!.bodies, b];
  const officers = await q.query<{ organizationId: number; officerId: number; name: string }>(
    `select distinct a.organization_id as "organizationId", o.id as "officerId", o.name
     from guidance_assignments a join guidance_officers o on o.id = a.officer_id
     where a.organization_id = any($1::bigint[])
       and (a.assigned_on is null or a.assigned_on <= $2::date) and (a.withdrawn_on is null or a.withdrawn_on > $2::date)
     order by 1, 2`,
    [ids, a.date],
  );
  for (const o of officers) out.get(o.organizationId)!.officers = [...out.get(o.organizationId)!.officers, o];
  const members = await q.query<{
    employerId: number;
    kind: string | null;
    isMobile: boolean | null;
    relationHeldAt: string | null;
    count: number;
  }>(
    `select employer_id as "employerId", kind, is_mobile as "isMobile", relation_held_at as "relationHeldAt", count(*)::int as count
     from members where employer_id = any($1::bigint[]) and (joined_on is null or joined_on <= $2::date)
     group by 1, 2, 3, 4`,
    [ids, a.date],
  );
  for (const m of members) out.get(m.employerId)!.members = [...out.get(m.employerId)!.members, m];
}
