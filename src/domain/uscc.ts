/**
 * Unified Social Credit Code (统一社会信用代码, GB 32100-2015).
 * Pure: no I/O. Normalization is in ./text.ts.
 */
import { orgCodeCheckChar } from './org-code.js';
import {
  CODE_ABSENT,
  codeInvalid,
  unlessMasked,
  type CellValue,
  type CodeAbsent,
  type CodeCheckFailed,
  type CodeInvalid,
  type CodeMasked,
} from './result.js';
import { cellCode, maskSignal, normalizeCode } from './text.js';

/** The 31 characters a USCC may use (no I, O, S, V, Z). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** Check character for the first 17 characters, or null if one is outside the alphabet. */
export function usccCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

export interface UsccParts {
  /** Character 1: 登记管理部门 (1 机构编制, 5 民政, 9 市场监管, Y other). */
  readonly regAuthority: string;
  /** Character 2: 机构类别 within the authority. */
  readonly orgCategory: string;
  /** Characters 3–8: 登记管理机关行政区划码. */
  readonly division: string;
  /** Characters 9–17: 组织机构代码 (GB 11714), its own check at 17. */
  readonly orgCode: string;
  /** Character 18. */
  readonly check: string;
}

export type UsccCategory =
  | 'ENTERPRISE' // 9-1 企业
  | 'INDIVIDUAL_BUSINESS' // 9-2 个体工商户
  | 'FARMERS_COOP' // 9-3 农民专业合作社
  | 'SOCIAL_ASSOCIATION' // 5-1 社会团体
  | 'SOCIAL_SERVICE' // 5-2 民办非企业单位 / 社会服务机构
  | 'FOUNDATION' // 5-3 基金会
  | 'SOCIAL_OTHER' // 5-9
  | 'GOVERNMENT' // 1-1 机关
  | 'PUBLIC_INSTITUTION' // 1-2 事业单位
  | 'INSTITUTIONAL_OTHER' // 1-9
  | 'OTHER';

export interface UsccValid {
  readonly kind: 'valid';
  readonly code: string;
  readonly parts: UsccParts;
  readonly category: UsccCategory;
  /** Oddities that do not reject the code (e.g. embedded org-code check mismatch). */
  readonly notes: readonly string[];
}

export interface UsccCheckFailed extends CodeCheckFailed {
  readonly parts: UsccParts;
  readonly category: UsccCategory;
  readonly notes: readonly string[];
}

export type UsccResult = CodeAbsent | CodeMasked | CodeInvalid | UsccValid | UsccCheckFailed;

const CATEGORIES: Readonly<Record<string, UsccCategory>> = {
  '91': 'ENTERPRISE',
  '92': 'INDIVIDUAL_BUSINESS',
  '93': 'FARMERS_COOP',
  '51': 'SOCIAL_ASSOCIATION',
  '52': 'SOCIAL_SERVICE',
  '53': 'FOUNDATION',
  '59': 'SOCIAL_OTHER',
  '11': 'GOVERNMENT',
  '12': 'PUBLIC_INSTITUTION',
  '19': 'INSTITUTIONAL_OTHER',
};

/** Domain category from characters 1–2; OTHER for anything not listed (or too short). */
export function usccOrgCategory(code: string): UsccCategory {
  return CATEGORIES[normalizeCode(code).slice(0, 2)] ?? 'OTHER';
}

function splitParts(code: string): UsccParts {
  return {
    regAuthority: code.slice(0, 1),
    orgCategory: code.slice(1, 2),
    division: code.slice(2, 8),
    orgCode: code.slice(8, 17),
    check: code.slice(17, 18),
  };
}

function structuralNotes(parts: UsccParts): string[] {
  const notes: string[] = [];
  const orgExpected = orgCodeCheckChar(parts.orgCode.slice(0, 8));
  const orgGot = parts.orgCode.slice(8, 9);
  if (orgExpected !== null && orgExpected !== orgGot) {
    notes.push(`embedded org-code check mismatch: expected ${orgExpected} got ${orgGot}`);
  }
  if (!/^\d{6}$/.test(parts.division)) notes.push('division (characters 3–8) is not 6 digits');
  return notes;
}

/** Outside-alphabet characters, listed once each, for the reason text. */
function foreignChars(code: string): string[] {
  return [...new Set([...code].filter((ch) => !USCC_ALPHABET.includes(ch)))];
}

/**
 * Parse a USCC cell. Absent when empty; masked when it carries masking
 * characters; invalid on wrong length or characters; checkFailed (flagged,
 * code kept as delivered) when the check character differs; else valid.
 */
export function parseUscc(raw: CellValue): UsccResult {
  return unlessMasked(raw, 'USCC', parseUnmasked, maskSignal);
}

function parseUnmasked(raw: CellValue): UsccResult {
  const cell = cellCode(raw);
  if (!cell.ok) return cell.absent ? CODE_ABSENT : codeInvalid(`USCC: ${cell.reason}`);
  const code = cell.value;
  if (code.length !== 18) return codeInvalid(`USCC must have 18 characters, got ${code.length}`);
  const foreign = foreignChars(code);
  if (foreign.length > 0) {
    return codeInvalid(`USCC has a char outside GB 32100 set: ${foreign.join(', ')}`);
  }
  const parts = splitParts(code);
  const category = usccOrgCategory(code);
  const notes = structuralNotes(parts);
  const expected = usccCheckChar(code.slice(0, 17))!;
  if (expected === parts.check) return { kind: 'valid', code, parts, category, notes };
  const reason = [`USCC check mismatch: expected ${expected} got ${parts.check}`, ...notes].join('; ');
  return { kind: 'checkFailed', code, parts, category, expected, got: parts.check, notes, reason };
}

/** True when the cell holds a masked USCC (never usable as a key). */
export function isMaskedCode(raw: CellValue): boolean {
  return parseUscc(raw).kind === 'masked';
}

/**
 * The code to link on: a valid code, or a check-failed one (it links only
 * when another source carries the same code); null otherwise.
 */
export function linkableUscc(r: UsccResult): string | null {
  return r.kind === 'valid' || r.kind === 'checkFailed' ? r.code : null;
}

/** Human-readable verdict for logs, quarantine reasons and the API. */
export function explainUscc(raw: CellValue): string {
  const r = parseUscc(raw);
  switch (r.kind) {
    case 'absent':
      return 'no USCC: not stated';
    case 'masked':
      return r.reason;
    case 'invalid':
      return `invalid: ${r.reason}`;
    case 'checkFailed':
      return (
        `${r.code}: ${r.reason}. Expected check character ${r.expected}; flagged, not repaired: ` +
        'it links only when another source carries the same code'
      );
    case 'valid': {
      const p = r.parts;
      const head = `${r.code} is a valid USCC: ${r.category} (${p.regAuthority}-${p.orgCategory}), division ${p.division}, organization code ${p.orgCode}`;
      return r.notes.length > 0 ? `${head}; note: ${r.notes.join('; ')}` : head;
    }
  }
}

/** True for a well-formed 18-character code (already normalized) whose check character is wrong. */
export function isCheckFailedCode(code: string): boolean {
  if (code.length !== 18) return false;
  const expected = usccCheckChar(code.slice(0, 17));
  return expected !== null && expected !== code[17];
}
