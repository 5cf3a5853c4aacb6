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

describe('coreOrgName and nameSimilarity', () => {
  it('drops parenthesized parts and legal forms', async () => {
    const { coreOrgName } = await import('../../src/domain/name.js');
    expect(coreOrgName('华凤(乌海)物业管理有限公司')).toBe('华凤物业管理');
    expect(coreOrgName('亿良旅游开发中心(有限合伙)')).toBe('亿良旅游开发中心');
    expect(coreOrgName('利联运输有限责任公司')).toBe('利联运输');
    expect(coreOrgName('有限公司')).toBe('有限公司');
    expect(coreOrgName('海勃湾区华峰生物科技有限公司')).toBe('华峰生物科技');
  });
  it('scores legal-form variants as the same and one-character differences low', async () => {
    const { nameSimilarity, normalizeOrgName } = await import('../../src/domain/name.js');
    const sim = (a: string, b: string) => nameSimilarity(normalizeOrgName(a), normalizeOrgName(b));
    expect(sim('利联运输有限公司', '利联运输有限责任公司')).toBe(1);
    expect(sim('华凤（乌海）物业管理有限公司', '华凤物业管理有限公司')).toBe(1);
    expect(sim('利联运输有限公司', '利达运输有限公司')).toBeLessThan(0.5);
    expect(sim('利联运输有限公司', '宏达建材有限公司')).toBe(0);
    expect(sim('乌海市金佳物流有限公司', '金佳物流有限公司')).toBe(1);
    // Same industry, another brand (字号): not worth a person's look.
    expect(sim('海勃湾区华峰生物科技有限公司', '海勃湾区瀚雨生物科技有限公司')).toBeLessThan(0.8);
    expect(sim('融禧门窗制造有限公司', '安中门窗制造有限公司')).toBeLessThan(0.8);
  });
});
