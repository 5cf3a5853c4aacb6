import { describe, expect, it } from 'vitest';
import { classify, isStateOwnedType, registrationStatusOf, socialOrgTypeOf } from '../../src/rules/classification.js';

describe('registration status (登记状态)', () => {
  it.each([
    ['存续（在营、开业、在册）', 'ACTIVE'],
    ['在业 ', 'ACTIVE'],
    ['开业', 'ACTIVE'],
    ['在册', 'ACTIVE'],
    ['正常', 'ACTIVE'],
    ['吊销', 'REVOKED'],
    ['吊销，未注销', 'REVOKED'],
    ['撤销', 'REVOKED'],
    ['注销', 'DEREGISTERED'],
    ['迁出', 'MOVED_OUT'],
    ['停业整顿', 'OTHER'],
  ])('%s → %s', (text, expected) => {
    expect(registrationStatusOf(text)).toBe(expected);
  });
  it('an empty status is unknown, not active', () => {
    expect(registrationStatusOf('')).toBeNull();
    expect(registrationStatusOf(null)).toBeNull();
  });
});

describe('state ownership (DOMAIN.md condition 2)', () => {
  it.each([
    ['有限责任公司（国有独资）', true],
    ['全民所有制', true],
    ['有限责任公司（国有控股）', true],
    ['有限责任公司（自然人投资或控股）', false],
    ['外商独资企业', false],
  ])('%s → %s', (type, expected) => {
    expect(isStateOwnedType(type)).toBe(expected);
  });
});

describe('classify', () => {
  it('takes the registrar type over the USCC category', () => {
    expect(classify({ uscc: '91150300680371840R', enterpriseType: '个体工商户', socialOrgType: null }).kind).toBe('INDIVIDUAL_BUSINESS');
    expect(classify({ uscc: null, enterpriseType: '农民专业合作社', socialOrgType: null }).kind).toBe('FARMERS_COOP');
  });
  it('falls back to the USCC category', () => {
    expect(classify({ uscc: '121200004013590816', enterpriseType: null, socialOrgType: null })).toEqual({
      kind: 'PUBLIC_INSTITUTION',
      socialOrgType: null,
      ownership: 'PUBLIC_INSTITUTION',
    });
    expect(classify({ uscc: '51150304MJ6766KU9L', enterpriseType: null, socialOrgType: null })).toMatchObject({
      kind: 'SOCIAL_ORGANIZATION',
      socialOrgType: 'ASSOCIATION',
    });
  });
  it('knows the four civil-affairs types', () => {
    expect(socialOrgTypeOf('社会团体')).toBe('ASSOCIATION');
    expect(socialOrgTypeOf('民办非企业单位')).toBe('SOCIAL_SERVICE');
    expect(socialOrgTypeOf('社会服务机构')).toBe('SOCIAL_SERVICE');
    expect(socialOrgTypeOf('基金会')).toBe('FOUNDATION');
  });
  it('marks state-owned and foreign enterprises', () => {
    expect(classify({ uscc: null, enterpriseType: '有限责任公司（国有独资）', socialOrgType: null }).ownership).toBe('STATE');
    expect(classify({ uscc: null, enterpriseType: '外商独资企业', socialOrgType: null }).ownership).toBe('FOREIGN');
    expect(classify({ uscc: null, enterpriseType: '合伙企业', socialOrgType: null }).ownership).toBe('PRIVATE');
  });
  it('says nothing when nothing is known', () => {
    expect(classify({ uscc: null, enterpriseType: null, socialOrgType: null })).toEqual({
      kind: null,
      socialOrgType: null,
      ownership: null,
    });
  });
});
