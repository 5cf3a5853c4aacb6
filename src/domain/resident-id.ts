/**
 * Resident identity number (公民身份号码, GB 11643). Personal data: callers must
 * never log it; see src/security for encryption and masking. For that reason
 * no reason text produced here contains the number itself.
 */
import { isRealDate } from './date.js';
import {
  CODE_ABSENT,
  codeInvalid,
  codeMasked,
  type CellValue,
  type CodeAbsent,
  type CodeCheckFailed,
  type CodeInvalid,
  type CodeMasked,
} from './result.js';
import { cellCode, maskSignal, normalizeCode } from './text.js';

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const RESIDENT_ID_CHECK = '10X98765432';

/** Check character for the first 17 digits, or null if they are not 17 digits. */
export function residentIdCheckChar(first17: string): string | null {
  if (!/^\d{17}$/.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * RESIDENT_ID_WEIGHTS[i]!;
  return RESIDENT_ID_CHECK[sum % 11]!;
}

export interface ResidentIdValid {
  readonly kind: 'valid';
  /** 18 characters, a final x upper-cased. */
  readonly code: string;
  /** Division of the issuing place (characters 1–6). */
  readonly division: string;
  /** ISO `YYYY-MM-DD`. */
  readonly birthDate: string;
  /** Character 17: odd = male. */
  readonly sex: 'M' | 'F';
}

export type ResidentIdCheckFailed = CodeCheckFailed;

export type ResidentIdResult = CodeAbsent | CodeMasked | CodeInvalid | ResidentIdValid | ResidentIdCheckFailed;

/**
 * Parse an 18-character resident id: 17 digits + digit or X, a real birth
 * date (year from 1800), then the check character. A bad date rejects the id
 * even when the check passes; a failed check is flagged with expected/got.
 */
export function parseResidentId(raw: CellValue): ResidentIdResult {
  // An x-run can never be a real id: only the last character may be X.
  if (typeof raw === 'string' && maskSignal(raw) !== null) return codeMasked('resident id');
  const cell = cellCode(raw);
  if (!cell.ok) return cell.absent ? CODE_ABSENT : codeInvalid(`resident id: ${cell.reason}`);
  const code = cell.value;
  if (code.length !== 18) {
    return codeInvalid(
      code.length === 15
        ? 'resident id has 15 characters (first-generation id); 18 required'
        : `resident id must have 18 characters, got ${code.length}`,
    );
  }
  if (!/^\d{17}[\dX]$/.test(code)) return codeInvalid('resident id must be 17 digits followed by a digit or X');
  const y = Number(code.slice(6, 10));
  const m = Number(code.slice(10, 12));
  const d = Number(code.slice(12, 14));
  if (y < 1800 || !isRealDate(y, m, d)) return codeInvalid('resident id birth date (characters 7–14) is not a real date');
  const expected = residentIdCheckChar(code.slice(0, 17))!;
  const got = code.slice(17);
  if (expected !== got) {
    return { kind: 'checkFailed', code, expected, got, reason: `resident id check mismatch: expected ${expected} got ${got}` };
  }
  return {
    kind: 'valid',
    code,
    division: code.slice(0, 6),
    birthDate: `${code.slice(6, 10)}-${code.slice(10, 12)}-${code.slice(12, 14)}`,
    sex: Number(code[16]) % 2 === 1 ? 'M' : 'F',
  };
}

/**
 * Display form keeping the first and last 4 characters: `1101**********002X`.
 * Works on any text so a malformed id is masked too; 8 characters or fewer
 * are fully masked.
 */
export function maskResidentId(code: string): string {
  const c = normalizeCode(code);
  if (c.length <= 8) return '*'.repeat(c.length);
  return c.slice(0, 4) + '*'.repeat(c.length - 8) + c.slice(-4);
}
