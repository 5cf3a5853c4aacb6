/**
 * DOMAIN.md "Coverage" for one organization: covered by a Party body (组织覆盖) and covered by
 * work (工作覆盖), and formation advice (组建方式建议) for a ledger organization without a
 * body, from the members employed there. Pure.
 */
import { BRANCH_MEMBERS, DEFAULT_RULES, type RulesConfig } from './config.js';
import { check, cleanText, type Check } from './facts.js';

export type PartyBodyKind = 'COMMITTEE' | 'GENERAL_BRANCH' | 'BRANCH' | 'JOINT_BRANCH' | 'TEMPORARY_BRANCH' | 'FUNCTIONAL';
export type Advice = 'COMMITTEE' | 'GENERAL_BRANCH' | 'BRANCH' | 'JOINT_BRANCH' | 'TEMPORARY_BRANCH' | 'GUIDANCE_OFFICER';

export interface CoveringBody {
  bodyCode: string;
  name: string;
  kind: string;
}

export interface AssignedOfficer {
  officerId: number;
  name: string;
}

/** Members employed at the organization, counted by the attributes the rules read. */
export interface MemberGroup {
  /** FORMAL | PROBATIONARY | null (unknown) */
  kind: string | null;
  isMobile: boolean | null;
  relationHeldAt: string | null;
  count: number;
}

export interface MemberTally {
  /** 正式党员 who are not mobile: they can anchor a body where they work. */
  formal: number;
  probationary: number;
  mobile: number;
  /** 口袋党员: relation held somewhere other than 本单位. */
  pocket: number;
  total: number;
}

export interface Coverage {
  byBody: Check & { bodies: CoveringBody[] };
  byWork: Check;
}

/** A temporary branch (临时党支部) is a fallback, not a formed body. */
export const isFormedBody = (kind: string): boolean => kind !== 'TEMPORARY_BRANCH';

const bodyFact = (b: CoveringBody) => ({ property: 'covered_by', value: `${b.bodyCode} ${b.name}`, source: 'party-bodies', period: '' });

export function evaluateCoverage(bodies: readonly CoveringBody[], officers: readonly AssignedOfficer[]): Coverage {
  const formed = bodies.filter((b) => isFormedBody(b.kind));
  const temporary = bodies.filter((b) => !isFormedBody(b.kind));
  const byBody = formed.length
    ? { ...check(true, `covered by ${formed.map((b) => b.name).join('、')}`, formed.map(bodyFact)), bodies: formed }
    : {
        ...check(false, temporary.length ? 'only a temporary branch covers it' : 'no Party body lists it among the units it covers', []),
        bodies: [],
      };
  let byWork: Check;
  if (byBody.holds) byWork = check(true, 'covered by a Party body', byBody.evidence);
  else if (temporary.length) byWork = check(true, `temporary branch ${temporary.map((b) => b.name).join('、')}`, temporary.map(bodyFact));
  else if (officers.length)
    byWork = check(
      true,
      `guidance officer ${officers.map((o) => o.name).join('、')}`,
      officers.map((o) => ({ property: 'guidance_officer', value: o.name, source: 'guidance', period: '' })),
    );
  else byWork = check(false, 'no Party body, temporary branch or guidance officer', []);
  return { byBody, byWork };
}

/** 口袋党员: the relation (组织关系所在) is held somewhere other than 本单位; unknown is not evidence. */
export const isPocketMember = (relationHeldAt: string | null): boolean => !!relationHeldAt && cleanText(relationHeldAt) !== '本单位';

export function tallyMembers(groups: readonly MemberGroup[]): MemberTally {
  const t: MemberTally = { formal: 0, probationary: 0, mobile: 0, pocket: 0, total: 0 };
  for (const g of groups) {
    t.total += g.count;
    if (g.isMobile === true) t.mobile += g.count;
    else if (g.kind === 'FORMAL') t.formal += g.count;
    else if (g.kind === 'PROBATIONARY') t.probationary += g.count;
    if (isPocketMember(g.relationHeldAt)) t.pocket += g.count;
  }
  return t;
}

/** The advice table of DOMAIN.md, from formal (non-mobile) members and all others. */
export function advise(members: MemberTally, config: RulesConfig = DEFAULT_RULES): { advice: Advice; why: string } {
  const f = members.formal;
  const others = members.total - f;
  if (f >= config.committeeMembers) return { advice: 'COMMITTEE', why: `${f} formal members ≥ ${config.committeeMembers}` };
  if (f >= config.generalBranchMembers) return { advice: 'GENERAL_BRANCH', why: `${f} formal members ≥ ${config.generalBranchMembers}` };
  if (f >= BRANCH_MEMBERS) return { advice: 'BRANCH', why: `${f} formal members ≥ ${BRANCH_MEMBERS}` };
  if (f >= 1) return { advice: 'JOINT_BRANCH', why: `${f} formal member${f > 1 ? 's' : ''}: fewer than ${BRANCH_MEMBERS}` };
  if (others >= 1) return { advice: 'TEMPORARY_BRANCH', why: `no formal member, ${others} probationary or mobile` };
  return { advice: 'GUIDANCE_OFFICER', why: 'no Party member works there' };
}
