/**
 * The vocabulary every rule shares: a Fact is one statement a source made (the evidence),
 * a Check is one condition with its answer, the reason in words and the facts that decided.
 * Pure.
 */

/** One value one source stated for one period: what a rule cites as evidence. */
export interface Fact {
  property: string;
  value: string;
  source: string;
  /** YYYY-MM (month), YYYY (report/inspection year) or '' (no period). */
  period: string;
}

export interface Check {
  holds: boolean;
  /** Plain words: which value decided, or which condition failed. */
  why: string;
  evidence: Fact[];
}

export const check = (holds: boolean, why: string, evidence: (Fact | null | undefined)[] = []): Check => ({
  holds,
  why,
  evidence: evidence.filter((f): f is Fact => !!f),
});

/** Cells arrive with stray spaces, full-width spaces and brackets of either width. */
export const cleanText = (s: string): string => s.replace(/[\s\u3000]+/g, '');

const byPeriodDesc = (a: Fact, b: Fact) => (a.period < b.period ? 1 : a.period > b.period ? -1 : 0);

/**
 * "The latest value is the one for the most recent period it describes" (DOMAIN.md), among
 * the facts whose period passes `keep`. Ties keep input order (the loader sorts them by
 * last seen, then id), so the same input always gives the same answer.
 */
export function latest(facts: readonly Fact[], keep: (period: string) => boolean = () => true): Fact | null {
  let best: Fact | null = null;
  for (const f of facts) {
    if (!keep(f.period)) continue;
    if (best === null || byPeriodDesc(f, best) < 0) best = f;
  }
  return best;
}

/** A non-negative whole count, or null (the connectors store counts as plain digits). */
export function countOf(f: Fact | null): number | null {
  if (!f || !/^\d+$/.test(f.value)) return null;
  return Number(f.value);
}

export const describe = (f: Fact): string => `${f.source}${f.period ? ` ${f.period}` : ''}: ${f.property} = ${f.value}`;
