/**
 * Survivorship: from every statement about an organization, the value each projected
 * column shows, and why. Pure; the one place these rules live.
 */
import type { SourcePriority } from '../config/survivorship.js';

export interface StatementView {
  id: string;
  property: string;
  value: string;
  source: string;
  period: string;
  lastSeen: string;
}

export interface Choice {
  statement: StatementView;
  /** Human-readable: which rule picked it over the others. */
  why: string;
}

function rank(priority: readonly string[] | undefined, source: string): number {
  const i = priority ? priority.indexOf(source) : -1;
  return i < 0 ? Number.MAX_SAFE_INTEGER : i;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Orders candidates best first: source priority, then most recent period, then last seen,
 * then statement id — a total order, the same one SQL applies (`period desc, last_seen desc,
 * id`), so a rebuild picks what the incremental projection picked.
 */
export function compareCandidates(priority: readonly string[] | undefined) {
  return (a: StatementView, b: StatementView): number =>
    rank(priority, a.source) - rank(priority, b.source) ||
    byText(b.period, a.period) ||
    byText(b.lastSeen, a.lastSeen) ||
    byText(a.id, b.id);
}

export function choose(property: string, candidates: readonly StatementView[], priorities: SourcePriority): Choice | null {
  const list = candidates.filter((c) => c.property === property);
  if (list.length === 0) return null;
  const priority = priorities[property];
  const sorted = [...list].sort(compareCandidates(priority));
  const best = sorted[0]!;
  const runnerUp = sorted.find((c) => c.value !== best.value);
  let why = 'only value';
  if (runnerUp) {
    why =
      rank(priority, best.source) < rank(priority, runnerUp.source)
        ? `source priority: ${best.source} before ${runnerUp.source}`
        : best.period !== runnerUp.period
          ? `most recent period: ${best.period || '(none)'} after ${runnerUp.period || '(none)'}`
          : 'most recently seen';
  } else if (list.length > 1) {
    why = 'all sources agree';
  }
  return { statement: best, why };
}

/** Picks the chosen value of each property in one pass over the statements. */
export function chooseAll(
  properties: readonly string[],
  statements: readonly StatementView[],
  priorities: SourcePriority,
): Map<string, Choice> {
  const out = new Map<string, Choice>();
  for (const p of properties) {
    const c = choose(p, statements, priorities);
    if (c) out.set(p, c);
  }
  return out;
}
