/**
 * The taxpayer register's paged HTTP API: `GET {base}/taxpayers?updatedSince=&page=&pageSize=`
 * answering `{ items: [...alias fields, updatedAt], nextPage }`.
 *
 * Cursor: every row carries `{ updatedSince, page, line, maxUpdatedAt }` — the run's query,
 * where to resume after the row, and the newest `updatedAt` seen so far — so an interrupted
 * run re-asks the same query from its last stored page and skips the rows it stored. The
 * incremental cursor only moves on the run's final row, whose cursor sets `updatedSince` to
 * the newest `updatedAt` and `page: 0` (no run in progress) in the same transaction as the row.
 * To know which row is final even when the last page comes back empty, the last row of each
 * page is held back until the next page has arrived.
 */
import { createHash } from 'node:crypto';
import type { CellValue } from '../../src/domain/result.js';
import { mapHeader } from '../../src/ingest/columns.js';
import type { Cursor, ReadContext, ReadItem, SourceRow } from '../../src/ingest/connector.js';
import { fetchPages, type Page } from '../../src/ingest/readers/http.js';
import { taxpayerColumns } from './taxpayers.js';

export interface TaxApiConfig {
  baseUrl?: string | undefined;
  token?: string | undefined;
  pageSize: number;
  retries: number;
  retryBaseMs: number;
  retryMaxMs: number;
  timeoutMs: number;
}

function parseBody(body: unknown): { items: unknown[]; nextPage: number | null } {
  const b = body as { items?: unknown; nextPage?: unknown } | null;
  if (typeof b !== 'object' || b === null || !Array.isArray(b.items)) throw new Error('taxpayers API: response has no "items" array');
  const next = b.nextPage ?? null;
  if (next !== null && !Number.isSafeInteger(next)) throw new Error(`taxpayers API: nextPage ${JSON.stringify(next)} is not a page number`);
  return { items: b.items, nextPage: next as number | null };
}

/** The later of two ISO-8601 instants (compared as instants: sources mix offsets). */
function later(current: string | undefined, candidate: unknown): string | undefined {
  if (typeof candidate !== 'string') return current;
  const t = Date.parse(candidate);
  if (Number.isNaN(t)) return current;
  return current === undefined || t > Date.parse(current) ? candidate : current;
}

function cellOf(v: unknown): CellValue {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

/** An item's fields under canonical names, through the same aliases as a file header. */
function cellsOf(item: unknown): Record<string, CellValue> {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return {};
  const entries = Object.entries(item as Record<string, unknown>);
  const { index } = mapHeader(
    entries.map(([k]) => k),
    taxpayerColumns,
  );
  const cells: Record<string, CellValue> = {};
  for (const [name, i] of index) cells[name] = cellOf(entries[i]![1]);
  return cells;
}

export async function* readTaxpayerApi(ctx: ReadContext<TaxApiConfig>): AsyncGenerator<ReadItem> {
  const { config, cursor } = ctx;
  const base = config.baseUrl!.replace(/\/+$/, '');
  const resuming = (cursor.page ?? 0) > 0;
  const since = cursor.updatedSince;
  const firstPage = resuming ? cursor.page! : 1;
  const storedThrough = resuming ? (cursor.line ?? 0) : 0;
  let newest = resuming ? (cursor.maxUpdatedAt ?? since) : since;

  const urlOf = (page: number) => {
    const u = new URL(`${base}/taxpayers`);
    if (since) u.searchParams.set('updatedSince', since);
    u.searchParams.set('page', String(page));
    u.searchParams.set('pageSize', String(config.pageSize));
    return u;
  };
  const rowsOf = (page: Page<unknown>): SourceRow[] => {
    const u = urlOf(page.page);
    const fileHash = createHash('sha256').update(u.href).digest('hex');
    const file = `taxpayers API ${u.pathname}${u.search}`;
    const rows: SourceRow[] = [];
    page.items.forEach((item, i) => {
      const line = i + 1;
      if (page.page === firstPage && line <= storedThrough) return;
      newest = later(newest, (item as { updatedAt?: unknown } | null)?.updatedAt);
      const rowCursor: Cursor = {
        page: page.page,
        line,
        ...(since ? { updatedSince: since } : {}),
        ...(newest ? { maxUpdatedAt: newest } : {}),
      };
      rows.push({ source: 'taxpayers', file, fileHash, line, raw: JSON.stringify(item), cells: cellsOf(item), cursor: rowCursor });
    });
    return rows;
  };

  const pages = fetchPages<unknown>({
    firstPage,
    url: (page) => urlOf(page).href,
    parse: parseBody,
    signal: ctx.signal,
    headers: config.token ? { authorization: `Bearer ${config.token}` } : {},
    retry: { retries: config.retries, baseMs: config.retryBaseMs, maxMs: config.retryMaxMs, timeoutMs: config.timeoutMs },
  });
  let held: SourceRow | null = null;
  try {
    for await (const page of pages) {
      const rows: SourceRow[] = held ? [held, ...rowsOf(page)] : rowsOf(page);
      held = null;
      if (page.nextPage === null) {
        const last = rows.at(-1);
        if (last) last.cursor = { page: 0, line: 0, ...(newest ? { updatedSince: newest, maxUpdatedAt: newest } : {}) };
        for (const row of rows) yield { type: 'row', row };
        return;
      }
      held = rows.pop() ?? null;
      for (const row of rows) yield { type: 'row', row };
    }
  } catch (err) {
    // Aborted: what was yielded is committed; the held row is read again on resume.
    if (ctx.signal.aborted) return;
    throw err;
  }
}
