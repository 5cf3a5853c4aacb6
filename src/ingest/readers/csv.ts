/**
 * Streaming CSV: the file is decoded in the encoding detected for it and parsed record by
 * record, so memory stays flat whatever the file size. A file cut off mid-record (an open
 * quote at the end) quarantines the rest of the file and keeps everything before it.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import type { PhysicalRow } from './table.js';
import { detectFileEncoding } from './encoding.js';

export class MalformedCsvError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

export async function* readCsvRows(path: string): AsyncGenerator<PhysicalRow> {
  const encoding = await detectFileEncoding(path);
  const parser = fs
    .createReadStream(path)
    .pipe(iconv.decodeStream(encoding, { stripBOM: true }))
    .pipe(
      parse({
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        raw: true,
        info: true,
      }),
    );
  let lastLine = 0;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; raw: string; info: { lines: number } }>) {
      const raw = rec.raw.replace(/\r?\n$/, '');
      // info.lines is where the record ends; a quoted cell may span lines.
      const line = rec.info.lines - (raw.match(/\n/g)?.length ?? 0);
      lastLine = rec.info.lines;
      yield { line, cells: rec.record, raw };
    }
  } catch (err) {
    throw new MalformedCsvError(lastLine + 1, (err as Error).message);
  }
}
