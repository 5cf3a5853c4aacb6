/**
 * Division codes (行政区划代码, GB/T 2260 + the statistical 统计用区划代码):
 * province 2 + prefecture 2 + county 2 [+ township 3 + community 3].
 * Pure: the national name table lives elsewhere; this is only code structure.
 */
import { invalid, ok, type CellValue, type Parsed } from './result.js';
import { cellCode } from './text.js';

export type DivisionLevel = 'PROVINCE' | 'PREFECTURE' | 'COUNTY' | 'TOWNSHIP' | 'COMMUNITY';

export interface Division {
  /** Always 12 digits, zero-padded. */
  readonly code12: string;
  /** The county-level part (first 6 digits). */
  readonly county6: string;
  /** Shortest faithful form: 6 digits when township and community are zero, else 12. */
  readonly code: string;
  readonly level: DivisionLevel;
  /**
   * Digits up to the last non-zero group: every code in the subtree starts
   * with it (150300 → '1503', 150302004000 → '150302004').
   */
  readonly prefix: string;
}

const LEVELS: readonly DivisionLevel[] = ['PROVINCE', 'PREFECTURE', 'COUNTY', 'TOWNSHIP', 'COMMUNITY'];
/** Group boundaries in the 12-digit code: 2 | 2 | 2 | 3 | 3. */
const GROUP_ENDS = [2, 4, 6, 9, 12] as const;

function fromCode12(code12: string): Division {
  // A zero group may sit between non-zero ones: prefecture-level cities
  // without counties (东莞 441900) have townships at 441900xxx000.
  let last = 0;
  for (let g = 0; g < GROUP_ENDS.length; g++) {
    const start = g === 0 ? 0 : GROUP_ENDS[g - 1]!;
    if (!/^0+$/.test(code12.slice(start, GROUP_ENDS[g]))) last = g;
  }
  return {
    code12,
    county6: code12.slice(0, 6),
    code: code12.endsWith('000000') ? code12.slice(0, 6) : code12,
    level: LEVELS[last]!,
    prefix: code12.slice(0, GROUP_ENDS[last]),
  };
}

/**
 * Parse a 6-digit (county and above), 9-digit (township, padded) or
 * 12-digit division code. The province must be 11–82 style (first digit 1–8).
 */
export function parseDivision(raw: CellValue): Parsed<Division> {
  const cell = cellCode(raw);
  if (!cell.ok) return cell.absent ? cell : invalid(`division code: ${cell.reason}`);
  const s = cell.value;
  if (!/^\d+$/.test(s)) return invalid(`division code may only hold digits: "${s}"`);
  if (s.length !== 6 && s.length !== 9 && s.length !== 12) {
    return invalid(`division code must have 6, 9 or 12 digits, got ${s.length}`);
  }
  if (!/^[1-8][1-9]/.test(s)) return invalid(`division code "${s}" has no valid province`);
  return ok(fromCode12(s.padEnd(12, '0')));
}

function toDivision(code: string | Division): Division | null {
  if (typeof code !== 'string') return code;
  const p = parseDivision(code);
  return p.ok ? p.value : null;
}

/** True when `code` is `ancestor` or lies below it; false when either is not a division code. */
export function isInSubtree(code: string | Division, ancestor: string | Division): boolean {
  const c = toDivision(code);
  const a = toDivision(ancestor);
  return c !== null && a !== null && c.code12.startsWith(a.prefix);
}

/** The enclosing division (skipping zero groups), or null for a province or a non-code. */
export function parentOf(code: string | Division): Division | null {
  const d = toDivision(code);
  if (d === null || d.level === 'PROVINCE') return null;
  const g = LEVELS.indexOf(d.level);
  const cut = GROUP_ENDS[g - 1]!;
  return fromCode12(d.code12.slice(0, cut).padEnd(12, '0'));
}

/**
 * A division as people type it to filter: also a bare province or prefecture prefix
 * (`15`, `1503`), read as its 6-digit code.
 */
export function parseDivisionFilter(raw: string): Parsed<Division> {
  const s = raw.trim();
  return parseDivision(/^\d{2}$|^\d{4}$/.test(s) ? s.padEnd(6, '0') : s);
}
