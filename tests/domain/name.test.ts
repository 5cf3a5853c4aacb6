import { describe, it, expect } from 'vitest';
import { displayName, normalizeOrgName, sameOrgName, toSimplifiedChinese } from '../../src/domain/name.js';

describe('normalizeOrgName', () => {
  it.each([
    ['乌达區凤骏摄影家協會', '乌达区凤骏摄影家协会'],
    ['泽中汽车服务中心（有限合伙）', '泽中汽车服务中心(有限合伙)'],
    ['泽中汽车服务中心【有限合伙】', '泽中汽车服务中心(有限合伙)'],
    ['泽中汽车服务中心〔有限合伙〕', '泽中汽车服务中心(有限合伙)'],
    ['泽中汽车服务中心[有限合伙]', '泽中汽车服务中心(有限合伙)'],
    ['华凤（乌海）物业管理有限 公司', '华凤(乌海)物业管理有限公司'],
    ['辉丰貿易有限公司', '辉丰贸易有限公司'],
    ['海宏劳務服務有限公司', '海宏劳务服务有限公司'],
    ['乌海市黨組織服務中心', '乌海市党组织服务中心'],
    ['ａｂｃ科技有限公司', 'ABC科技有限公司'],
    ['“阳光”·乌海 商贸\u3000有限公司', '阳光乌海商贸有限公司'],
    ['乌海市第1中学', '乌海市第1中学'],
  ])('%j → %j', (raw, key) => {
    expect(normalizeOrgName(raw)).toBe(key);
  });

  it('matches Traditional, width and bracket variants of the same name', () => {
    expect(sameOrgName('乌达區凤骏摄影家協會', '乌达区凤骏摄影家协会')).toBe(true);
    expect(sameOrgName('泽中汽车服务中心（有限合伙）', '泽中汽车服务中心(有限合伙)')).toBe(true);
    expect(sameOrgName('华凤（乌海）物业管理有限 公司', '华凤(乌海)物业管理有限公司')).toBe(true);
    expect(sameOrgName('辉丰貿易有限公司', '辉丰商贸有限公司')).toBe(false);
    expect(sameOrgName('', '  ')).toBe(false);
  });

  it('leaves Simplified text unchanged', () => {
    const s = '乌海市海勃湾区著名发展干部后台钟表有限公司';
    expect(toSimplifiedChinese(s)).toBe(s);
    expect(normalizeOrgName(s)).toBe(s);
  });
});

describe('displayName', () => {
  it('trims and collapses whitespace but keeps the source characters', () => {
    expect(displayName('  华凤（乌海）物业管理有限  公司 ')).toBe('华凤（乌海）物业管理有限 公司');
    expect(displayName('乌达區\u3000協會')).toBe('乌达區 協會');
  });
});
