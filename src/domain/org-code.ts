/**
 * Organization code (组织机构代码, GB 11714): 8 characters + check.
 * Pure: no I/O.
 */
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
import { cellCode, maskSignal } from './text.js';

const ORG_CODE_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

function orgCodeCharValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  if (ch >= 'A' && ch <= 'Z') return ch.charCodeAt(0) - 55; // A=10 … Z=35
  return -1;
}

/** Check character for the first 8 characters, or null if one is not [0-9A-Z]. */
export function orgCodeCheckChar(first8: string): string | null {
  if (first8.length !== 8) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = orgCodeCharValue(first8[i]!);
    if (v < 0) return null;
    sum += v * ORG_CODE_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

export interface OrgCodeValid {
  readonly kind: 'valid';
  /** 9 characters, without the printed hyphen (`D2143569X`). */
  readonly code: string;
}

export type OrgCodeCheckFailed = CodeCheckFailed;

export type OrgCodeResult = CodeAbsent | CodeMasked | CodeInvalid | OrgCodeValid | OrgCodeCheckFailed;

/** Certificates print the code as `D2143569-X`; any dash before the check is dropped. */
const PRINTED = /^([0-9A-Z]{8})[-‐‑–—]([0-9A-Z])$/;

/**
 * Check an already normalized 9-character code; shared with USCC and old tax
 * ids, which embed it.
 */
export function checkOrgCode(code: string): OrgCodeResult {
  if (!/^[0-9A-Z]{9}$/.test(code)) {
    return codeInvalid(
      code.length !== 9
        ? `organization code must have 9 characters, got ${code.length}`
        : 'organization code may only hold digits and letters',
    );
  }
  const expected = orgCodeCheckChar(code.slice(0, 8))!;
  const got = code.slice(8);
  if (expected === got) return { kind: 'valid', code };
  return {
    kind: 'checkFailed',
    code,
    expected,
    got,
    reason: `organization code check mismatch: expected ${expected} got ${got}`,
  };
}

/** Parse `D2143569X`, `D2143569-X`, lower case, with spaces or full-width characters. */
export function parseOrgCode(raw: CellValue): OrgCodeResult {
  return unlessMasked(raw, 'organization code', parseUnmasked, maskSignal);
}

function parseUnmasked(raw: CellValue): OrgCodeResult {
  const cell = cellCode(raw);
  if (!cell.ok) return cell.absent ? CODE_ABSENT : codeInvalid(`organization code: ${cell.reason}`);
  const printed = PRINTED.exec(cell.value);
  return checkOrgCode(printed ? printed[1]! + printed[2]! : cell.value);
}
