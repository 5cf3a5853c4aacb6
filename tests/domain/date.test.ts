import { describe, it, expect } from 'vitest';
import {
  addMonths,
  isMonthInWindow,
  isRealDate,
  monthOf,
  monthsBefore,
  parseDate,
  parseMonth,
  parseYear,
  twelveMonthWindow,
} from '../../src/domain/date.js';
import type { CellValue } from '../../src/domain/result.js';

describe('parseDate', () => {
  it.each<[CellValue, string]>([
    ['2021-01-19', '2021-01-19'],
    ['2021/1/19', '2021-01-19'],
    ['20210119', '2021-01-19'],
    ['2021年1月19日', '2021-01-19'],
    ['2021 年 1 月 19 日', '2021-01-19'],
    ['2021.1.19', '2021-01-19'],
    ['2021-01-19 00:00:00', '2021-01-19'],
    ['2021-01-19T08:30', '2021-01-19'],
    ['２０２１－０１－１９', '2021-01-19'],
    [' 2024-02-29 ', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    [20210119, '2021-01-19'],
    [44215, '2021-01-19'], // Excel serial
    [44215.75, '2021-01-19'], // serial with a time of day
    [61, '1900-03-01'],
    [new Date(Date.UTC(2021, 0, 19)), '2021-01-19'],
  ])('%j → %s', (raw, iso) => {
    expect(parseDate(raw)).toEqual({ ok: true, value: iso });
  });

  it.each<[CellValue, RegExp]>([
    ['2021-02-30', /not a real calendar date/],
    ['2023-02-29', /not a real calendar date/],
    ['1900-02-29', /not a real calendar date/],
    ['2021-13-01', /not a real calendar date/],
    ['2021-00-10', /not a real calendar date/],
    ['20211301', /not a real calendar date/],
    ['2021年2月30日', /not a real calendar date/],
    ['2021-1/19', /not a date/],
    ['19/01/2021', /not a date/],
    ['2021-01', /not a date/],
    ['yesterday', /not a date/],
    ['2021-01-19 garbage', /not a date/],
    ['0021-01-19', /out of range/],
    [60, /not an Excel date serial/],
    [-5, /not an Excel date serial/],
    [Number.NaN, /finite/],
    [new Date(Number.NaN), /invalid Date/],
    [true, /boolean/],
  ])('%j is invalid', (raw, reason) => {
    const r = parseDate(raw);
    expect(r.ok).toBe(false);
    expect(!r.ok && !r.absent && r.reason).toMatch(reason);
  });

  it.each([null, undefined, '', '  '])('%j is absent', (raw) => {
    expect(parseDate(raw)).toMatchObject({ ok: false, absent: true });
  });
});

describe('parseMonth', () => {
  it.each<[CellValue, string]>([
    ['202410', '2024-10'],
    ['2024-10', '2024-10'],
    ['2024年10月', '2024-10'],
    ['2024年1月', '2024-01'],
    ['2024/10', '2024-10'],
    ['2024.10', '2024-10'],
    ['2024-1', '2024-01'],
    ['２０２４年１０月', '2024-10'],
    [202410, '2024-10'],
    ['2024-10-01', '2024-10'],
    [new Date(Date.UTC(2024, 9, 1)), '2024-10'],
    [45566, '2024-10'], // Excel serial of 2024-10-01
  ])('%j → %s', (raw, month) => {
    expect(parseMonth(raw)).toEqual({ ok: true, value: month });
  });

  it.each<[CellValue, RegExp]>([
    ['202413', /month 13/],
    ['2024-00', /month 0/],
    ['2024年13月', /month 13/],
    ['24-10', /not a month/],
    ['October', /not a month/],
    ['2024', /not a month/],
  ])('%j is invalid', (raw, reason) => {
    const r = parseMonth(raw);
    expect(!r.ok && !r.absent && r.reason).toMatch(reason);
  });

  it('empty is absent', () => {
    expect(parseMonth('')).toMatchObject({ ok: false, absent: true });
  });
});

describe('parseYear', () => {
  it.each<[CellValue, number]>([
    ['2025', 2025],
    ['2025年', 2025],
    ['2025年度', 2025],
    [2025, 2025],
    [' ２０２５ ', 2025],
  ])('%j → %d', (raw, year) => {
    expect(parseYear(raw)).toEqual({ ok: true, value: year });
  });

  it.each<CellValue>(['25', '2025-01', 'abc', 2025.5, 99999])('%j is invalid', (raw) => {
    const r = parseYear(raw);
    expect(r.ok || r.absent).toBe(false);
  });
});

describe('month arithmetic', () => {
  it('the 12-month window is the 12 whole months before the as-of month', () => {
    expect(twelveMonthWindow('2026-11-05')).toEqual({ from: '2025-11', to: '2026-10' });
    expect(twelveMonthWindow('2026-11-01')).toEqual({ from: '2025-11', to: '2026-10' });
    expect(twelveMonthWindow('2026-11-30')).toEqual({ from: '2025-11', to: '2026-10' });
    expect(twelveMonthWindow('2026-01-15')).toEqual({ from: '2025-01', to: '2025-12' });
  });

  it('window membership is inclusive and excludes the as-of month', () => {
    const w = twelveMonthWindow('2026-11-05');
    expect(isMonthInWindow('2025-11', w)).toBe(true);
    expect(isMonthInWindow('2026-10', w)).toBe(true);
    expect(isMonthInWindow('2026-11', w)).toBe(false);
    expect(isMonthInWindow('2025-10', w)).toBe(false);
  });

  it.each([
    ['2026-11-05', 1, '2026-10'],
    ['2026-11-05', 12, '2025-11'],
    ['2026-01-31', 1, '2025-12'],
    ['2026-03', 26, '2024-01'],
    ['2026-03', 0, '2026-03'],
  ] as const)('monthsBefore(%s, %d) → %s', (asOf, n, month) => {
    expect(monthsBefore(asOf, n)).toBe(month);
  });

  it('addMonths and monthOf', () => {
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2025-12', -12)).toBe('2024-12');
    expect(monthOf('2026-11-05')).toBe('2026-11');
    expect(() => monthOf('Nov 2026')).toThrow(RangeError);
  });

  it('isRealDate', () => {
    expect(isRealDate(2024, 2, 29)).toBe(true);
    expect(isRealDate(2100, 2, 29)).toBe(false);
    expect(isRealDate(2021, 4, 31)).toBe(false);
  });
});
