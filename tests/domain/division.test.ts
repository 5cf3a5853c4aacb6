import { describe, it, expect } from 'vitest';
import { isInSubtree, parentOf, parseDivision, type Division } from '../../src/domain/division.js';

function division(raw: string | number): Division {
  const r = parseDivision(raw);
  if (!r.ok) throw new Error(`expected a division for ${raw}: ${r.reason}`);
  return r.value;
}

describe('parseDivision', () => {
  it.each<[string | number, Omit<Division, 'county6'>]>([
    ['150000', { code12: '150000000000', code: '150000', level: 'PROVINCE', prefix: '15' }],
    ['150300', { code12: '150300000000', code: '150300', level: 'PREFECTURE', prefix: '1503' }],
    ['150302', { code12: '150302000000', code: '150302', level: 'COUNTY', prefix: '150302' }],
    [150302, { code12: '150302000000', code: '150302', level: 'COUNTY', prefix: '150302' }],
    ['150302004', { code12: '150302004000', code: '150302004000', level: 'TOWNSHIP', prefix: '150302004' }],
    ['150302004000', { code12: '150302004000', code: '150302004000', level: 'TOWNSHIP', prefix: '150302004' }],
    ['150302004006', { code12: '150302004006', code: '150302004006', level: 'COMMUNITY', prefix: '150302004006' }],
    ['150302000000', { code12: '150302000000', code: '150302', level: 'COUNTY', prefix: '150302' }],
    // 东莞 has no counties: its towns hang directly under the prefecture.
    ['441900003000', { code12: '441900003000', code: '441900003000', level: 'TOWNSHIP', prefix: '441900003' }],
    [' １５０３ ０２ ', { code12: '150302000000', code: '150302', level: 'COUNTY', prefix: '150302' }],
  ])('%j', (raw, expected) => {
    const d = division(raw);
    expect(d).toEqual({ ...expected, county6: expected.code12.slice(0, 6) });
  });

  it.each([
    ['15030', /6, 9 or 12 digits, got 5/],
    ['1503020040', /6, 9 or 12 digits, got 10/],
    ['15030A', /only hold digits/],
    ['000000', /no valid province/],
    ['950300', /no valid province/],
    ['乌达区', /only hold digits/],
  ])('%j is invalid', (raw, reason) => {
    const r = parseDivision(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && !r.absent && r.reason).toMatch(reason);
  });

  it('empty is absent', () => {
    expect(parseDivision('')).toMatchObject({ ok: false, absent: true });
  });
});

describe('isInSubtree', () => {
  it.each([
    ['150302', '150300', true],
    ['150302004006', '150300', true],
    ['150302004006', '150302004', true],
    ['150302004006', '150302004000', true],
    ['150302004006', '15', false], // '15' is not a division code
    ['150302004006', '150000', true],
    ['150302', '150302', true],
    ['150303', '150302', false],
    ['150400', '150300', false],
    ['150300', '150302', false],
    ['441900003000', '441900', true],
    ['bad', '150000', false],
  ])('%s in %s → %s', (code, ancestor, inside) => {
    expect(isInSubtree(code, ancestor)).toBe(inside);
  });

  it('accepts parsed divisions', () => {
    expect(isInSubtree(division('150302004006'), division('1503'.padEnd(6, '0')))).toBe(true);
  });
});

describe('parentOf', () => {
  it.each([
    ['150302004006', '150302004000'],
    ['150302004000', '150302'],
    ['150302', '150300'],
    ['150300', '150000'],
    ['441900003000', '441900'],
  ])('%s → %s', (code, parent) => {
    expect(parentOf(code)?.code).toBe(parent);
  });

  it('a province or a non-code has no parent', () => {
    expect(parentOf('150000')).toBeNull();
    expect(parentOf('abc')).toBeNull();
  });
});
