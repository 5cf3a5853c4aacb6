/**
 * Phone numbers (联系电话) of guidance officers. Personal data: display only
 * masked, and no reason text here contains the number.
 */
import { absent, invalid, ok, type CellValue, type Parsed } from './result.js';
import { cellText, toHalfWidth } from './text.js';

export type Phone =
  | { readonly kind: 'mobile'; readonly number: string }
  | {
      readonly kind: 'landline';
      /** 区号 with its leading 0, or null when the source gave only the local number. */
      readonly areaCode: string | null;
      readonly local: string;
      /** `0473-1234567`, or just the local number. */
      readonly number: string;
    };

const MOBILE = /^1[3-9]\d{9}$/;
/** 010 and 02x are three-digit area codes; every other one has four digits. */
const LANDLINE = /^(0(?:10|2\d|[3-9]\d{2}))?([1-9]\d{6,7})$/;

/** Digits only, after dropping separators and a +86 / 0086 country prefix. */
function phoneDigits(text: string): string | null {
  let s = toHalfWidth(text).replace(/[\s\-‐‑–—().]/g, '');
  s = s.replace(/^(?:\+86|0086)/, '');
  return /^\d+$/.test(s) ? s : null;
}

/** Parse an 11-digit mobile (starts with 1) or a landline such as `0473-1234567`. */
export function parsePhone(raw: CellValue): Parsed<Phone> {
  if (raw instanceof Date || typeof raw === 'boolean') return invalid('phone: not a phone number');
  const text = cellText(raw);
  if (text === null) return absent();
  const digits = phoneDigits(text);
  if (digits === null) return invalid('phone: may only hold digits, spaces, dashes, brackets and +86');
  // Excel drops the area code's leading 0 from numeric cells; do not guess it back.
  if (MOBILE.test(digits)) return ok({ kind: 'mobile', number: digits });
  const m = LANDLINE.exec(digits);
  if (m) {
    const areaCode = m[1] ?? null;
    const local = m[2]!;
    return ok({ kind: 'landline', areaCode, local, number: areaCode ? `${areaCode}-${local}` : local });
  }
  return invalid(`phone: ${digits.length} digits is neither an 11-digit mobile nor a landline`);
}

/**
 * Masked display: mobile `138****1234`; landline keeps the area code and the
 * last 4 digits (`0473-***4567`); unreadable text keeps only its last 4 characters.
 */
export function maskPhone(s: string): string {
  const p = parsePhone(s);
  if (p.ok) {
    const v = p.value;
    if (v.kind === 'mobile') return `${v.number.slice(0, 3)}****${v.number.slice(7)}`;
    const local = '*'.repeat(v.local.length - 4) + v.local.slice(-4);
    return v.areaCode ? `${v.areaCode}-${local}` : local;
  }
  const t = s.trim();
  return t.length <= 4 ? '*'.repeat(t.length) : '*'.repeat(t.length - 4) + t.slice(-4);
}
