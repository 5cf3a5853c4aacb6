/**
 * The keys an organization row carries, and the source key that names the source's record
 * of it. Strongest first: a USCC, an organization code (from an old taxpayer id), an old
 * registration number, and last the normalized name within its county.
 */
import { parseDivision } from '../domain/division.js';
import { parseRegNo } from '../domain/reg-no.js';
import type { CellValue } from '../domain/result.js';
import { parseTaxpayerId } from '../domain/tax-id.js';
import { parseUscc } from '../domain/uscc.js';
import { cellText, normalizeCode } from '../domain/text.js';
import type { OrganizationKeys } from './records.js';

export interface KeyInput {
  uscc?: CellValue;
  /** 纳税人识别号: a USCC or an old 15-character taxpayer id. */
  taxpayerId?: CellValue;
  regNo?: CellValue;
  name?: { name: string; normalized: string } | null;
  /** Division code (6/12 digits) or a county name such as 海勃湾区. */
  district?: CellValue;
}

export type KeyResult =
  | { ok: true; keys: OrganizationKeys; sourceKey: string; statements: { property: string; value: string }[] }
  | { ok: false; reasons: string[] };

export function organizationKeys(input: KeyInput): KeyResult {
  const keys: OrganizationKeys = {};
  const notes: string[] = [];
  const statements: { property: string; value: string }[] = [];

  const uscc = input.taxpayerId !== undefined ? taxpayerUscc(input.taxpayerId, keys, notes) : parseUscc(input.uscc);
  if (uscc.kind === 'valid') keys.uscc = uscc.code;
  else if (uscc.kind === 'checkFailed') keys.usccCheckFailed = uscc.code;
  else if (uscc.kind === 'masked') notes.push(`MASKED_CODE: ${uscc.reason}`);
  else if (uscc.kind === 'invalid') notes.push(`BAD_CODE: ${uscc.reason}`);
  if (keys.uscc) {
    keys.orgCode = keys.uscc.slice(8, 17);
    statements.push({ property: 'uscc', value: keys.uscc });
  }

  if (input.regNo !== undefined) {
    const reg = parseRegNo(input.regNo);
    if (reg.kind === 'valid' || reg.kind === 'checkFailed') {
      keys.regNo = reg.code;
      statements.push({ property: 'reg_no', value: reg.code });
    }
  }
  if (keys.orgCode && !keys.uscc) statements.push({ property: 'org_code', value: keys.orgCode });

  if (input.name) {
    keys.name = input.name.name;
    keys.normalizedName = input.name.normalized;
  }
  const districtText = cellText(input.district ?? null);
  if (districtText) {
    const d = parseDivision(districtText);
    if (d.ok) keys.countyCode = d.value.county6;
    else keys.countyName = districtText.replace(/\s+/g, '');
  }
  if (!keys.countyCode && keys.uscc) keys.countyCode = keys.uscc.slice(2, 8);

  const sourceKey = keys.uscc
    ? `uscc:${keys.uscc}`
    : keys.usccCheckFailed
      ? `uscc:${keys.usccCheckFailed}`
      : keys.orgCode
        ? `org:${keys.orgCode}`
        : keys.regNo
          ? `reg:${keys.regNo}`
          : keys.normalizedName
            ? `name:${keys.normalizedName}@${keys.countyCode ?? keys.countyName ?? ''}`
            : null;
  if (!sourceKey) return { ok: false, reasons: [...notes, 'NO_KEY: neither a usable code nor a name'] };
  return { ok: true, keys, sourceKey, statements };
}

function taxpayerUscc(raw: CellValue, keys: OrganizationKeys, notes: string[]): ReturnType<typeof parseUscc> {
  const t = parseTaxpayerId(raw);
  if (t.kind === 'uscc') return t.uscc;
  if (t.kind === 'oldTaxId') {
    if (t.orgCodeValid) keys.orgCode = t.orgCode;
    else notes.push(`BAD_CODE: old taxpayer id ${normalizeCode(String(raw))} has an organization code failing its check`);
    return { kind: 'absent', reason: 'not stated' };
  }
  return t;
}
