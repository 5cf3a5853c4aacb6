/**
 * The as-of date and the periods DOMAIN.md derives from it. "The 12 months before the as-of
 * date" are whole calendar months before the as-of month; report and inspection years are
 * the years before the as-of year. Pure.
 */
import { monthOf, monthsBefore, type IsoDate, type IsoMonth, type MonthWindow } from '../domain/date.js';
import { parseDate } from '../domain/date.js';
import { DEFAULT_RULES, INSPECTION_YEARS, type RulesConfig } from './config.js';

export interface AsOf {
  date: IsoDate;
  month: IsoMonth;
  year: number;
  /** Months that headcount and insured employees may come from. */
  window: MonthWindow;
  /** Report years whose annual inspection can decide "operates normally". */
  inspectionYears: { from: number; to: number };
}

export function asOf(date: IsoDate, config: RulesConfig = DEFAULT_RULES): AsOf {
  const parsed = parseDate(date);
  if (!parsed.ok) throw new RangeError(`as-of date must be YYYY-MM-DD: ${date}`);
  const d = parsed.value;
  const year = Number(d.slice(0, 4));
  return {
    date: d,
    month: monthOf(d),
    year,
    window: { from: monthsBefore(d, config.windowMonths), to: monthsBefore(d, 1) },
    inspectionYears: { from: year - INSPECTION_YEARS, to: year - 1 },
  };
}

/** Today in the hub's local calendar (the officials' day), as YYYY-MM-DD. */
export function today(now: Date = new Date()): IsoDate {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}

/** A monthly period lies in the window; yearly or undated periods never do. */
export const inWindow = (a: AsOf, period: string): boolean => period.length === 7 && period >= a.window.from && period <= a.window.to;

/** Any period that ends before the as-of month: later facts did not exist yet on that day. */
export function beforeAsOf(a: AsOf, period: string): boolean {
  if (period.length === 4) return Number(period) < a.year;
  if (period.length === 7) return period < a.month;
  if (period.length === 10) return period <= a.date;
  return true;
}
