/**
 * Ledger files officials open in Excel: XLSX through exceljs's streaming writer (a title
 * row, a frozen bold header, column widths, codes kept as text), or CSV in UTF-8 with a
 * byte-order mark (without it Excel reads UTF-8 as the local code page) and CRLF lines.
 */
import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { LedgerColumn } from './columns.js';
import type { LedgerRow } from './query.js';

export type LedgerFormat = 'xlsx' | 'csv';

export interface LedgerSink {
  write(rows: LedgerRow[]): Promise<void>;
  close(): Promise<void>;
}

/** Excel would turn long digit strings into 1.50302E+11 and drop a leading zero: keep them text. */
const LONG_DIGITS = /^\d{11,}$/;
/** A cell starting like a formula must not run as one when opened (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

function cellText(v: LedgerRow[string]): string {
  if (v === null || v === undefined) return '';
  return String(v);
}

export function csvSink(out: Writable, columns: readonly LedgerColumn[]): LedgerSink {
  const quote = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const field = (c: LedgerColumn, v: LedgerRow[string]) => {
    if (c.type === 'percent' && typeof v === 'number') return `${(v * 100).toFixed(1)}%`;
    let s = cellText(v);
    if (FORMULA_START.test(s)) s = `'${s}`;
    // A tab before a long code makes Excel keep it as text; a reader trims it.
    else if (LONG_DIGITS.test(s)) s = `\t${s}`;
    return quote(s);
  };
  const write = (text: string) => new Promise<void>((resolve, reject) => out.write(text, (err) => (err ? reject(err) : resolve())));
  let started = false;
  return {
    async write(rows) {
      let text = started ? '' : `\uFEFF${columns.map((c) => quote(c.header)).join(',')}\r\n`;
      started = true;
      for (const r of rows) text += `${columns.map((c) => field(c, r[c.key] ?? null)).join(',')}\r\n`;
      await write(text);
    },
    async close() {
      if (!started) await this.write([]);
      await new Promise<void>((resolve) => out.end(resolve));
    },
  };
}

export function xlsxSink(out: Writable, columns: readonly LedgerColumn[], title: string): LedgerSink {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = workbook.addWorksheet(title.slice(0, 31), { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.columns = columns.map((c) => ({ key: c.key, width: c.width }));
  const titleRow = sheet.addRow([title]);
  titleRow.font = { bold: true, size: 14 };
  sheet.mergeCells(1, 1, 1, columns.length);
  titleRow.commit();
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
  return {
    async write(rows) {
      for (const r of rows) {
        const row = sheet.addRow(
          columns.map((c) => {
            const v = r[c.key] ?? null;
            if (v === null) return null;
            if (c.type === 'number' || c.type === 'percent') return typeof v === 'number' ? v : Number(v);
            return String(v);
          }),
        );
        columns.forEach((c, i) => {
          if (c.type === 'percent') row.getCell(i + 1).numFmt = '0.0%';
        });
        row.commit();
      }
    },
    async close() {
      sheet.commit();
      await workbook.commit();
    },
  };
}
