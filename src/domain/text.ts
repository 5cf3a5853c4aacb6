/**
 * Text normalization shared by every parser: sources deliver full-width
 * characters, stray/inner spaces (including NBSP and the ideographic space)
 * and lower-case codes.
 */
import { absent, invalid, ok, type CellValue, type Parsed } from './result.js';

/** Characters `\s` misses that still appear as invisible noise in exports. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const ALL_WHITESPACE = /[\s\u200B-\u200D\u2060\uFEFF]+/g;

/** Full-width ASCII (U+FF01–FF5E) → ASCII and the ideographic space (U+3000) → space. */
export function toHalfWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xff01 && cp <= 0xff5e) out += String.fromCharCode(cp - 0xfee0);
    else if (cp === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

/** Trim and collapse every run of whitespace (any Unicode space) into one ASCII space. */
export function collapseSpaces(s: string): string {
  return s.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** Remove all whitespace, inner ones included. */
export function removeSpaces(s: string): string {
  return s.replace(ALL_WHITESPACE, '');
}

/** Canonical form of any code (USCC, org code, ids): half-width, no whitespace, upper case. */
export function normalizeCode(s: string): string {
  return removeSpaces(toHalfWidth(s)).toUpperCase();
}

/**
 * Text of a cell, or null when the cell is empty or only whitespace.
 * Numbers are written without grouping; Dates as ISO timestamps.
 */
export function cellText(v: CellValue): string | null {
  if (v === null || v === undefined) return null;
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number') s = Number.isFinite(v) ? String(v) : '';
  else if (typeof v === 'boolean') s = v ? 'true' : 'false';
  else s = Number.isNaN(v.getTime()) ? 'Invalid Date' : v.toISOString();
  const t = collapseSpaces(s);
  return t === '' ? null : t;
}

/** True when the cell states nothing. */
export function isBlank(v: CellValue): boolean {
  return cellText(v) === null;
}

/**
 * Code text of a cell: normalized, or an explanation when a numeric cell
 * cannot carry the code exactly (an 18-digit id typed as a number in Excel
 * has already lost its last digits).
 */
export function cellCode(v: CellValue): Parsed<string> {
  if (typeof v === 'number') {
    if (!Number.isSafeInteger(v) || v < 0) {
      return invalid('numeric cell cannot hold this code exactly (precision lost); deliver it as text');
    }
    return ok(String(v));
  }
  if (v instanceof Date || typeof v === 'boolean') return invalid(`a ${typeof v === 'boolean' ? 'boolean' : 'date'} is not a code`);
  const t = cellText(v);
  return t === null ? absent() : ok(normalizeCode(t));
}

const YES = new Set(['是', 'Y', 'YES', '1', 'TRUE', '有', '对', '√']);
const NO = new Set(['否', 'N', 'NO', '0', 'FALSE', '无', '無', '没有', '×']);

/**
 * Yes/no column: 是/否, Y/N, 1/0, true/false (any case), 有/无.
 * Empty → absent ("not stated", never "no"); anything else → invalid.
 */
export function parseYesNo(v: CellValue): Parsed<boolean> {
  if (typeof v === 'boolean') return ok(v);
  if (typeof v === 'number') {
    if (v === 1) return ok(true);
    if (v === 0) return ok(false);
    return invalid(`not a yes/no value: ${v}`);
  }
  if (v instanceof Date) return invalid('a date is not a yes/no value');
  const t = cellText(v);
  if (t === null) return absent();
  const key = normalizeCode(t);
  if (YES.has(key)) return ok(true);
  if (NO.has(key)) return ok(false);
  return invalid(`not a yes/no value: "${t}"`);
}

const MASK_CHARS = /[*＊×✱✳●•]/;
const X_RUN = /[xXｘＸ]{3,}/;

/**
 * How a code looks masked: 'stars' for masking characters (`911101******92690J`),
 * 'xRun' for 3+ consecutive x/X (`110105xxxxxxxx002X`). An x-run is only a
 * hint: X is a legal code character, so parsers accept a literally valid code.
 */
export function maskSignal(raw: string): 'stars' | 'xRun' | null {
  if (MASK_CHARS.test(raw)) return 'stars';
  if (X_RUN.test(raw)) return 'xRun';
  return null;
}

/** True when any code looks masked (syntactic; each parser decides with its own check). */
export function looksMasked(raw: string | null | undefined): boolean {
  return raw != null && maskSignal(raw) !== null;
}
