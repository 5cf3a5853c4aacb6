/**
 * Calendar helpers in UTC days and month indexes (year * 12 + month - 1), so
 * no timezone or DST can shift a generated date.
 */
import type { Random } from './random.js';

export interface Ymd {
  readonly y: number;
  readonly m: number;
  readonly d: number;
}

export type MonthIndex = number;

export const monthIndex = (y: number, m: number): MonthIndex => y * 12 + (m - 1);
export const monthYear = (mi: MonthIndex): number => Math.floor(mi / 12);
export const monthOfYear = (mi: MonthIndex): number => (mi % 12) + 1;

export function parseIsoDate(s: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new Error(`expected YYYY-MM-DD, got "${s}"`);
  const ymd = { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  const back = fromDays(toDays(ymd));
  if (back.y !== ymd.y || back.m !== ymd.m || back.d !== ymd.d) throw new Error(`not a calendar date: ${s}`);
  return ymd;
}

export function toDays(d: Ymd): number {
  return Math.floor(Date.UTC(d.y, d.m - 1, d.d) / 86_400_000);
}

export function fromDays(days: number): Ymd {
  const t = new Date(days * 86_400_000);
  return { y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() };
}

export function isoDate(d: Ymd): string {
  return `${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
}

export function isoMonth(mi: MonthIndex): string {
  return `${monthYear(mi)}-${String(monthOfYear(mi)).padStart(2, '0')}`;
}

/** Uniform day in [from, to]. */
export function randomDate(rng: Random, from: Ymd, to: Ymd): Ymd {
  return fromDays(rng.int(toDays(from), toDays(to)));
}

/** A day inside the given month. */
export function dayInMonth(rng: Random, mi: MonthIndex): Ymd {
  const y = monthYear(mi);
  const m = monthOfYear(mi);
  const last = fromDays(toDays({ y: m === 12 ? y + 1 : y, m: m === 12 ? 1 : m + 1, d: 1 }) - 1).d;
  return { y, m, d: rng.int(1, last) };
}

/**
 * The as-of date and what DOMAIN.md derives from it: the 12 whole calendar
 * months before the as-of month, and the two report years before its year.
 */
export interface AsOf {
  readonly date: Ymd;
  readonly month: MonthIndex;
  readonly windowFrom: MonthIndex;
  readonly windowTo: MonthIndex;
  readonly year: number;
}

export function asOf(iso: string): AsOf {
  const date = parseIsoDate(iso);
  const month = monthIndex(date.y, date.m);
  return { date, month, windowFrom: month - 12, windowTo: month - 1, year: date.y };
}

export function inWindow(a: AsOf, mi: MonthIndex): boolean {
  return mi >= a.windowFrom && mi <= a.windowTo;
}
