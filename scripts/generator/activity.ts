/**
 * What organizations do over time: monthly insured and IIT-withheld
 * headcounts, tax states, annual reports, annual inspections. Shapes are
 * chosen to sit on the rules' edges: headcounts of 9/10/11, a latest month
 * exactly 12 or 13 months back, tax turning 非正常, reports withheld.
 */
import { type AsOf, dayInMonth, type MonthIndex, monthIndex } from './dates.js';
import type { AnnualReport, Inspection, InspectionResult, MonthlySeries, OperatingState, TaxState } from './model.js';
import type { Random } from './random.js';

/** How many months before the as-of month the latest row describes (1 = the month just before). */
export function latestOffset(rng: Random, alive: boolean): number {
  if (!alive) return rng.int(4, 18);
  return rng.weighted([
    [1, 70],
    [rng.int(2, 11), 14],
    [12, 6],
    [13, 6],
    [rng.int(14, 18), 4],
  ]);
}

export function span(rng: Random): number {
  return rng.weighted([
    [rng.int(1, 2), 72],
    [rng.int(3, 6), 20],
    [rng.int(7, 18), 8],
  ]);
}

/** A headcount that wobbles month to month; near the threshold it wobbles across it. */
export function headcount(rng: Random, staff: number): number {
  if (staff >= 9 && staff <= 11) return Math.max(0, staff + rng.pick([-1, 0, 0, 1]));
  if (staff === 0) return 0;
  return Math.max(0, Math.round(staff * (0.9 + rng.float() * 0.2)));
}

export interface SeriesShape {
  readonly latestOffset: number;
  readonly span: number;
  readonly count: (k: number, n: number) => number;
  readonly state: (k: number, n: number) => string;
}

/** Contiguous months ending `latestOffset` before the as-of month, sometimes with one gap. */
export function series(rng: Random, a: AsOf, firstMonth: MonthIndex, shape: SeriesShape): MonthlySeries {
  const last = a.month - shape.latestOffset;
  const first = Math.max(firstMonth, last - shape.span + 1);
  const gap = last - first >= 3 && rng.chance(0.15) ? rng.int(first + 1, last - 1) : -1;
  const months: MonthIndex[] = [];
  for (let mi = first; mi <= last; mi++) if (mi !== gap) months.push(mi);
  const n = months.length;
  return {
    months,
    counts: months.map((_, k) => shape.count(k, n)),
    states: months.map((_, k) => shape.state(k, n)),
  };
}

export type TaxPlan = 'NORMAL' | 'ABNORMAL' | 'SUSPENDED' | 'DEREGISTERED';

/** Tax state per month: normal until a switch month, then the plan's state to the end. */
export function taxStates(rng: Random, plan: TaxPlan): (k: number, n: number) => TaxState {
  const switchFraction = rng.float();
  return (k, n) => {
    const switchAt = Math.floor(switchFraction * n);
    if (plan === 'NORMAL' || k < switchAt) return '正常';
    if (plan === 'ABNORMAL') return '非正常';
    if (plan === 'SUSPENDED') return '停业';
    return k === n - 1 ? '注销' : '非正常';
  };
}

/** Social-security enrollment: a unit whose last month is 暂停 reports nobody insured. */
export function enrollment(
  rng: Random,
  staff: number,
): { count: (k: number, n: number) => number; state: (k: number, n: number) => string } {
  const pausesAtEnd = rng.chance(0.04);
  return {
    count: (k, n) => (pausesAtEnd && k === n - 1 ? 0 : headcount(rng, staff)),
    state: (k, n) => (pausesAtEnd && k === n - 1 ? '暂停' : '正常'),
  };
}

/** Annual reports for the two report years before the as-of year (filed January–June after). */
export function annualReports(rng: Random, a: AsOf, established: { y: number }, alive: boolean, staff: number): AnnualReport[] {
  const reports: AnnualReport[] = [];
  for (const year of [a.year - 2, a.year - 1]) {
    if (established.y > year) continue;
    if (!alive && !rng.chance(0.35)) continue;
    if (!rng.chance(0.85)) continue;
    const lastFiling = Math.min(monthIndex(year + 1, 6), a.month - 1);
    if (lastFiling < monthIndex(year + 1, 1)) continue;
    const latest = year === a.year - 1;
    const state: OperatingState = latest
      ? rng.weighted([
          ['开业', 90],
          ['歇业', 6],
          ['清算', 4],
        ] as const)
      : rng.weighted([
          ['开业', 96],
          ['歇业', 4],
        ] as const);
    reports.push({
      year,
      employees: rng.chance(0.2) ? null : headcount(rng, staff),
      repIsMember: rng.chance(0.2),
      state,
      filed: dayInMonth(rng, rng.int(monthIndex(year + 1, 1), lastFiling)),
    });
  }
  return reports;
}

const RESULTS: readonly (readonly [InspectionResult, number])[] = [
  ['合格', 70],
  ['基本合格', 15],
  ['不合格', 7],
  ['未参检', 8],
];

/** Newest first: the latest inspection, then (sometimes) older ones for the history file. */
export function inspections(rng: Random, a: AsOf, establishedYear: number): Inspection[] {
  const latest = rng.weighted<number | null>([
    [a.year - 1, 70],
    [a.year - 2, 15],
    [a.year - 3, 10],
    [null, 5],
  ]);
  if (latest === null) return [];
  const out: Inspection[] = [];
  for (let year = latest; year >= a.year - 3 && year >= establishedYear; year--) {
    if (year === latest || rng.chance(0.6)) out.push({ year, result: rng.weighted(RESULTS) });
  }
  return out;
}
