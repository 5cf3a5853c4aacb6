/**
 * Counts (参保人数, 从业人数, 个税扣缴人数, …) and decimals (注册资本（万元）).
 * An empty cell is absent, never zero; a negative or fractional count is
 * unreadable and quarantines the row (the hub does not guess).
 */
import { absent, invalid, ok, type CellValue, type Parsed } from './result.js';
import { cellText, removeSpaces, toHalfWidth } from './text.js';

/** Plain digits, or digits grouped by thousands with commas. */
const PLAIN = /^\d+(?:\.\d+)?$/;
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/;

/** Text of a numeric cell with full-width digits and spaces removed, or the Parsed failure. */
function numericText(v: CellValue, what: string): Parsed<string> {
  if (v instanceof Date || typeof v === 'boolean') return invalid(`${what}: not a number`);
  if (typeof v === 'number') {
    return Number.isFinite(v) ? ok(String(v)) : invalid(`${what}: not a finite number`);
  }
  const text = cellText(v);
  if (text === null) return absent();
  // Full-width ，and ． become , and . here.
  return ok(removeSpaces(toHalfWidth(text)));
}

function parseNumber(s: string, shown: string, what: string): Parsed<number> {
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  if (!PLAIN.test(body) && !GROUPED.test(body)) return invalid(`${what}: not a number: "${shown}"`);
  const n = Number(body.replace(/,/g, ''));
  return ok(negative ? -n : n);
}

/**
 * Non-negative integer count: `12`, `１２`, ` 12 `, `12.0`, `1,200` (or a
 * number cell). `-3`, `1.5`, `abc` → invalid with the reason; empty → absent.
 */
export function parseCount(v: CellValue): Parsed<number> {
  const t = numericText(v, 'count');
  if (!t.ok) return t;
  const shown = typeof v === 'string' ? v.trim() : t.value;
  const n = typeof v === 'number' ? ok(v) : parseNumber(t.value, shown, 'count');
  if (!n.ok) return n;
  if (n.value < 0 || Object.is(n.value, -0)) return invalid(`count: negative: "${shown}"`);
  if (!Number.isInteger(n.value)) return invalid(`count: not a whole number: "${shown}"`);
  if (!Number.isSafeInteger(n.value)) return invalid(`count: too large: "${shown}"`);
  return ok(n.value);
}

export interface DecimalOptions {
  /** Default false: capital and the like cannot be negative. */
  readonly allowNegative?: boolean;
}

/** Decimal such as 注册资本（万元）: `1,000.50`, `１２３.４`, `50` (or a number cell). */
export function parseDecimal(v: CellValue, options: DecimalOptions = {}): Parsed<number> {
  const t = numericText(v, 'decimal');
  if (!t.ok) return t;
  const shown = typeof v === 'string' ? v.trim() : t.value;
  if (typeof v === 'number') {
    return v < 0 && !options.allowNegative ? invalid(`decimal: negative: "${shown}"`) : ok(v);
  }
  const n = parseNumber(t.value, shown, 'decimal');
  if (!n.ok) return n;
  if (n.value < 0 && !options.allowNegative) return invalid(`decimal: negative: "${shown}"`);
  return ok(n.value);
}
