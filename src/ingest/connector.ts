/**
 * The connector kit's types. A connector is a folder under `connectors/` whose index.ts
 * default-exports `defineConnector({...})`; nothing in src/ changes to add one.
 */
import type { z } from 'zod';
import type { CellValue } from '../domain/result.js';
import type { HubRecord } from './records.js';

/** How often a connector runs: every N milliseconds, or a cron pattern. */
export type Schedule = { every: number } | { cron: string; tz?: string };

/** Where a reader is within its source, saved after every committed batch. */
export interface Cursor {
  /** File sources: the file being read and the last committed line in it. */
  fileHash?: string;
  line?: number;
  /** HTTP sources: incremental cursor between runs, and the last stored page within a run. */
  updatedSince?: string;
  page?: number;
  /** HTTP sources: the newest `updatedAt` seen in this run (becomes `updatedSince` when it completes). */
  maxUpdatedAt?: string;
}

/** One row of a source, with the cells under their canonical column names. */
export interface SourceRow {
  /** The source family within the connector (e.g. `enterprises`, `annual_reports`). */
  source: string;
  file: string;
  fileHash: string;
  /** 1-based line in the file (CSV), row number in the sheet (XLSX), or item index (API). */
  line: number;
  /** The row as delivered, for quarantine. */
  raw: string;
  cells: Record<string, CellValue>;
  /** The position to resume after this row. */
  cursor: Cursor;
}

export type ReadItem =
  | { type: 'row'; row: SourceRow }
  /** A file that cannot be read at all (missing required column, empty, unreadable). */
  | { type: 'fileRejected'; file: string; fileHash: string; reasons: string[]; raw?: string }
  /** A row that cannot even be split into cells (too few columns, undecodable bytes). */
  | { type: 'rowRejected'; file: string; fileHash: string; line: number; raw: string; reasons: string[] }
  /** A file whose content was processed before: nothing is read. */
  | { type: 'fileSkipped'; file: string; fileHash: string }
  /** Every row of the file has been yielded: after they commit, the file counts as processed. */
  | { type: 'fileDone'; file: string; fileHash: string; rows: number };

export type MapResult = { ok: true; records: HubRecord[] } | { ok: false; reasons: string[] };

export interface ReadContext<C> {
  connectorId: string;
  config: C;
  /** `<inbox>/<connector-id>/`; undefined when the connector reads only from an API. */
  inboxDir: string | undefined;
  cursor: Cursor;
  isProcessed(fileHash: string): Promise<boolean>;
  signal: AbortSignal;
}

/** Canonical column → the header the contract names and the aliases real exports use. */
export interface ColumnSpec {
  header: string;
  aliases?: readonly string[];
  required?: boolean;
}

export interface FileSource {
  /** Source family name, e.g. `insured_units`. */
  name: string;
  /** Which files in the inbox it reads (file name, case-insensitive). */
  match: RegExp;
  columns: Record<string, ColumnSpec>;
  map(row: SourceRow): MapResult;
}

export interface ConnectorDefinition<S extends z.ZodType = z.ZodType> {
  id: string;
  /** Code of the department it belongs to (see src/domain/departments.ts). */
  department: string;
  title: string;
  description?: string;
  /** Validated configuration with defaults (env `HUB_CONNECTOR_<ID>_<KEY>` or the API). */
  configSchema: S;
  schedule: Schedule;
  /** Run order within `hub ingest`: registrars first so others can link to their records. */
  order?: number;
  files?: readonly FileSource[];
  /** A custom reader (HTTP API); file connectors get one from `files`. */
  read?(ctx: ReadContext<z.infer<S>>): AsyncIterable<ReadItem>;
  /** Maps rows of a custom reader; file rows map through their FileSource. */
  map?(row: SourceRow): MapResult;
}

export interface Connector<S extends z.ZodType = z.ZodType> extends ConnectorDefinition<S> {
  read(ctx: ReadContext<z.infer<S>>): AsyncIterable<ReadItem>;
  map(row: SourceRow): MapResult;
  parseConfig(input: unknown): z.infer<S>;
}
