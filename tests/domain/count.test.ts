import { describe, it, expect } from 'vitest';
import { parseCount, parseDecimal } from '../../src/domain/count.js';
import type { CellValue } from '../../src/domain/result.js';

describe('parseCount', () => {
  it.each<[CellValue, number]>([
    ['12', 12],
    ['１２', 12],
    [' 12 ', 12],
    ['12.0', 12],
    ['0', 0],
    ['1,200', 1200],
    ['1 200', 1200],
    [12, 12],
    [0, 0],
  ])('%j → %d', (raw, n) => {
    expect(parseCount(raw)).toEqual({ ok: true, value: n });
  });

  it.each<[CellValue, RegExp]>([
    ['-3', /negative/],
    ['-0', /negative/],
    [-3, /negative/],
    ['1.5', /not a whole number/],
    [1.5, /not a whole number/],
    ['abc', /not a number/],
    ['12人', /not a number/],
    ['1,20', /not a number/],
    ['1e3', /not a number/],
    [1e21, /too large/],
    [Number.MAX_SAFE_INTEGER + 1, /too large/],
    [Number.POSITIVE_INFINITY, /finite/],
    [true, /not a number/],
  ])('%j is invalid', (raw, reason) => {
    const r = parseCount(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && !r.absent && r.reason).toMatch(reason);
  });

  it.each([null, undefined, '', ' \u3000 '])('%j is absent, never zero', (raw) => {
    expect(parseCount(raw)).toEqual({ ok: false, absent: true, reason: 'not stated' });
  });
});

describe('parseDecimal', () => {
  it.each<[CellValue, number]>([
    ['50', 50],
    ['1,000.50', 1000.5],
    ['１２３．４', 123.4],
    ['1２3.4', 123.4],
    ['0.0001', 0.0001],
    [88.8, 88.8],
  ])('%j → %d', (raw, n) => {
    expect(parseDecimal(raw)).toEqual({ ok: true, value: n });
  });

  it.each<CellValue>(['-1', -1, '1.2.3', '1,00.5', '五十', '.5', ''])('%j is not read as a value', (raw) => {
    expect(parseDecimal(raw).ok).toBe(false);
  });

  it('negative values only when allowed', () => {
    expect(parseDecimal('-1,000.5', { allowNegative: true })).toEqual({ ok: true, value: -1000.5 });
    expect(parseDecimal(-2, { allowNegative: true })).toEqual({ ok: true, value: -2 });
  });
});
