/**
 * Gap lists over the stored facts: ledger organizations without a body grouped by advice,
 * pocket members (口袋党员) by employer, and joint-branch suggestions.
 */
import type { Queryable } from '../db/client.js';
import { isPocketMember } from '../rules/party-coverage.js';
import { suggestJointBranches, type JointBranchPlan, type JointBranchUnit } from '../rules/joint-branch.js';

export interface GapOrganization {
  id: number;
  uscc: string | null;
  name: string | null;
  divisionCode: string | null;
  scopeKind: string | null;
  formalMembers: number;
  totalMembers: number;
}

export interface AdviceGap {
  advice: string;
  organizations: GapOrganization[];
}

const ORG = `o.id, o.uscc, o.name, o.division_code as "divisionCode", o.scope_kind as "scopeKind",
  coalesce(o.members_formal, 0) as "formalMembers", coalesce(o.members_total, 0) as "totalMembers"`;

const ADVICE_ORDER = ['COMMITTEE', 'GENERAL_BRANCH', 'BRANCH', 'JOINT_BRANCH', 'TEMPORARY_BRANCH', 'GUIDANCE_OFFICER'];

/** Ledger organizations that should have a body and have none, by advice (largest first). */
/** `scope`: the asker's visible organizations, an SQL predicate over `o` (src/security/access.ts). */
export async function adviceGaps(q: Queryable, divisionPrefix: string, scope = 'true'): Promise<AdviceGap[]> {
  const rows = await q.query<GapOrganization & { advice: string }>(
    `select o.advice, ${ORG} from organizations o
     where o.in_ledger and not o.covered_by_body and o.merged_into_id is null and o.advice is not null
       and o.division_code like $1 || '%' and ${scope}
     order by o.members_formal desc nulls last, o.id`,
    [divisionPrefix],
  );
  return ADVICE_ORDER.map((advice) => ({
    advice,
    organizations: rows.filter((r) => r.advice === advice).map(({ advice: _a, ...o }) => o),
  })).filter((g) => g.organizations.length > 0);
}

export interface PocketMember {
  name: string;
  idNumberMasked: string;
  kind: string | null;
  isMobile: boolean | null;
  relationHeldAt: string | null;
  bodyCode: string | null;
}

export interface PocketEmployer {
  organization: GapOrganization;
  pocketMembers: PocketMember[];
}

/** Employers with members whose relation is held elsewhere, most pocket members first. */
export async function pocketMembersByEmployer(q: Queryable, divisionPrefix: string, scope = 'true'): Promise<PocketEmployer[]> {
  const rows = await q.query<GapOrganization & { members: PocketMember[] }>(
    `select ${ORG},
       (select json_agg(json_build_object('name', m.name, 'idNumberMasked', m.id_number_masked, 'kind', m.kind, 'isMobile', m.is_mobile,
                                          'relationHeldAt', m.relation_held_at, 'bodyCode', m.body_code) order by m.name, m.id)
        from members m where m.employer_id = o.id and m.relation_held_at is not null) as members
     from organizations o
     where o.members_pocket > 0 and o.merged_into_id is null and o.division_code like $1 || '%' and ${scope}
     order by o.members_pocket desc, o.id`,
    [divisionPrefix],
  );
  // The pocket condition is the rule's own (isPocketMember), not a second spelling in SQL.
  return rows.map(({ members, ...organization }) => ({
    organization,
    pocketMembers: (members ?? []).filter((m) => isPocketMember(m.relationHeldAt)),
  }));
}

export async function jointBranchPlan(q: Queryable, divisionPrefix: string, scope = 'true'): Promise<JointBranchPlan> {
  const units = await q.query<JointBranchUnit>(
    `select o.id, o.name, coalesce(o.members_formal, 0) as "formalMembers", o.zone_id as "zoneId", z.name as "zoneName",
            o.industry_code as "industryCode", o.county_code as "countyCode"
     from organizations o left join zones z on z.id = o.zone_id
     where o.advice = 'JOINT_BRANCH' and o.merged_into_id is null and o.division_code like $1 || '%' and ${scope}`,
    [divisionPrefix],
  );
  return suggestJointBranches(units);
}
