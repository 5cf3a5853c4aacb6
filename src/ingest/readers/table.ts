/**
 * What the CSV and XLSX readers share: finding the header row (title rows above it are
 * skipped), turning physical rows into SourceRows keyed by canonical column, and the
 * checks that reject a row before any cell is read.
 */
import type { CellValue } from '../../domain/result.js';
import { looksLikeHeader, mapHeader, type HeaderMapping } from '../columns.js';
import type { FileSource, ReadItem } from '../connector.js';

/** Title rows tolerated above the header before the file is judged headerless. */
const MAX_TITLE_ROWS = 10;

export interface PhysicalRow {
  line: number;
  cells: CellValue[];
  raw: string;
}

const isBlankCell = (c: CellValue) => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

/**
 * Turns a file's physical rows into read items: the header is located, each later row is
 * rejected (too few columns, undecodable bytes) or yielded with its cells by column name.
 */
export async function* tableItems(
  rows: AsyncIterable<PhysicalRow>,
  source: FileSource,
  file: string,
  fileHash: string,
  resumeAfterLine: number,
  /** CSV rows must have every column; XLSX omits trailing empty cells, so it may not. */
  strictWidth: boolean,
): AsyncGenerator<ReadItem> {
  let header: HeaderMapping | null = null;
  let headerWidth = 0;
  let yielded = 0;
  const titleRows: string[] = [];
  for await (const row of rows) {
    if (!header) {
      if (row.cells.every(isBlankCell)) continue;
      const texts = row.cells.map((c) => (c == null ? '' : String(c)));
      const mapping = mapHeader(texts, source.columns);
      if (looksLikeHeader(mapping, source.columns)) {
        if (mapping.missing.length > 0) {
          yield {
            type: 'fileRejected',
            file,
            fileHash,
            raw: row.raw,
            reasons: [`MISSING_COLUMN: required column ${mapping.missing.join(', ')} not in header`],
          };
          return;
        }
        header = mapping;
        // Trailing empty header cells (a stray comma) do not make rows "too short".
        headerWidth = texts.length;
        while (headerWidth > 0 && texts[headerWidth - 1]!.trim() === '') headerWidth--;
        continue;
      }
      titleRows.push(row.raw);
      if (titleRows.length >= MAX_TITLE_ROWS) break;
      continue;
    }
    if (row.line <= resumeAfterLine) continue;
    if (row.cells.every(isBlankCell)) continue;
    // U+FFFD: bytes the detected encoding could not decode; NUL: a UTF-16 or binary file.
    if (row.raw.includes('\uFFFD') || row.raw.includes('\u0000')) {
      yield {
        type: 'rowRejected',
        file,
        fileHash,
        line: row.line,
        raw: row.raw,
        reasons: ['UNDECODABLE: bytes that are neither UTF-8 nor GB18030'],
      };
      continue;
    }
    if (strictWidth && row.cells.length < headerWidth) {
      yield {
        type: 'rowRejected',
        file,
        fileHash,
        line: row.line,
        raw: row.raw,
        reasons: [`TOO_FEW_COLUMNS: ${row.cells.length} of ${headerWidth} columns`],
      };
      continue;
    }
    const cells: Record<string, CellValue> = {};
    for (const [name, i] of header.index) cells[name] = row.cells[i];
    yielded++;
    yield {
      type: 'row',
      row: { source: source.name, file, fileHash, line: row.line, raw: row.raw, cells, cursor: { fileHash, line: row.line } },
    };
  }
  if (!header) {
    const reason = titleRows.length === 0 ? 'EMPTY_FILE: no rows' : 'NO_HEADER: no row names the contract columns';
    yield { type: 'fileRejected', file, fileHash, reasons: [reason], raw: titleRows.slice(0, 3).join('\n') };
    return;
  }
  yield { type: 'fileDone', file, fileHash, rows: yielded };
}
