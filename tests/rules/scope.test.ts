import { describe, expect, it } from 'vitest';
import { asOf } from '../../src/rules/as-of.js';
import { evaluateScope } from '../../src/rules/scope.js';
import { enterprise, fact, insured, socialOrg, taxState } from './fixtures.js';

const a = asOf('2026-11-01');

describe('scope condition 1: enterprise or social organization', () => {
  it.each([
    ['USCC 9-1', { uscc: '91150302MA0N12345X', enterpriseType: null }, 'ENTERPRISE'],
    ['USCC 9-3 farmers cooperative', { uscc: '93150302MA0N12345X', enterpriseType: null }, 'ENTERPRISE'],
    ['no USCC, enterprise type', { uscc: null, enterpriseType: fact('enterprise_type', '有限责任公司') }, 'ENTERPRISE'],
    [
      'USCC 9-1 beats an individual-business type',
      { uscc: '91150302MA0N12345X', enterpriseType: fact('enterprise_type', '个体工商户') },
      'ENTERPRISE',
    ],
    ['USCC 5-1 association', { uscc: '51150302MJ0000000A', enterpriseType: null }, 'SOCIAL_ORGANIZATION'],
    ['USCC 5-3 foundation', { uscc: '53150302MJ0000000A', enterpriseType: null }, 'SOCIAL_ORGANIZATION'],
    [
      'no USCC, 社会服务机构',
      { uscc: null, enterpriseType: null, socialOrgType: fact('social_org_type', '社会服务机构') },
      'SOCIAL_ORGANIZATION',
    ],
    ['no USCC, 基金会', { uscc: null, enterpriseType: null, socialOrgType: fact('social_org_type', '基金会') }, 'SOCIAL_ORGANIZATION'],
  ] as const)('%s → %s', (_label, over, kind) => {
    const r = evaluateScope(enterprise(over), a);
    expect(r.kind).toBe(kind);
    expect(r.checks.enterpriseOrSocialOrg.holds).toBe(true);
  });

  it.each([
    ['USCC 9-2 individual business with its type', { uscc: '92150302MA0N12345X', enterpriseType: fact('enterprise_type', '个体工商户') }],
    ['USCC 5-9 other civil-affairs organization', { uscc: '59150302MJ0000000A', enterpriseType: null }],
    ['USCC Y', { uscc: 'Y1150302MJ0000000A', enterpriseType: null }],
    ['nothing known', { uscc: null, enterpriseType: null }],
  ] as const)('%s → not two-new, primary reason', (_label, over) => {
    const r = evaluateScope(enterprise(over), a);
    expect(r.inScope).toBe(false);
    expect(r.primaryReason).toBe('NOT_ENTERPRISE_OR_SOCIAL_ORG');
  });
});

describe('scope condition 2: not public', () => {
  it.each([
    ['有限责任公司（国有独资）', false],
    ['有限责任公司（国有控股）', false],
    ['全民所有制', false],
    ['国有企业', false],
    ['股份有限公司（非上市、自然人投资或控股）', true],
    ['有限责任公司（外商投资）', true],
  ])('enterprise type %s → not public %s', (type, holds) => {
    const r = evaluateScope(enterprise({ enterpriseType: fact('enterprise_type', type) }), a);
    expect(r.checks.notPublic.holds).toBe(holds);
    expect(r.inScope).toBe(holds);
    if (!holds) expect(r.checks.notPublic.evidence[0]!.value).toBe(type);
  });
  it.each(['11150302000000000A', '12150302000000000A'])('USCC %s (government body or public institution) is public', (uscc) => {
    const r = evaluateScope(enterprise({ uscc, enterpriseType: null }), a);
    expect(r.reasons).toEqual(['NOT_ENTERPRISE_OR_SOCIAL_ORG', 'PUBLIC']);
  });
  it('a missing type is not evidence of public ownership', () => {
    expect(evaluateScope(socialOrg(), a).checks.notPublic.holds).toBe(true);
  });
});

describe('scope condition 3: registered and alive', () => {
  it.each([
    ['存续', true],
    ['存续（在营、开业、在册）', true],
    ['在业', true],
    ['开业', true],
    ['在册', true],
    ['吊销', false],
    ['吊销，未注销', false],
    ['注销', false],
    ['迁出', false],
    ['撤销', false],
    ['停业', false],
  ])('%s → %s', (status, holds) => {
    const r = evaluateScope(enterprise({ registrationStatus: fact('registration_status', status) }), a);
    expect(r.checks.registeredAlive.holds).toBe(holds);
    expect(r.primaryReason).toBe(holds ? null : 'NOT_REGISTERED_ALIVE');
  });
  it.each([
    ['正常', true],
    ['撤销', false],
    ['注销', false],
  ])('social organization %s → %s', (status, holds) => {
    expect(evaluateScope(socialOrg({ registrationStatus: fact('registration_status', status) }), a).inScope).toBe(holds);
  });
  it('no registrar status is unknown, and unknown never satisfies', () => {
    const r = evaluateScope(enterprise({ registrationStatus: null }), a);
    expect(r.reasons).toEqual(['NOT_REGISTERED_ALIVE']);
  });
});

describe('scope condition 4: not a zombie', () => {
  it.each([
    ['非正常, no insured row', [taxState('2026-10', '非正常')], [], false],
    ['注销, no insured row', [taxState('2026-10', '注销')], [], false],
    ['非正常 with 3 insured in the window', [taxState('2026-10', '非正常')], [insured('2026-03', 3)], true],
    ['非正常 with only 0 insured in the window', [taxState('2026-10', '非正常')], [insured('2026-10', 0)], false],
    ['非正常, insured 13 months before (outside)', [taxState('2026-10', '非正常')], [insured('2025-10', 5)], false],
    ['非正常, insured 12 months before (inside)', [taxState('2026-10', '非正常')], [insured('2025-11', 5)], true],
    ['latest state 正常 after an earlier 非正常', [taxState('2026-01', '非正常'), taxState('2026-09', '正常')], [], true],
    ['latest state 非正常 after an earlier 正常', [taxState('2026-09', '非正常'), taxState('2026-01', '正常')], [], false],
    ['停业 is not a zombie state', [taxState('2026-10', '停业')], [], true],
    ['no tax record', [], [], true],
    ['a month after the as-of date is ignored', [taxState('2026-10', '正常'), taxState('2026-11', '非正常')], [], true],
  ] as const)('%s → not zombie %s', (_l, taxStates, ins, holds) => {
    const r = evaluateScope(enterprise({ taxStates: [...taxStates], insured: [...ins] }), a);
    expect(r.checks.notZombie.holds).toBe(holds);
    expect(r.reasons.includes('ZOMBIE')).toBe(!holds);
  });
});

describe('every failed condition is listed; the first is primary', () => {
  it('revoked zombie state enterprise', () => {
    const r = evaluateScope(
      enterprise({
        enterpriseType: fact('enterprise_type', '国有企业'),
        registrationStatus: fact('registration_status', '吊销'),
        taxStates: [taxState('2026-10', '非正常')],
        insured: [],
      }),
      a,
    );
    expect(r.reasons).toEqual(['PUBLIC', 'NOT_REGISTERED_ALIVE', 'ZOMBIE']);
    expect(r.primaryReason).toBe('PUBLIC');
  });
});
