/**
 * Bookkeeping for truth.json: which organizations each written row refers
 * to, and which rows are defective by design. Links are kept compactly in
 * memory (one small array per row), streamed to an NDJSON side file, or
 * dropped, so a 200k-organization run stays within memory.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import type { ConnectorId } from './contract.js';
import type { Category, LinkCategory } from './defects.js';
import { orgId } from './model.js';

export type LinksMode = 'embed' | 'stream' | 'none';

export interface FileRecord {
  readonly connector: ConnectorId;
  readonly file: string;
  readonly format: 'csv' | 'xlsx';
  readonly encoding: 'utf8' | 'utf8bom' | 'gb18030' | null;
  /** Line (CSV) or row (XLSX) of the header; data follows on the next one. */
  readonly headerLine: number;
  dataRows: number;
  quarantined: number;
  /** Per data row, in order: the organizations it refers to (embed mode only). */
  readonly rows: number[][] | null;
}

export interface DefectRecord {
  readonly connector: ConnectorId;
  readonly file: string;
  readonly line: number;
  readonly category: Category | LinkCategory;
  /** QUARANTINE: the hub must not use the row; LINK: odd, but the hub must place it. */
  readonly expect: 'QUARANTINE' | 'LINK';
  readonly orgs: readonly number[];
}

export class Recorder {
  readonly files: FileRecord[] = [];
  readonly defects: DefectRecord[] = [];
  private readonly linksFd: number | null;
  private pending: string[] = [];

  constructor(
    readonly mode: LinksMode,
    readonly linksPath: string | null,
  ) {
    this.linksFd = mode === 'stream' && linksPath ? openSync(linksPath, 'w') : null;
  }

  /**
   * In stream mode each file starts with `{"connector","file","headerLine"}`,
   * followed by one `[line, ["O000123", …]]` per data row.
   */
  beginFile(r: Omit<FileRecord, 'dataRows' | 'quarantined' | 'rows'>): FileRecord {
    const rec: FileRecord = { ...r, dataRows: 0, quarantined: 0, rows: this.mode === 'embed' ? [] : null };
    this.files.push(rec);
    if (this.linksFd !== null) this.pending.push(JSON.stringify({ connector: r.connector, file: r.file, headerLine: r.headerLine }));
    return rec;
  }

  row(f: FileRecord, line: number, orgs: readonly number[]): void {
    f.dataRows++;
    f.rows?.push(orgs.slice());
    if (this.linksFd !== null) {
      this.pending.push(JSON.stringify([line, orgs.map(orgId)]));
      if (this.pending.length >= 5000) this.flush();
    }
  }

  defect(f: FileRecord, line: number, category: Category | LinkCategory, expect: 'QUARANTINE' | 'LINK', orgs: readonly number[]): void {
    if (expect === 'QUARANTINE') f.quarantined++;
    this.defects.push({ connector: f.connector, file: f.file, line, category, expect, orgs: orgs.slice() });
  }

  private flush(): void {
    if (this.linksFd === null || this.pending.length === 0) return;
    writeSync(this.linksFd, this.pending.join('\n') + '\n');
    this.pending = [];
  }

  close(): void {
    this.flush();
    if (this.linksFd !== null) closeSync(this.linksFd);
  }
}
