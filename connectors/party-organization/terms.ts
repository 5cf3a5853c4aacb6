/**
 * Closed lists of the party member information system (党员信息管理系统) and the codes it
 * keys bodies by. Exports may spell terms in Traditional characters (黨支部) or with spaces,
 * so a term is folded to Simplified without spaces before it is looked up.
 */
import { toSimplifiedChinese } from '../../src/domain/name.js';
import { normalizeCode } from '../../src/domain/text.js';
import type { CellReader } from '../../src/ingest/cells.js';
import type { MemberRecord } from '../../src/ingest/records.js';

/** 党组织类别 → partyBody kind. 功能型党组织 and 功能型党支部 are the same kind. */
export const BODY_KINDS: Record<string, string> = {
  党委: 'COMMITTEE',
  基层党委: 'COMMITTEE',
  党的基层委员会: 'COMMITTEE',
  党总支: 'GENERAL_BRANCH',
  党总支部: 'GENERAL_BRANCH',
  党支部: 'BRANCH',
  支部: 'BRANCH',
  联合党支部: 'JOINT_BRANCH',
  联合支部: 'JOINT_BRANCH',
  临时党支部: 'TEMPORARY_BRANCH',
  功能型党组织: 'FUNCTIONAL',
  功能型党支部: 'FUNCTIONAL',
};

/** 组建方式 → formation. */
export const FORMATIONS: Record<string, string> = {
  单独组建: 'STANDALONE',
  单建: 'STANDALONE',
  联合组建: 'JOINT',
  联建: 'JOINT',
  行业组建: 'INDUSTRY',
};

/** 人员类别 → member kind: 正式党员 full, 预备党员 probationary. */
export const MEMBER_KINDS: Record<string, NonNullable<MemberRecord['kind']>> = {
  正式党员: 'FORMAL',
  正式: 'FORMAL',
  预备党员: 'PROBATIONARY',
  预备: 'PROBATIONARY',
};

export const GENDERS: Record<string, string> = { 男: '男', 女: '女' };

/** A term of a closed list; anything else is a reason, never a guess. */
export function closedTerm<T extends string>(
  r: CellReader,
  column: string,
  label: string,
  table: Record<string, T>,
  required = false,
): T | null {
  const text = r.text(column);
  if (text === null) {
    if (required) r.reject('MISSING_VALUE', `${label} is empty`);
    return null;
  }
  const hit = table[toSimplifiedChinese(text.replace(/\s+/g, ''))];
  if (hit === undefined) r.reject('BAD_VALUE', `${label} "${text}" is not one of ${[...new Set(Object.keys(table))].join(' / ')}`);
  return hit ?? null;
}

/** 党组织编码: the system's id, letters and digits (the column holds at most 32). */
export function bodyCode(r: CellReader, column: string, label: string, required = false): string | null {
  const text = r.text(column);
  if (text === null) {
    if (required) r.reject('MISSING_VALUE', `${label} is empty`);
    return null;
  }
  const code = normalizeCode(text);
  if (!/^[0-9A-Z][0-9A-Z-]{0,31}$/.test(code)) {
    r.reject('BAD_CODE', `${label} "${text}" is not a party body code (letters and digits, at most 32)`);
    return null;
  }
  return code;
}
