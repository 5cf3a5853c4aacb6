/**
 * Row sinks: CSV (UTF-8, UTF-8 with BOM, GB18030) and XLSX. Both stream: a
 * sink holds at most one buffer of rows, never a whole file, so a 200k
 * organization city writes in bounded memory. Output is byte-for-byte
 * deterministic (fixed workbook dates, fixed zip timestamps).
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export type Cell = string | number;
export type Encoding = 'utf8' | 'utf8bom' | 'gb18030';

export interface RowSink {
  /** Writes one row; returns its 1-based line (CSV) or row number (XLSX). */
  write(cells: readonly Cell[], corruptCell?: number): number;
  /** Lets buffered streams drain; call every few thousand rows. */
  breathe(): Promise<void>;
  close(): Promise<void>;
}

/** Bytes that no GB18030 decoder accepts (0xFF is never a lead or trail byte). */
const UNDECODABLE = Buffer.from([0xff, 0xff]);
const FLUSH_AT = 1 << 20;

function csvField(v: Cell): string {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

class CsvSink implements RowSink {
  private readonly fd: number;
  private chunks: Buffer[] = [];
  private size = 0;
  private line = 0;

  constructor(
    path: string,
    private readonly encoding: Encoding,
    private readonly eol: string,
  ) {
    this.fd = openSync(path, 'w');
    if (encoding === 'utf8bom') this.push(Buffer.from([0xef, 0xbb, 0xbf]));
  }

  private encode(s: string): Buffer {
    return this.encoding === 'gb18030' ? iconv.encode(s, 'gb18030') : Buffer.from(s, 'utf8');
  }

  private push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
    if (this.size >= FLUSH_AT) this.flush();
  }

  private flush(): void {
    if (this.size === 0) return;
    writeSync(this.fd, Buffer.concat(this.chunks, this.size));
    this.chunks = [];
    this.size = 0;
  }

  write(cells: readonly Cell[], corruptCell?: number): number {
    if (corruptCell === undefined) {
      this.push(this.encode(cells.map(csvField).join(',') + this.eol));
    } else {
      // The broken bytes sit inside one cell, between two characters, as a
      // damaged export leaves them; the rest of the row stays readable.
      const before = cells.slice(0, corruptCell).map(csvField);
      const after = cells.slice(corruptCell + 1).map(csvField);
      const chars = [...String(cells[corruptCell] ?? '')];
      const mid = Math.max(1, Math.floor(chars.length / 2));
      const head = [...before, chars.slice(0, mid).join('')].join(',');
      const tail = [chars.slice(mid).join(''), ...after].join(',') + this.eol;
      this.push(Buffer.concat([this.encode(head), UNDECODABLE, this.encode(tail)]));
    }
    return ++this.line;
  }

  async breathe(): Promise<void> {}

  async close(): Promise<void> {
    this.flush();
    closeSync(this.fd);
  }
}

/** A fixed moment for workbook metadata and zip entries, so files are reproducible. */
export interface XlsxOptions {
  readonly stamp: Date;
  readonly sheetName?: string;
}

class XlsxSink implements RowSink {
  private readonly wb: ExcelJS.stream.xlsx.WorkbookWriter;
  private readonly ws: ExcelJS.Worksheet;
  private row = 0;

  constructor(
    private readonly path: string,
    private readonly options: XlsxOptions,
  ) {
    this.wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: false, useSharedStrings: false });
    this.wb.creator = 'export';
    this.wb.lastModifiedBy = 'export';
    this.wb.created = options.stamp;
    this.wb.modified = options.stamp;
    this.ws = this.wb.addWorksheet(options.sheetName ?? 'Sheet1');
  }

  write(cells: readonly Cell[]): number {
    this.ws.addRow(cells.slice()).commit();
    return ++this.row;
  }

  async breathe(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    this.ws.commit();
    await this.wb.commit();
    fixZipTimes(this.path, this.options.stamp);
  }
}

export function openCsv(path: string, encoding: Encoding, eol = '\n'): RowSink {
  return new CsvSink(path, encoding, eol);
}

export function openXlsx(path: string, options: XlsxOptions): RowSink {
  return new XlsxSink(path, options);
}

/**
 * The zip library stamps some entries with the wall clock; overwrite every
 * entry's DOS time/date (local header and central directory) with `stamp`.
 */
export function fixZipTimes(path: string, stamp: Date): void {
  const time = (stamp.getUTCHours() << 11) | (stamp.getUTCMinutes() << 5) | Math.floor(stamp.getUTCSeconds() / 2);
  const date = ((stamp.getUTCFullYear() - 1980) << 9) | ((stamp.getUTCMonth() + 1) << 5) | stamp.getUTCDate();
  const stampBytes = Buffer.alloc(4);
  stampBytes.writeUInt16LE(time, 0);
  stampBytes.writeUInt16LE(date, 2);
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    readSync(fd, tail, 0, tailLen, size - tailLen);
    const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${path}: no zip end record`);
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    const cd = Buffer.alloc(cdSize);
    readSync(fd, cd, 0, cdSize, cdOffset);
    let p = 0;
    for (let i = 0; i < entries; i++) {
      if (cd.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
      stampBytes.copy(cd, p + 12);
      const local = cd.readUInt32LE(p + 42);
      writeSync(fd, stampBytes, 0, 4, local + 10);
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    writeSync(fd, cd, 0, cdSize, cdOffset);
  } finally {
    closeSync(fd);
  }
}
