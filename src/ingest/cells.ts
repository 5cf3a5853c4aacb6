/**
 * Reading a row's cells in a connector's `map`: each getter parses one cell with the shared
 * domain parsers and collects a reason for every unreadable cell, so `map` reads top to
 * bottom and rejects the row once, with every reason, at the end.
 */
import { parseCount, parseDecimal } from '../domain/count.js';
import { parseDate, parseMonth, parseYear } from '../domain/date.js';
import { normalizeOrgName, displayName } from '../domain/name.js';
import type { CellValue, Parsed } from '../domain/result.js';
import { cellText, parseYesNo, toHalfWidth, collapseSpaces } from '../domain/text.js';
import type { ColumnSpec, MapResult, SourceRow } from './connector.js';
import type { HubRecord, StatementInput } from './records.js';
import type { KeyResult } from './org-keys.js';

/** Reason codes (the part before the colon) that tests and the API group quarantine by. */
export type ReasonCode =
  | 'NO_KEY'
  | 'BAD_CODE'
  | 'MASKED_CODE'
  | 'CHECK_DIGIT'
  | 'BAD_DATE'
  | 'BAD_MONTH'
  | 'BAD_YEAR'
  | 'BAD_COUNT'
  | 'NEGATIVE_COUNT'
  | 'BAD_VALUE'
  | 'MISSING_VALUE';

export class CellReader {
  readonly reasons: string[] = [];

  constructor(
    private readonly row: SourceRow,
    private readonly columns: Record<string, ColumnSpec>,
  ) {}

  private label(column: string): string {
    return this.columns[column]?.header ?? column;
  }

  cell(column: string): CellValue {
    return this.row.cells[column];
  }

  reject(code: ReasonCode, message: string): void {
    this.reasons.push(`${code}: ${message}`);
  }

  private take<T>(column: string, parsed: Parsed<T>, code: ReasonCode, required: boolean): T | null {
    if (parsed.ok) return parsed.value;
    if (!parsed.absent) this.reject(code, `${this.label(column)} ${JSON.stringify(String(this.cell(column)))}: ${parsed.reason}`);
    else if (required) this.reject('MISSING_VALUE', `${this.label(column)} is empty`);
    return null;
  }

  /** Trimmed text with spaces collapsed and full-width Latin/digits made half-width; null when empty. */
  text(column: string): string | null {
    const t = cellText(this.cell(column));
    return t === null ? null : collapseSpaces(toHalfWidth(t));
  }

  /** An organization's name as shown, and its matching form. */
  orgName(column: string): { name: string; normalized: string } | null {
    const t = cellText(this.cell(column));
    if (t === null) return null;
    const normalized = normalizeOrgName(t);
    return normalized ? { name: displayName(t), normalized } : null;
  }

  date(column: string, required = false): string | null {
    return this.take(column, parseDate(this.cell(column)), 'BAD_DATE', required);
  }

  month(column: string, required = false): string | null {
    return this.take(column, parseMonth(this.cell(column)), 'BAD_MONTH', required);
  }

  year(column: string, required = false): number | null {
    return this.take(column, parseYear(this.cell(column)), 'BAD_YEAR', required);
  }

  count(column: string, required = false): number | null {
    const parsed = parseCount(this.cell(column));
    const code: ReasonCode = !parsed.ok && !parsed.absent && /negative/i.test(parsed.reason) ? 'NEGATIVE_COUNT' : 'BAD_COUNT';
    return this.take(column, parsed, code, required);
  }

  decimal(column: string): number | null {
    return this.take(column, parseDecimal(this.cell(column)), 'BAD_COUNT', false);
  }

  yesNo(column: string): boolean | null {
    return this.take(column, parseYesNo(this.cell(column)), 'BAD_VALUE', false);
  }

  /** A value that must be one of a closed list (after trimming); unknown text is a reason. */
  oneOf<T extends string>(column: string, allowed: Record<string, T>): T | null {
    const t = this.text(column);
    if (t === null) return null;
    const key = t.replace(/\s+/g, '');
    const hit = allowed[key];
    if (hit === undefined) this.reject('BAD_VALUE', `${this.label(column)} "${t}" is not one of ${Object.keys(allowed).join(' / ')}`);
    return hit ?? null;
  }

  /**
   * The row as one organization record: problems with its keys join the row's reasons, the
   * key statements come first, and empty values are left out (an empty cell is "not stated").
   * `statements` returns null when the row has nothing to record.
   */
  organization(keys: KeyResult, statements: () => StatementInput[] | null): MapResult {
    if (!keys.ok) this.reasons.push(...keys.reasons);
    return this.result(() => {
      const stated = keys.ok ? statements() : null;
      if (!keys.ok || stated === null) return [];
      const all = [...keys.statements, ...stated].filter((s) => s.value !== '');
      return [{ type: 'organization', sourceKey: keys.sourceKey, keys: keys.keys, statements: all }];
    });
  }

  result(records: () => HubRecord[]): MapResult {
    return this.reasons.length > 0 ? { ok: false, reasons: this.reasons } : { ok: true, records: records() };
  }
}
