/**
 * DOMAIN.md "Three haves" (三有) of an in-scope enterprise: 10+ employees, premises, real
 * business activity — each with the fact that decided it. Pure.
 */
import { beforeAsOf, inWindow, type AsOf } from './as-of.js';
import { EMPLOYEE_THRESHOLD } from './config.js';
import { check, cleanText, countOf, latest, type Check, type Fact } from './facts.js';

export type HeadcountSource = 'SOCIAL_SECURITY' | 'TAX' | 'ANNUAL_REPORT';

export interface AnnualReport {
  year: string;
  /** 从业人数 of that report; null when the cell was empty. */
  employees: Fact | null;
  /** 经营状态 of that report. */
  operatingState: Fact | null;
}

export interface ThreeHavesInput {
  insured: readonly Fact[];
  /** 个税扣缴人数 by month. */
  withheld: readonly Fact[];
  /** Every annual report filed (one per report year). */
  annualReports: readonly AnnualReport[];
  /** 生产经营地址 from the annual reports and the tax register. */
  businessAddresses: readonly Fact[];
  /** The latest tax state before the as-of month (from the scope rule). */
  latestTaxState: Fact | null;
}

export interface Headcount {
  count: number | null;
  source: HeadcountSource | null;
  /** The month (or report year) the count describes. */
  period: string | null;
  evidence: Fact[];
}

export interface ThreeHaves {
  all: boolean;
  headcount: Headcount;
  employees: Check;
  premises: Check;
  activity: Check;
}

/** The latest annual report before the as-of year. */
export function latestReport(reports: readonly AnnualReport[], a: AsOf): AnnualReport | null {
  let best: AnnualReport | null = null;
  for (const r of reports) if (beforeAsOf(a, r.year) && (best === null || r.year > best.year)) best = r;
  return best;
}

/**
 * The larger of the insured count in its latest month and the withheld count in its latest
 * month, months inside the window only; social security names the source on a tie. Without
 * either, the latest annual report's count — an empty one gives none.
 */
export function headcountOf(input: ThreeHavesInput, a: AsOf): Headcount {
  const valid = (f: Fact) => inWindow(a, f.period) && countOf(f) !== null;
  const ss = latest(input.insured.filter(valid));
  const tax = latest(input.withheld.filter(valid));
  if (ss || tax) {
    const ssCount = countOf(ss);
    const taxCount = countOf(tax);
    const useSs = taxCount === null || (ssCount !== null && ssCount >= taxCount);
    const pick = useSs ? ss! : tax!;
    return {
      count: countOf(pick),
      source: useSs ? 'SOCIAL_SECURITY' : 'TAX',
      period: pick.period,
      evidence: [ss, tax].filter((f): f is Fact => !!f),
    };
  }
  const report = latestReport(input.annualReports, a);
  const n = countOf(report?.employees ?? null);
  if (!report || n === null)
    return { count: null, source: null, period: report?.year ?? null, evidence: report?.employees ? [report.employees] : [] };
  return { count: n, source: 'ANNUAL_REPORT', period: report.year, evidence: [report.employees!] };
}

function employeesCheck(h: Headcount, a: AsOf): Check {
  if (h.count === null)
    return check(
      false,
      h.period
        ? `the latest annual report (${h.period}) gives no headcount`
        : `no headcount in ${a.window.from}..${a.window.to} nor in an annual report`,
      h.evidence,
    );
  const sourceWords = { SOCIAL_SECURITY: 'insured', TAX: 'income-tax withheld', ANNUAL_REPORT: 'annual report employees' }[h.source!];
  return check(
    h.count >= EMPLOYEE_THRESHOLD,
    `headcount ${h.count} (${sourceWords}, ${h.period}) ${h.count >= EMPLOYEE_THRESHOLD ? '≥' : '<'} ${EMPLOYEE_THRESHOLD}`,
    h.evidence,
  );
}

function premisesCheck(addresses: readonly Fact[], a: AsOf): Check {
  const address = latest(
    addresses.filter((f) => f.value.trim() !== ''),
    (p) => beforeAsOf(a, p),
  );
  return address
    ? check(true, `business address ${address.value}`, [address])
    : check(false, 'no business address in an annual report or the tax register', []);
}

function activityCheck(input: ThreeHavesInput, a: AsOf): Check {
  const tax = input.latestTaxState;
  if (!tax) return check(false, 'no tax state: activity unknown', []);
  if (cleanText(tax.value) !== '正常') return check(false, `latest tax state ${tax.value} (${tax.period}) is not 正常`, [tax]);
  const report = latestReport(input.annualReports, a);
  if (!report) return check(true, `tax state 正常 (${tax.period}), no annual report`, [tax]);
  const state = report.operatingState;
  if (state && cleanText(state.value) === '开业')
    return check(true, `tax state 正常 (${tax.period}), annual report ${report.year} says 开业`, [tax, state]);
  return check(
    false,
    state ? `annual report ${report.year} says ${state.value}, not 开业` : `annual report ${report.year} gives no operating state`,
    [tax, state],
  );
}

export function evaluateThreeHaves(input: ThreeHavesInput, a: AsOf): ThreeHaves {
  const headcount = headcountOf(input, a);
  const employees = employeesCheck(headcount, a);
  const premises = premisesCheck(input.businessAddresses, a);
  const activity = activityCheck(input, a);
  return { all: employees.holds && premises.holds && activity.holds, headcount, employees, premises, activity };
}
