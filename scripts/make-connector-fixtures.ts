/**
 * Writes each connector's test fixtures (`connectors/<id>/fixtures/`) from the rows its
 * `fixtures/make-fixtures.ts` declares, together with `expected.json`. Each row carries its
 * expected outcome, so the line numbers in expected.json are computed from the very layout
 * that is written and cannot drift from the files. The generated files are committed; run
 * this again only after changing a make-fixtures.ts.
 *
 *   npx tsx scripts/make-connector-fixtures.ts [connector-id ...]
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type FixtureCell = string | number | boolean | Date | null;

/** Inside a CSV cell: two 0xFF bytes, which are neither UTF-8 nor GB18030. */
export const BAD_BYTES = '\u0000BAD_BYTES\u0000';

export interface FixtureRow {
  cells: FixtureCell[];
  /** Reason code expected in quarantine (the part before the colon); none for a good row. */
  expect?: string;
}

export interface FixtureFile {
  name: string;
  format: 'csv-gb18030' | 'csv-utf8-bom' | 'csv-utf8' | 'xlsx';
  /** Rows above the header, such as a report title. */
  title?: string[];
  header: string[];
  rows: FixtureRow[];
  /** Windows exports end lines with CRLF. */
  eol?: '\n' | '\r\n';
}

export interface FixtureSet {
  files: FixtureFile[];
  /** Table row counts expected after ingesting every file into an empty hub. */
  counts?: Record<string, number>;
}

export interface ExpectedFile {
  format: FixtureFile['format'];
  accepted: number;
  quarantined: { line: number; reason: string }[];
}

export interface Expected {
  files: Record<string, ExpectedFile>;
  counts?: Record<string, number>;
}

export const ok = (...cells: FixtureCell[]): FixtureRow => ({ cells });
export const bad = (expect: string, ...cells: FixtureCell[]): FixtureRow => ({ cells, expect });
/** A calendar day as XLSX stores it (UTC midnight). */
export const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

function csvText(cell: FixtureCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  const s = String(cell);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function csvBytes(file: FixtureFile): Buffer {
  const encode = (s: string) => (file.format === 'csv-gb18030' ? iconv.encode(s, 'gb18030') : Buffer.from(s, 'utf8'));
  const eol = file.eol ?? '\n';
  const lines = [...(file.title ?? []).map((t) => [t]), file.header, ...file.rows.map((r) => r.cells)];
  const parts: Buffer[] = file.format === 'csv-utf8-bom' ? [Buffer.from([0xef, 0xbb, 0xbf])] : [];
  for (const cells of lines) {
    const text = cells.map(csvText).join(',') + eol;
    text.split(BAD_BYTES).forEach((piece, i) => {
      if (i > 0) parts.push(Buffer.from([0xff, 0xff]));
      parts.push(encode(piece));
    });
  }
  return Buffer.concat(parts);
}

async function writeXlsx(file: FixtureFile, target: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  for (const t of file.title ?? []) {
    const row = ws.addRow([t]);
    ws.mergeCells(row.number, 1, row.number, file.header.length);
  }
  ws.addRow(file.header);
  for (const r of file.rows) {
    if (r.cells.some((c) => typeof c === 'string' && c.includes(BAD_BYTES)))
      throw new Error(`${file.name}: XLSX cannot carry undecodable bytes`);
    const row = ws.addRow(r.cells);
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd';
    });
  }
  await wb.xlsx.writeFile(target);
}

/** Writes the set's files and expected.json into `dir`. */
export async function writeFixtures(dir: string, set: FixtureSet): Promise<Expected> {
  const expected: Expected = { files: {} };
  for (const file of set.files) {
    const target = path.join(dir, file.name);
    if (file.format === 'xlsx') await writeXlsx(file, target);
    else await fs.writeFile(target, csvBytes(file));
    // CSV lines and XLSX rows are both 1-based, title rows first, then the header.
    const firstDataLine = (file.title?.length ?? 0) + 2;
    expected.files[file.name] = {
      format: file.format,
      accepted: file.rows.filter((r) => !r.expect).length,
      quarantined: file.rows.flatMap((r, i) => (r.expect ? [{ line: firstDataLine + i, reason: r.expect }] : [])),
    };
  }
  if (set.counts) expected.counts = set.counts;
  // One quarantined line per text line, so a diff of expected.json reads like the files.
  const json = JSON.stringify(expected, null, 2).replace(
    /\{\s+"line": (\d+),\s+"reason": ("[A-Z_]+")\s+\}/g,
    '{ "line": $1, "reason": $2 }',
  );
  await fs.writeFile(path.join(dir, 'expected.json'), `${json}\n`);
  return expected;
}

async function main(ids: string[]): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../connectors');
  const all = (await fs.readdir(root, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  for (const id of ids.length > 0 ? ids : all) {
    const script = path.join(root, id, 'fixtures', 'make-fixtures.ts');
    try {
      await fs.access(script);
    } catch {
      if (ids.length > 0) throw new Error(`${script} not found`);
      continue;
    }
    const set = ((await import(pathToFileURL(script).href)) as { default: FixtureSet }).default;
    const expected = await writeFixtures(path.dirname(script), set);
    for (const [name, e] of Object.entries(expected.files))
      console.log(`${id}/${name}: ${e.accepted} accepted, ${e.quarantined.length} quarantined`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
