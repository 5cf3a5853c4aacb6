/**
 * Streaming XLSX (first sheet) with exceljs's WorkbookReader: rows arrive one at a time.
 * Cell objects (rich text, hyperlinks, formulas) are reduced to their shown value; dates
 * arrive as Dates because styles are read.
 */
import ExcelJS from 'exceljs';
import type { CellValue } from '../../domain/result.js';
import type { PhysicalRow } from './table.js';

function plainValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return (o.richText as { text: string }[]).map((t) => t.text).join('');
    if ('result' in o) return plainValue(o.result);
    if ('text' in o) return plainValue(o.text);
    if ('error' in o) return null;
  }
  return String(v);
}

function rawText(cells: CellValue[]): string {
  return cells.map((c) => (c instanceof Date ? c.toISOString().slice(0, 10) : c == null ? '' : String(c))).join(',');
}

export async function* readXlsxRows(path: string): AsyncGenerator<PhysicalRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'emit',
  });
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) {
      // row.values is 1-based with a hole at 0.
      const values = (row.values as unknown[]).slice(1).map(plainValue);
      yield { line: row.number, cells: values, raw: rawText(values) };
    }
    return; // first sheet only
  }
}
