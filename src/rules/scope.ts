/**
 * DOMAIN.md "Scope": is an organization a "two new" organization (两新组织) on the as-of
 * date? Four conditions in order; every failed one is listed, the first is the primary
 * reason. Pure.
 */
import { usccOrgCategory } from '../domain/uscc.js';
import { beforeAsOf, inWindow, type AsOf } from './as-of.js';
import { registrationStatusOf, socialOrgTypeOf } from './classification.js';
import { check, cleanText, countOf, describe, latest, type Check, type Fact } from './facts.js';

export type ScopeReason = 'NOT_ENTERPRISE_OR_SOCIAL_ORG' | 'PUBLIC' | 'NOT_REGISTERED_ALIVE' | 'ZOMBIE';
/** Which of the two "new" kinds: 非公有制企业 or 社会组织. */
export type ScopeKind = 'ENTERPRISE' | 'SOCIAL_ORGANIZATION';

export interface ScopeInput {
  uscc: string | null;
  /** The chosen 企业类型 (market regulation). */
  enterpriseType: Fact | null;
  /** The chosen 社会组织类型 (civil affairs). */
  socialOrgType: Fact | null;
  /** The chosen 登记状态 of the registrar. */
  registrationStatus: Fact | null;
  /** 纳税人状态 by month. */
  taxStates: readonly Fact[];
  /** 参保人数 by month. */
  insured: readonly Fact[];
}

export interface ScopeResult {
  inScope: boolean;
  /** Set when condition 1 holds, whether or not the others do. */
  kind: ScopeKind | null;
  reasons: ScopeReason[];
  primaryReason: ScopeReason | null;
  checks: { enterpriseOrSocialOrg: Check; notPublic: Check; registeredAlive: Check; notZombie: Check };
  /** The latest tax state before the as-of month (the activity "have" reads it too). */
  latestTaxState: Fact | null;
}

const usccFact = (uscc: string): Fact => ({ property: 'uscc', value: uscc, source: 'projection', period: '' });

function kindOf(input: ScopeInput): { kind: ScopeKind | null; check: Check } {
  const category = input.uscc ? usccOrgCategory(input.uscc) : null;
  const uscc = input.uscc ? usccFact(input.uscc) : null;
  if (category === 'ENTERPRISE' || category === 'FARMERS_COOP')
    return { kind: 'ENTERPRISE', check: check(true, `USCC category ${input.uscc!.slice(0, 2)} is an enterprise`, [uscc]) };
  const type = input.enterpriseType;
  if (type && !cleanText(type.value).includes('个体'))
    return { kind: 'ENTERPRISE', check: check(true, `enterprise type ${type.value} is not an individual business`, [type]) };
  if (category === 'SOCIAL_ASSOCIATION' || category === 'SOCIAL_SERVICE' || category === 'FOUNDATION')
    return { kind: 'SOCIAL_ORGANIZATION', check: check(true, `USCC category ${input.uscc!.slice(0, 2)} is a social organization`, [uscc]) };
  const social = input.socialOrgType ? socialOrgTypeOf(input.socialOrgType.value) : null;
  if (social && social !== 'OTHER')
    return {
      kind: 'SOCIAL_ORGANIZATION',
      check: check(true, `social organization type ${input.socialOrgType!.value}`, [input.socialOrgType]),
    };
  const said = [uscc, type, input.socialOrgType].filter((f): f is Fact => !!f);
  const why =
    said.length === 0
      ? 'no USCC and no registrar type: kind unknown'
      : `neither an enterprise nor a social organization (${said.map(describe).join('; ')})`;
  return { kind: null, check: check(false, why, said) };
}

function publicCheck(input: ScopeInput): Check {
  if (input.uscc?.startsWith('1'))
    return check(false, `USCC category ${input.uscc.slice(0, 2)}: government body or public institution`, [usccFact(input.uscc)]);
  const type = input.enterpriseType;
  // "Not public" fails only on positive evidence: a missing type says nothing.
  if (type && /国有|全民所有制/.test(cleanText(type.value))) return check(false, `state-owned enterprise type ${type.value}`, [type]);
  return check(true, type ? `enterprise type ${type.value} is not state-owned` : 'no evidence of public ownership', [type]);
}

function registeredCheck(status: Fact | null): Check {
  if (!status) return check(false, 'no registration status from a registrar', []);
  const s = registrationStatusOf(status.value);
  if (s === 'ACTIVE') return check(true, `registration status ${status.value}`, [status]);
  return check(false, `registration status ${status.value} is not 存续/在业/开业/在册/正常`, [status]);
}

const BAD_TAX_STATE = /非正常|注销/;

function zombieCheck(input: ScopeInput, a: AsOf): { check: Check; latestTaxState: Fact | null } {
  const taxState = latest(input.taxStates, (p) => beforeAsOf(a, p));
  if (!taxState || !BAD_TAX_STATE.test(cleanText(taxState.value)))
    return {
      check: check(true, taxState ? `latest tax state ${taxState.value}` : 'no tax state: not a zombie by evidence', [taxState]),
      latestTaxState: taxState,
    };
  const insured = latest(input.insured.filter((f) => inWindow(a, f.period) && (countOf(f) ?? 0) >= 1));
  if (insured)
    return {
      check: check(true, `tax state ${taxState.value} but ${insured.value} insured in ${insured.period}`, [taxState, insured]),
      latestTaxState: taxState,
    };
  return {
    check: check(
      false,
      `latest tax state ${taxState.value} (${taxState.period}) and no insured employee ${a.window.from}..${a.window.to}`,
      [taxState],
    ),
    latestTaxState: taxState,
  };
}

export function evaluateScope(input: ScopeInput, a: AsOf): ScopeResult {
  const { kind, check: enterpriseOrSocialOrg } = kindOf(input);
  const notPublic = publicCheck(input);
  const registeredAlive = registeredCheck(input.registrationStatus);
  const zombie = zombieCheck(input, a);
  const reasons: ScopeReason[] = [];
  if (!enterpriseOrSocialOrg.holds) reasons.push('NOT_ENTERPRISE_OR_SOCIAL_ORG');
  if (!notPublic.holds) reasons.push('PUBLIC');
  if (!registeredAlive.holds) reasons.push('NOT_REGISTERED_ALIVE');
  if (!zombie.check.holds) reasons.push('ZOMBIE');
  return {
    inScope: reasons.length === 0,
    kind,
    reasons,
    primaryReason: reasons[0] ?? null,
    checks: { enterpriseOrSocialOrg, notPublic, registeredAlive, notZombie: zombie.check },
    latestTaxState: zombie.latestTaxState,
  };
}
