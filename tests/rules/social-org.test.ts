import { describe, expect, it } from 'vitest';
import { asOf } from '../../src/rules/as-of.js';
import { evaluateOrganization } from '../../src/rules/evaluate.js';
import { evaluateOperatesNormally } from '../../src/rules/social-org.js';
import { fact, socialOrg } from './fixtures.js';

const a = asOf('2026-11-01');
const inspection = (year: string, result: string) => fact('inspection_result', result, year, 'civil-affairs');

describe('operates normally (正常运行)', () => {
  it.each([
    ['合格 2025', [inspection('2025', '合格')], true],
    ['基本合格 2024', [inspection('2024', '基本合格')], true],
    ['不合格 2025', [inspection('2025', '不合格')], false],
    ['未参检 2025', [inspection('2025', '未参检')], false],
    ['合格 in 2023: outside the two report years', [inspection('2023', '合格')], false],
    ['合格 in 2026: the as-of year is not a report year yet', [inspection('2026', '合格')], false],
    ['latest decides: 合格 2024 then 不合格 2025', [inspection('2024', '合格'), inspection('2025', '不合格')], false],
    ['latest decides: 不合格 2024 then 合格 2025', [inspection('2025', '合格'), inspection('2024', '不合格')], true],
    ['no inspection', [], false],
  ] as const)('%s → %s', (_l, inspections, holds) => {
    const r = evaluateOperatesNormally([...inspections], a);
    expect(r.holds).toBe(holds);
  });

  it('decides the ledger for an in-scope social organization', () => {
    expect(evaluateOrganization(socialOrg(), a).inLedger).toBe(true);
    const failed = evaluateOrganization(socialOrg({ inspections: [inspection('2025', '不合格')] }), a);
    expect(failed.inLedger).toBe(false);
    expect(failed.operatesNormally?.evidence[0]).toMatchObject({ period: '2025', value: '不合格' });
    expect(failed.threeHaves).toBeNull();
  });
});
