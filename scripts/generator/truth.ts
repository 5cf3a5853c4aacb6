/**
 * The oracle for end-to-end tests: DOMAIN.md's rules, written straight from
 * the text, applied to what the SOURCE FILES say (observed.ts), not to the
 * clean model. A row the hub must quarantine contributes nothing here either,
 * so a correct hub — one that normalizes every cosmetic defect, links every
 * placeable row and quarantines every unreadable one — matches this exactly.
 *
 * Readings of DOMAIN.md that the text leaves open, fixed here:
 * - Scope condition 2 ("not public") fails only on positive evidence: an
 *   enterprise type containing 国有/全民所有制, or a USCC of category 1-x.
 *   A missing type is not evidence (social organizations have none).
 * - Scope condition 4: "had no insured employee" holds unless a surviving
 *   social-security row within the 12-month window shows insured ≥ 1; an
 *   organization with no such row and a bad latest tax state is a zombie.
 * - Headcount: when social security and tax tie, the source named is
 *   social security.
 * - The generator keeps per-organization addresses consistent across rows of
 *   one source, so "a business address is known" does not depend on which
 *   report or month is read.
 */
import type { Org } from './model.js';
import type { Observed } from './observed.js';

export type ScopeReason = 'NOT_ENTERPRISE_OR_SOCIAL_ORG' | 'PUBLIC' | 'NOT_REGISTERED_ALIVE' | 'ZOMBIE';
export type Advice = 'COMMITTEE' | 'GENERAL_BRANCH' | 'BRANCH' | 'JOINT_BRANCH' | 'TEMPORARY_BRANCH' | 'GUIDANCE_OFFICER';
export type HeadcountSource = 'SOCIAL_SECURITY' | 'TAX' | 'ANNUAL_REPORT';

/** The configurable thresholds, with DOMAIN.md's defaults. */
export const THRESHOLDS = { employees: 10, branch: 3, generalBranch: 50, committee: 100 } as const;

const SOCIAL_ORG_TYPES = new Set(['社会团体', '民办非企业单位', '社会服务机构', '基金会']);
const ALIVE_STATUS = /存续|在业|开业|在册|^正常$/;
const DEAD_STATUS = /吊销|注销|迁出|撤销/;
const PASSED = new Set(['合格', '基本合格']);

export interface ThreeHaves {
  readonly employees: boolean;
  readonly headcount: number | null;
  readonly headcountSource: HeadcountSource | null;
  readonly premises: boolean;
  readonly activity: boolean;
}

export interface OrgOutcome {
  readonly known: boolean;
  readonly division: string | null;
  readonly isEnterprise: boolean;
  readonly isSocialOrg: boolean;
  readonly inScope: boolean;
  readonly scopeReasons: ScopeReason[];
  readonly primaryReason: ScopeReason | null;
  readonly threeHaves: ThreeHaves | null;
  readonly operatesNormally: boolean | null;
  readonly inLedger: boolean;
  readonly coveredByBody: boolean;
  readonly coveredByWork: boolean;
  readonly formalMembers: number;
  readonly otherMembers: number;
  readonly advice: Advice | null;
}

function headcount(o: Observed, i: number): { n: number | null; source: HeadcountSource | null } {
  const ss = o.ssLatestMonth[i]! >= 0 ? o.ssLatestCount[i]! : null;
  const tax = o.iitLatestMonth[i]! >= 0 ? o.iitLatestCount[i]! : null;
  if (ss !== null || tax !== null) {
    if (tax === null || (ss !== null && ss >= tax)) return { n: ss, source: 'SOCIAL_SECURITY' };
    return { n: tax, source: 'TAX' };
  }
  // Only when neither monthly source has a month inside the window.
  const report = o.reportLatest[i];
  if (report === undefined) return { n: null, source: null };
  return { n: report.employees, source: report.employees === null ? null : 'ANNUAL_REPORT' };
}

export function advise(formal: number, other: number): Advice {
  if (formal >= THRESHOLDS.committee) return 'COMMITTEE';
  if (formal >= THRESHOLDS.generalBranch) return 'GENERAL_BRANCH';
  if (formal >= THRESHOLDS.branch) return 'BRANCH';
  if (formal >= 1) return 'JOINT_BRANCH';
  if (other >= 1) return 'TEMPORARY_BRANCH';
  return 'GUIDANCE_OFFICER';
}

export function evaluateOrg(org: Org, o: Observed): OrgOutcome {
  const i = org.idx;
  const reg = o.registration[i];
  const uscc = o.usccSeen[i] && org.uscc ? org.uscc : null;
  const category = uscc ? uscc.slice(0, 2) : null;

  // 1. enterprise or social organization
  const isEnterprise = category === '91' || category === '93' || (reg?.entType != null && reg.entType !== '个体工商户');
  const isSocialOrg =
    category === '51' || category === '52' || category === '53' || (reg?.soType != null && SOCIAL_ORG_TYPES.has(reg.soType));
  // 2. not public
  const isPublic = (reg?.entType != null && /国有|全民所有制/.test(reg.entType)) || (category !== null && category[0] === '1');
  // 3. registered and alive
  const status = reg?.status ?? null;
  const alive = status !== null && ALIVE_STATUS.test(status) && !DEAD_STATUS.test(status);
  // 4. not a zombie
  const taxState = o.taxLatestState[i];
  const zombie = (taxState === '非正常' || taxState === '注销') && !o.ssInsuredInWindow[i];

  const scopeReasons: ScopeReason[] = [];
  if (!isEnterprise && !isSocialOrg) scopeReasons.push('NOT_ENTERPRISE_OR_SOCIAL_ORG');
  if (isPublic) scopeReasons.push('PUBLIC');
  if (!alive) scopeReasons.push('NOT_REGISTERED_ALIVE');
  if (zombie) scopeReasons.push('ZOMBIE');
  const inScope = scopeReasons.length === 0;

  let threeHaves: ThreeHaves | null = null;
  let operatesNormally: boolean | null = null;
  if (inScope && isEnterprise) {
    const hc = headcount(o, i);
    const report = o.reportLatest[i];
    threeHaves = {
      employees: hc.n !== null && hc.n >= THRESHOLDS.employees,
      headcount: hc.n,
      headcountSource: hc.source,
      premises: o.reportAddress[i] === 1 || o.taxAddress[i] === 1,
      activity: taxState === '正常' && (report === undefined || report.state === '开业'),
    };
  } else if (inScope && isSocialOrg) {
    const result = o.inspectionResult[i];
    operatesNormally = result !== undefined && PASSED.has(result);
  }
  const inLedger = inScope && (threeHaves ? threeHaves.employees && threeHaves.premises && threeHaves.activity : operatesNormally === true);

  const coveredByBody = o.coveredByBody[i] === 1;
  const coveredByWork = coveredByBody || o.coveredByTemporary[i] === 1 || o.guided[i] === 1;
  const formalMembers = o.formalMembers[i]!;
  const otherMembers = o.otherMembers[i]!;
  return {
    known: o.known[i] === 1,
    division: reg?.division ?? (uscc ? uscc.slice(2, 8) : null),
    isEnterprise,
    isSocialOrg,
    inScope,
    scopeReasons,
    primaryReason: scopeReasons[0] ?? null,
    threeHaves,
    operatesNormally,
    inLedger,
    coveredByBody,
    coveredByWork,
    formalMembers,
    otherMembers,
    advice: inLedger && !coveredByBody ? advise(formalMembers, otherMembers) : null,
  };
}

export interface TruthCounts {
  organizations: number;
  knownOrganizations: number;
  inScope: number;
  inScopeEnterprises: number;
  inScopeSocialOrgs: number;
  outOfScopeByPrimaryReason: Record<ScopeReason, number>;
  ledger: number;
  ledgerEnterprises: number;
  ledgerSocialOrgs: number;
  coveredByBody: number;
  coveredByBodyEnterprises: number;
  coveredByBodySocialOrgs: number;
  coveredByWork: number;
  coveredByWorkEnterprises: number;
  coveredByWorkSocialOrgs: number;
  /** covered by body ÷ ledger; null when the ledger is empty. */
  organizationalCoverageRate: number | null;
  workCoverageRate: number | null;
  advice: Record<Advice, number>;
}

/** Counts over organizations the hub can know (some surviving row names them). */
export function countOutcomes(outcomes: readonly OrgOutcome[]): TruthCounts {
  const c: TruthCounts = {
    organizations: outcomes.length,
    knownOrganizations: 0,
    inScope: 0,
    inScopeEnterprises: 0,
    inScopeSocialOrgs: 0,
    outOfScopeByPrimaryReason: { NOT_ENTERPRISE_OR_SOCIAL_ORG: 0, PUBLIC: 0, NOT_REGISTERED_ALIVE: 0, ZOMBIE: 0 },
    ledger: 0,
    ledgerEnterprises: 0,
    ledgerSocialOrgs: 0,
    coveredByBody: 0,
    coveredByBodyEnterprises: 0,
    coveredByBodySocialOrgs: 0,
    coveredByWork: 0,
    coveredByWorkEnterprises: 0,
    coveredByWorkSocialOrgs: 0,
    organizationalCoverageRate: null,
    workCoverageRate: null,
    advice: { COMMITTEE: 0, GENERAL_BRANCH: 0, BRANCH: 0, JOINT_BRANCH: 0, TEMPORARY_BRANCH: 0, GUIDANCE_OFFICER: 0 },
  };
  for (const r of outcomes) {
    if (!r.known) continue;
    c.knownOrganizations++;
    if (r.primaryReason) c.outOfScopeByPrimaryReason[r.primaryReason]++;
    if (r.inScope) {
      c.inScope++;
      if (r.isEnterprise) c.inScopeEnterprises++;
      else c.inScopeSocialOrgs++;
    }
    if (!r.inLedger) continue;
    c.ledger++;
    if (r.isEnterprise) c.ledgerEnterprises++;
    else c.ledgerSocialOrgs++;
    if (r.coveredByBody) {
      c.coveredByBody++;
      if (r.isEnterprise) c.coveredByBodyEnterprises++;
      else c.coveredByBodySocialOrgs++;
    }
    if (r.coveredByWork) {
      c.coveredByWork++;
      if (r.isEnterprise) c.coveredByWorkEnterprises++;
      else c.coveredByWorkSocialOrgs++;
    }
    if (r.advice) c.advice[r.advice]++;
  }
  c.organizationalCoverageRate = c.ledger === 0 ? null : c.coveredByBody / c.ledger;
  c.workCoverageRate = c.ledger === 0 ? null : c.coveredByWork / c.ledger;
  return c;
}
