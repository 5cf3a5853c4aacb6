/**
 * Organization names: a matching key (sources differ in width, brackets,
 * spaces and Traditional characters) and a display form.
 */
import * as OpenCC from 'opencc-js/t2cn';
import { collapseSpaces, removeSpaces, toHalfWidth } from './text.js';

let toSimplified: ((s: string) => string) | undefined;

/**
 * Created lazily: building the dictionary trie costs tens of milliseconds.
 * 'hk' → 'cn' also folds variants the 'tw' table keeps (衞 → 卫) and leaves
 * simplified text unchanged. The t2cn entry point ships only these tables.
 */
function simplify(s: string): string {
  const convert = (toSimplified ??= OpenCC.Converter({ from: 'hk', to: 'cn' }));
  return convert(s);
}

/** Traditional → Simplified Chinese (黨組織 → 党组织); other text unchanged. */
export function toSimplifiedChinese(s: string): string {
  return simplify(s);
}

const OPEN_BRACKETS = /[[【〔〖{]/g;
const CLOSE_BRACKETS = /[\]】〕〗}]/g;
/** Separators and quotes that vary between sources without changing the name. */
const NOISE = /[·•・‧."'“”‘’「」『』《》〈〉]/g;

/**
 * Matching key: half-width, all brackets as `()`, no whitespace, Simplified
 * characters, no middle dots or quotes, Latin letters upper case.
 * `乌达區凤骏摄影家協會` and `乌达区凤骏摄影家协会` share a key.
 */
export function normalizeOrgName(s: string): string {
  // Monthly sources repeat each name a dozen times; conversion is the costly step.
  const hit = normalizedCache.get(s);
  if (hit !== undefined) return hit;
  const half = removeSpaces(toHalfWidth(s));
  const key = simplify(half).replace(OPEN_BRACKETS, '(').replace(CLOSE_BRACKETS, ')').replace(NOISE, '').toUpperCase();
  if (normalizedCache.size >= CACHE_LIMIT) normalizedCache.clear();
  normalizedCache.set(s, key);
  return key;
}

/** Bounded so memory stays flat on any file size. */
const CACHE_LIMIT = 50_000;
const normalizedCache = new Map<string, string>();

/** Display form: the source's own characters, trimmed, whitespace runs collapsed. */
export function displayName(s: string): string {
  return collapseSpaces(s);
}

/** True when two names denote the same organization by their matching keys. */
export function sameOrgName(a: string, b: string): boolean {
  const ka = normalizeOrgName(a);
  return ka !== '' && ka === normalizeOrgName(b);
}
