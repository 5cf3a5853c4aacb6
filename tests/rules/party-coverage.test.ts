import { describe, expect, it } from 'vitest';
import { asOf } from '../../src/rules/as-of.js';
import { evaluateOrganization } from '../../src/rules/evaluate.js';
import { advise, evaluateCoverage, tallyMembers, type MemberGroup } from '../../src/rules/party-coverage.js';
import { enterprise } from './fixtures.js';
import { coverageRate } from '../../src/rules/rates.js';

const a = asOf('2026-11-01');
const body = (kind: string) => ({ bodyCode: `B-${kind}`, name: `${kind} body`, kind });
const officer = { officerId: 1, name: '王指导' };
const group = (kind: string | null, count: number, isMobile = false, relationHeldAt: string | null = '本单位'): MemberGroup => ({
  kind,
  isMobile,
  relationHeldAt,
  count,
});

describe('coverage by a body and by work', () => {
  it.each([
    ['a branch', [body('BRANCH')], [], true, true],
    ['a joint branch', [body('JOINT_BRANCH')], [], true, true],
    ['a committee', [body('COMMITTEE')], [], true, true],
    ['a functional body', [body('FUNCTIONAL')], [], true, true],
    ['only a temporary branch', [body('TEMPORARY_BRANCH')], [], false, true],
    ['only a guidance officer', [], [officer], false, true],
    ['nothing', [], [], false, false],
  ] as const)('%s → body %s, work %s', (_l, bodies, officers, byBody, byWork) => {
    const c = evaluateCoverage([...bodies], [...officers]);
    expect(c.byBody.holds).toBe(byBody);
    expect(c.byWork.holds).toBe(byWork);
  });
});

describe('formation advice (组建方式建议)', () => {
  it.each([
    [[group('FORMAL', 100)], 'COMMITTEE'],
    [[group('FORMAL', 99)], 'GENERAL_BRANCH'],
    [[group('FORMAL', 50)], 'GENERAL_BRANCH'],
    [[group('FORMAL', 49)], 'BRANCH'],
    [[group('FORMAL', 3)], 'BRANCH'],
    [[group('FORMAL', 2), group('PROBATIONARY', 5)], 'JOINT_BRANCH'],
    [[group('FORMAL', 1)], 'JOINT_BRANCH'],
    [[group('PROBATIONARY', 4)], 'TEMPORARY_BRANCH'],
    [[group('FORMAL', 6, true)], 'TEMPORARY_BRANCH'],
    [[group('FORMAL', 2, false), group('FORMAL', 3, true)], 'JOINT_BRANCH'],
    [[], 'GUIDANCE_OFFICER'],
  ] as const)('%j → %s', (groups, advice) => {
    expect(advise(tallyMembers([...groups])).advice).toBe(advice);
  });
  it('the 50 and 100 thresholds are configuration', () => {
    const config = { windowMonths: 12, generalBranchMembers: 30, committeeMembers: 60 };
    expect(advise(tallyMembers([group('FORMAL', 30)]), config).advice).toBe('GENERAL_BRANCH');
    expect(advise(tallyMembers([group('FORMAL', 60)]), config).advice).toBe('COMMITTEE');
  });
  it('is given only to ledger organizations without a body', () => {
    expect(evaluateOrganization(enterprise({ members: [group('FORMAL', 4)] }), a).advice?.advice).toBe('BRANCH');
    expect(evaluateOrganization(enterprise({ members: [group('FORMAL', 4)], bodies: [body('BRANCH')] }), a).advice).toBeNull();
    // a temporary branch is not a formed body: the advice still stands
    expect(evaluateOrganization(enterprise({ bodies: [body('TEMPORARY_BRANCH')] }), a).advice?.advice).toBe('GUIDANCE_OFFICER');
    expect(evaluateOrganization(enterprise({ insured: [], withheld: [] }), a).advice).toBeNull();
  });
});

describe('pocket members (口袋党员)', () => {
  it('count members whose relation is held anywhere but 本单位, whatever their kind', () => {
    const t = tallyMembers([
      group('FORMAL', 2, false, '本单位'),
      group('FORMAL', 3, false, '人才服务中心'),
      group('PROBATIONARY', 1, false, '社区'),
      group('FORMAL', 1, true, '原单位'),
      group('FORMAL', 1, false, null),
    ]);
    expect(t).toEqual({ formal: 6, probationary: 1, mobile: 1, pocket: 5, total: 8 });
  });
  it('still count at the employer for the advice', () => {
    expect(advise(tallyMembers([group('FORMAL', 3, false, '原单位')])).advice).toBe('BRANCH');
  });
});

describe('coverage rates (DOMAIN.md: null over an empty ledger)', () => {
  it.each([
    [0, 0, null],
    [0, 5, 0],
    [5, 5, 1],
    [18, 57, 18 / 57],
  ])('%i covered of %i → %s', (covered, ledger, rate) => {
    expect(coverageRate(covered, ledger)).toBe(rate);
  });
});
