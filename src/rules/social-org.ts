/**
 * DOMAIN.md: an in-scope social organization operates normally (正常运行) when its latest
 * annual inspection (年检结论) of the two report years before the as-of year is 合格 or
 * 基本合格. Pure.
 */
import type { AsOf } from './as-of.js';
import { check, cleanText, latest, type Check, type Fact } from './facts.js';

export type InspectionResult = 'PASSED' | 'BASICALLY_PASSED' | 'FAILED' | 'NOT_INSPECTED';

export function inspectionResultOf(text: string): InspectionResult | null {
  const t = cleanText(text);
  if (t === '合格') return 'PASSED';
  if (t === '基本合格') return 'BASICALLY_PASSED';
  if (t === '不合格') return 'FAILED';
  if (t === '未参检' || t === '未参加年检') return 'NOT_INSPECTED';
  return null;
}

/** `inspections`: 年检结论 facts, period = inspection (report) year. */
export function evaluateOperatesNormally(inspections: readonly Fact[], a: AsOf): Check {
  const { from, to } = a.inspectionYears;
  const inspection = latest(inspections, (p) => /^\d{4}$/.test(p) && Number(p) >= from && Number(p) <= to);
  if (!inspection) return check(false, `no annual inspection for ${from}–${to}`, []);
  const result = inspectionResultOf(inspection.value);
  const passed = result === 'PASSED' || result === 'BASICALLY_PASSED';
  return check(passed, `annual inspection ${inspection.period}: ${inspection.value}`, [inspection]);
}
