import { describe, expect, it } from 'vitest';
import { scrubPersonalData } from '../../src/security/scrub.js';

describe('scrubPersonalData', () => {
  it('masks resident IDs, valid or not, and keeps USCCs', () => {
    const raw = '吕敏涛,150303195006027863,女,正式党员,20151028,,911503021409864309,泰骏贸易,本单位,否';
    const out = scrubPersonalData(raw);
    expect(out).not.toContain('150303195006027863');
    expect(out).toContain('1503**********7863');
    expect(out).toContain('911503021409864309');
    expect(scrubPersonalData('11010519491231001X')).toBe('1101**********001X');
    expect(scrubPersonalData('15030319851111243x')).toBe('1503**********243X');
    expect(scrubPersonalData('121200004013590816')).toBe('121200004013590816');
  });
  it('masks mobile and landline numbers, with or without separators', () => {
    expect(scrubPersonalData('宋涛,乌海市民政局,13900001234,,2018-07-05')).toBe('宋涛,乌海市民政局,139****1234,,2018-07-05');
    expect(scrubPersonalData('139 0000 1234')).toBe('139****1234');
    expect(scrubPersonalData('0473-1234567')).not.toContain('1234567');
  });
  it('leaves dates, counts and months alone', () => {
    const raw = '91150300680371840R,2024-10,202410,20210119,12';
    expect(scrubPersonalData(raw)).toBe(raw);
  });
});
