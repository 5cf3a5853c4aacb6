import { describe, expect, it } from 'vitest';
import { asOf } from '../../src/rules/as-of.js';
import { evaluateOrganization } from '../../src/rules/evaluate.js';
import { evaluateThreeHaves, type ThreeHavesInput } from '../../src/rules/three-haves.js';
import { enterprise, fact, insured, taxState, withheld } from './fixtures.js';

const a = asOf('2026-11-15');
const report = (year: string, employees: number | null, state: string | null) => ({
  year,
  employees: employees === null ? null : fact('ar_employees', String(employees), year, 'business-registration'),
  operatingState: state === null ? null : fact('ar_operating_state', state, year, 'business-registration'),
});
const input = (over: Partial<ThreeHavesInput>): ThreeHavesInput => ({
  insured: [],
  withheld: [],
  annualReports: [],
  businessAddresses: [fact('business_address', '人民路1号', '2026-10', 'tax')],
  latestTaxState: taxState('2026-10', '正常'),
  ...over,
});

describe('10+ employees (headcount)', () => {
  it.each([
    [9, false],
    [10, true],
    [11, true],
  ])('%i insured → %s', (n, holds) => {
    const r = evaluateThreeHaves(input({ insured: [insured('2026-10', n)] }), a);
    expect(r.employees.holds).toBe(holds);
    expect(r.headcount).toMatchObject({ count: n, source: 'SOCIAL_SECURITY', period: '2026-10' });
  });

  it('the larger of the latest insured and latest withheld counts decides, each in its own latest month', () => {
    const r = evaluateThreeHaves(
      input({ insured: [insured('2026-10', 8), insured('2026-05', 30)], withheld: [withheld('2026-09', 12)] }),
      a,
    );
    expect(r.headcount).toMatchObject({ count: 12, source: 'TAX', period: '2026-09' });
  });
  it('a tie names social security', () => {
    const r = evaluateThreeHaves(input({ insured: [insured('2026-10', 12)], withheld: [withheld('2026-10', 12)] }), a);
    expect(r.headcount.source).toBe('SOCIAL_SECURITY');
  });
  it.each([
    ['12 months before the as-of month counts', '2025-11', true],
    ['13 months before does not', '2025-10', false],
    ['the as-of month itself does not', '2026-11', false],
  ])('%s', (_l, month, counted) => {
    const r = evaluateThreeHaves(input({ insured: [insured(month, 15)], annualReports: [report('2025', 3, '开业')] }), a);
    expect(r.headcount.source).toBe(counted ? 'SOCIAL_SECURITY' : 'ANNUAL_REPORT');
    expect(r.headcount.count).toBe(counted ? 15 : 3);
  });
  it('annual report only: its latest report counts', () => {
    const r = evaluateThreeHaves(input({ annualReports: [report('2024', 50, '开业'), report('2025', 11, '开业')] }), a);
    expect(r.headcount).toMatchObject({ count: 11, source: 'ANNUAL_REPORT', period: '2025' });
    expect(r.employees.holds).toBe(true);
  });
  it('an empty headcount in the latest report gives none (no fallback to an older report)', () => {
    const r = evaluateThreeHaves(input({ annualReports: [report('2024', 50, '开业'), report('2025', null, '开业')] }), a);
    expect(r.headcount.count).toBeNull();
    expect(r.employees.holds).toBe(false);
  });
  it('no source at all: unknown, not satisfied', () => {
    expect(evaluateThreeHaves(input({}), a).employees.holds).toBe(false);
  });
});

describe('premises', () => {
  it.each([
    ['tax register address', [fact('business_address', '人民路1号', '2026-10', 'tax')], true],
    ['annual report address', [fact('business_address', '人民路1号', '2025', 'business-registration')], true],
    ['none', [], false],
  ] as const)('%s → %s', (_l, addresses, holds) => {
    expect(evaluateThreeHaves(input({ businessAddresses: [...addresses] }), a).premises.holds).toBe(holds);
  });
});

describe('real activity', () => {
  it.each([
    ['正常, no annual report', '正常', [], true],
    ['正常, latest report 开业', '正常', [report('2024', 5, '歇业'), report('2025', 5, '开业')], true],
    ['正常, latest report 歇业', '正常', [report('2024', 5, '开业'), report('2025', 5, '歇业')], false],
    ['正常, latest report 清算', '正常', [report('2025', 5, '清算')], false],
    ['正常, latest report without a state', '正常', [report('2025', 5, null)], false],
    ['停业', '停业', [], false],
    ['非正常', '非正常', [report('2025', 5, '开业')], false],
  ] as const)('%s → %s', (_l, state, reports, holds) => {
    expect(evaluateThreeHaves(input({ latestTaxState: taxState('2026-10', state), annualReports: [...reports] }), a).activity.holds).toBe(
      holds,
    );
  });
  it('no tax state: unknown, not satisfied', () => {
    expect(evaluateThreeHaves(input({ latestTaxState: null }), a).activity.holds).toBe(false);
  });
});

describe('the ledger for enterprises', () => {
  it('all three haves → in the ledger', () => {
    expect(evaluateOrganization(enterprise(), a).inLedger).toBe(true);
  });
  it('missing one have → out, naming it', () => {
    const f = evaluateOrganization(enterprise({ insured: [insured('2026-10', 9)] }), a);
    expect(f.inLedger).toBe(false);
    expect(f.ledger.why).toContain('employees');
  });
  it('out of scope → no three haves at all', () => {
    const f = evaluateOrganization(enterprise({ registrationStatus: fact('registration_status', '注销') }), a);
    expect(f.threeHaves).toBeNull();
    expect(f.inLedger).toBe(false);
  });
});
