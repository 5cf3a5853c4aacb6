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

/** Legal-form endings that sources add or drop without naming another organization. */
const LEGAL_FORMS = /(股份有限公司|有限责任公司|有限公司|公司|合伙企业|个人独资企业|专业合作社|合作社)$/u;

/**
 * The distinctive part of a normalized name: parenthesized parts (`(乌海)`, `(有限合伙)`),
 * the legal-form ending and a leading place name removed. `华凤(乌海)物业管理有限公司` and
 * `华凤物业管理有限责任公司` share the core `华凤物业管理`. For scoring only, never identity.
 */
export function coreOrgName(normalized: string): string {
  let core = normalized.replace(/\([^)]*\)/g, '');
  for (let i = 0; i < 2; i++) core = core.replace(LEGAL_FORMS, '');
  // A leading place (乌海市, 海勃湾区) is often dropped by one source and kept by another.
  for (let i = 0; i < 2; i++) {
    const next = core.replace(LEADING_PLACE, '');
    if (next.length < 2) break;
    core = next;
  }
  return core.length >= 2 ? core : normalized;
}

const LEADING_PLACE = /^[\u4e00-\u9fa5]{1,5}?(省|自治区|市|盟|州|地区|区|县|旗)/u;

function bigrams(s: string): string[] {
  const chars = [...s];
  if (chars.length < 2) return chars;
  return chars.slice(1).map((c, i) => chars[i]! + c);
}

/**
 * How alike two normalized names are, 0–1: the Dice coefficient of the character bigrams of
 * their cores. Trigram similarity on whole Chinese names is too blunt (利联运输有限公司 vs
 * 利达运输有限公司 scores 0.5, the same as a mere legal-form variant); on cores a
 * one-character difference in a four-character name scores 0.33 and a form variant 1.
 */
export function nameSimilarity(a: string, b: string): number {
  const x = bigrams(coreOrgName(a));
  const y = bigrams(coreOrgName(b));
  if (x.length === 0 || y.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const g of x) counts.set(g, (counts.get(g) ?? 0) + 1);
  let shared = 0;
  for (const g of y) {
    const n = counts.get(g) ?? 0;
    if (n > 0) {
      shared++;
      counts.set(g, n - 1);
    }
  }
  return (2 * shared) / (x.length + y.length);
}
