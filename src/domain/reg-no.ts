/**
 * Old registration number (注册号, GS15-2006): 15 digits = 6-digit division
 * of the registering authority + 8-digit sequence + check (ISO 7064 MOD 11,10).
 * Pure: no I/O.
 */
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
import { cellCode, maskSignal } from './text.js';

/** ISO 7064 MOD 11,10 check digit for the first 14 digits, or null if they are not 14 digits. */
export function regNoCheckDigit(first14: string): string | null {
  if (!/^\d{14}$/.test(first14)) return null;
  let p = 10;
  for (const ch of first14) {
    const s = (p % 11) + Number(ch);
    p = (s % 10 || 10) * 2;
  }
  // The full number satisfies ((p mod 11) + check) mod 10 == 1.
  return String((11 - (p % 11)) % 10);
}

export interface RegNoParts {
  /** Characters 1–6: division code of the registering authority. */
  readonly division: string;
  /** Characters 7–14. */
  readonly sequence: string;
  readonly check: string;
}

export interface RegNoValid {
  readonly kind: 'valid';
  readonly code: string;
  readonly parts: RegNoParts;
}

export type RegNoCheckFailed = CodeCheckFailed & { readonly parts: RegNoParts };

export type RegNoResult = CodeAbsent | CodeMasked | CodeInvalid | RegNoValid | RegNoCheckFailed;

export function parseRegNo(raw: CellValue): RegNoResult {
  if (typeof raw === 'string' && maskSignal(raw) !== null) return codeMasked('registration number');
  const cell = cellCode(raw);
  if (!cell.ok) return cell.absent ? CODE_ABSENT : codeInvalid(`registration number: ${cell.reason}`);
  const code = cell.value;
  if (!/^\d{15}$/.test(code)) {
    return codeInvalid(
      /^\d+$/.test(code) ? `registration number must have 15 digits, got ${code.length}` : 'registration number may only hold digits',
    );
  }
  const parts: RegNoParts = { division: code.slice(0, 6), sequence: code.slice(6, 14), check: code.slice(14) };
  const expected = regNoCheckDigit(code.slice(0, 14))!;
  if (expected === parts.check) return { kind: 'valid', code, parts };
  return {
    kind: 'checkFailed',
    code,
    parts,
    expected,
    got: parts.check,
    reason: `registration number check mismatch: expected ${expected} got ${parts.check}`,
  };
}
