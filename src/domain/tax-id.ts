/**
 * Taxpayer id (纳税人识别号): the USCC since 2015, or the old 15-character id
 * = 6-digit division + 9-character organization code, which links to the
 * USCC that embeds the same organization code.
 */
import { checkOrgCode } from './org-code.js';
import { CODE_ABSENT, codeInvalid, codeMasked, type CellValue, type CodeAbsent, type CodeInvalid, type CodeMasked } from './result.js';
import { cellCode, maskSignal } from './text.js';
import { parseUscc, type UsccCheckFailed, type UsccValid } from './uscc.js';

export interface TaxIdUscc {
  readonly kind: 'uscc';
  readonly code: string;
  /** False when the USCC check character failed (flagged, not repaired). */
  readonly checkPassed: boolean;
  readonly uscc: UsccValid | UsccCheckFailed;
}

export interface OldTaxId {
  readonly kind: 'oldTaxId';
  readonly code: string;
  /** Characters 1–6. */
  readonly division: string;
  /** Characters 7–15: the GB 11714 organization code. */
  readonly orgCode: string;
  readonly orgCodeValid: boolean;
  /** Set when orgCodeValid is false. */
  readonly reason?: string;
}

export type TaxpayerIdResult = CodeAbsent | CodeMasked | CodeInvalid | TaxIdUscc | OldTaxId;

export function parseTaxpayerId(raw: CellValue): TaxpayerIdResult {
  const cell = cellCode(raw);
  if (!cell.ok) return cell.absent ? CODE_ABSENT : codeInvalid(`taxpayer id: ${cell.reason}`);
  const code = cell.value;
  if (code.length === 18) {
    const u = parseUscc(raw);
    if (u.kind === 'valid' || u.kind === 'checkFailed') {
      return { kind: 'uscc', code: u.code, checkPassed: u.kind === 'valid', uscc: u };
    }
    return u.kind === 'invalid' ? codeInvalid(`taxpayer id: ${u.reason}`) : u;
  }
  if (typeof raw === 'string' && maskSignal(raw) === 'stars') return codeMasked('taxpayer id');
  if (code.length === 15) {
    const division = code.slice(0, 6);
    const orgCode = code.slice(6);
    if (!/^\d{6}$/.test(division)) return codeInvalid('old taxpayer id: characters 1–6 must be a division code');
    const org = checkOrgCode(orgCode);
    if (org.kind !== 'valid' && maskSignal(code) === 'xRun') return codeMasked('taxpayer id');
    if (org.kind === 'valid') return { kind: 'oldTaxId', code, division, orgCode, orgCodeValid: true };
    if (org.kind === 'checkFailed') {
      return { kind: 'oldTaxId', code, division, orgCode, orgCodeValid: false, reason: org.reason };
    }
    return codeInvalid(`old taxpayer id: ${org.reason}`);
  }
  if (maskSignal(code) === 'xRun') return codeMasked('taxpayer id');
  return codeInvalid(`taxpayer id must have 18 characters (USCC) or 15 (old id), got ${code.length}`);
}
