/**
 * The one parser for dates, months and years in source cells, and the month
 * arithmetic the rules use. Dates are ISO `YYYY-MM-DD`, months `YYYY-MM`.
 * Pure: the as-of date is always passed in, never read from the clock.
 */
import { absent, invalid, ok, type CellValue, type Parsed } from './result.js';
import { cellText, removeSpaces, toHalfWidth } from './text.js';

export type IsoDate = string; // YYYY-MM-DD
export type IsoMonth = string; // YYYY-MM

/** Years outside this range are typos (or Excel serials read as years), not data. */
const MIN_YEAR = 1800;
const MAX_YEAR = 2199;

/** Excel's 1900 date system: serial 61 is 1900-03-01 (serial 60 is Lotus's fake 1900-02-29). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
const MIN_SERIAL = 61;
const MAX_SERIAL = 2_958_465; // 9999-12-31

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** True for an existing calendar day (rejects 2021-02-30, month 13, day 0). */
export function isRealDate(y: number, m: number, d: number): boolean {
  return Number.isInteger(y) && Number.isInteger(m) && Number.isInteger(d) && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const pad4 = (n: number): string => String(n).padStart(4, '0');

function yearInRange(y: number): boolean {
  return y >= MIN_YEAR && y <= MAX_YEAR;
}

function buildDate(y: number, m: number, d: number, shown: string): Parsed<IsoDate> {
  if (!yearInRange(y)) return invalid(`date "${shown}": year ${y} out of range ${MIN_YEAR}–${MAX_YEAR}`);
  if (!isRealDate(y, m, d)) return invalid(`date "${shown}" is not a real calendar date`);
  return ok(`${pad4(y)}-${pad2(m)}-${pad2(d)}`);
}

/**
 * XLSX readers give Dates at UTC midnight, so the UTC fields are the
 * calendar day the cell showed.
 */
function fromJsDate(v: Date): Parsed<IsoDate> {
  if (Number.isNaN(v.getTime())) return invalid('date: invalid Date object');
  return buildDate(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate(), v.toISOString());
}

function fromExcelSerial(n: number): Parsed<IsoDate> {
  if (n < MIN_SERIAL || n > MAX_SERIAL) return invalid(`date: number ${n} is not an Excel date serial`);
  return fromJsDate(new Date(EXCEL_EPOCH_MS + Math.floor(n) * DAY_MS));
}

const SEP_DATE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})$/;
/** A trailing time of day, as in `2021-01-19 00:00:00` exports; dropped. */
const WITH_TIME = /^(.*\S)(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/;
const COMPACT_DATE = /^(\d{4})(\d{2})(\d{2})$/;
const CJK_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})[日号]$/;

/**
 * Dates: `2021-01-19`, `2021/1/19`, `2021.1.19`, `20210119`, `2021年1月19日`,
 * `2021-01-19 00:00:00` (the time is dropped), Excel serial numbers and Date
 * objects. The day must exist.
 */
export function parseDate(v: CellValue): Parsed<IsoDate> {
  if (v instanceof Date) return fromJsDate(v);
  if (typeof v === 'boolean') return invalid('date: a boolean is not a date');
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return invalid('date: not a finite number');
    // A yyyymmdd cell that Excel stored as a number.
    if (Number.isInteger(v) && v >= 10_000_000 && v <= 99_999_999) return parseDate(String(v));
    return fromExcelSerial(v);
  }
  const text = cellText(v);
  if (text === null) return absent();
  const half = toHalfWidth(text);
  const s = removeSpaces(WITH_TIME.exec(half)?.[1] ?? half);
  const m = SEP_DATE.exec(s) ?? COMPACT_DATE.exec(s) ?? CJK_DATE.exec(s);
  if (!m) return invalid(`not a date: "${text}"`);
  const [y, mo, d] = m.length === 5 ? [m[1], m[3], m[4]] : [m[1], m[2], m[3]];
  return buildDate(Number(y), Number(mo), Number(d), text);
}

const SEP_MONTH = /^(\d{4})[-/.](\d{1,2})$/;
const COMPACT_MONTH = /^(\d{4})(\d{2})$/;
const CJK_MONTH = /^(\d{4})年(\d{1,2})月(?:份)?$/;

/**
 * Months: `202410`, `2024-10`, `2024年10月`, `2024/10`, `2024.10`. A full date
 * (string, Date or Excel serial: a cell formatted as a month) gives its month.
 */
export function parseMonth(v: CellValue): Parsed<IsoMonth> {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 100_000 && v <= 999_999) return parseMonth(String(v));
  if (v instanceof Date || typeof v === 'number' || typeof v === 'boolean') return monthOfParsed(parseDate(v));
  const text = cellText(v);
  if (text === null) return absent();
  const s = removeSpaces(toHalfWidth(text));
  const m = SEP_MONTH.exec(s) ?? COMPACT_MONTH.exec(s) ?? CJK_MONTH.exec(s);
  if (!m) {
    const asDate = parseDate(text);
    return asDate.ok ? monthOfParsed(asDate) : invalid(`not a month: "${text}"`);
  }
  const y = Number(m[1]);
  const mo = Number(m[2]);
  if (!yearInRange(y)) return invalid(`month "${text}": year ${y} out of range ${MIN_YEAR}–${MAX_YEAR}`);
  if (mo < 1 || mo > 12) return invalid(`month "${text}": month ${mo} does not exist`);
  return ok(`${pad4(y)}-${pad2(mo)}`);
}

function monthOfParsed(r: Parsed<IsoDate>): Parsed<IsoMonth> {
  return r.ok ? ok(r.value.slice(0, 7)) : r;
}

/** Years (`2025`, `2025年`, 2025 as a number), e.g. 年报年度 / 年检年度. */
export function parseYear(v: CellValue): Parsed<number> {
  if (v instanceof Date || typeof v === 'boolean') return invalid('year: not a year');
  const text = cellText(v);
  if (text === null) return absent();
  const m = /^(\d{4})(?:年度?)?$/.exec(removeSpaces(toHalfWidth(text)));
  if (!m) return invalid(`not a year: "${text}"`);
  const y = Number(m[1]);
  return yearInRange(y) ? ok(y) : invalid(`year ${y} out of range ${MIN_YEAR}–${MAX_YEAR}`);
}

// ---- month arithmetic -------------------------------------------------------

function monthIndex(month: IsoMonth): number {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) throw new RangeError(`not an ISO month or date: ${month}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

function fromMonthIndex(i: number): IsoMonth {
  return `${pad4(Math.floor(i / 12))}-${pad2((i % 12) + 1)}`;
}

/** The month of an ISO date (or month): `2026-11-05` → `2026-11`. */
export function monthOf(date: IsoDate | IsoMonth): IsoMonth {
  return fromMonthIndex(monthIndex(date));
}

/** `addMonths('2026-01', -1)` → `2025-12`. */
export function addMonths(month: IsoMonth | IsoDate, n: number): IsoMonth {
  return fromMonthIndex(monthIndex(month) + n);
}

/** The month n whole months before the as-of month: (`2026-11-05`, 1) → `2026-10`. */
export function monthsBefore(asOf: IsoDate | IsoMonth, n: number): IsoMonth {
  return addMonths(asOf, -n);
}

export interface MonthWindow {
  readonly from: IsoMonth;
  readonly to: IsoMonth;
}

/**
 * "The 12 months before the as-of date": the 12 whole calendar months before
 * the as-of month; for 2026-11-05 that is 2025-11 .. 2026-10.
 */
export function twelveMonthWindow(asOf: IsoDate): MonthWindow {
  return { from: monthsBefore(asOf, 12), to: monthsBefore(asOf, 1) };
}

/** Inclusive on both ends; ISO months compare as strings. */
export function isMonthInWindow(month: IsoMonth, w: MonthWindow): boolean {
  return month >= w.from && month <= w.to;
}

/** PostgreSQL's text timestamps (`2026-11-22 01:55:38.45+00`) to ISO 8601. */
export function isoTimestamp(value: string | Date): string {
  if (value instanceof Date) return value.toISOString();
  const d = new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}
