/**
 * Reads a connector's inbox folder: files in name order, each matched to one of the
 * connector's file sources, skipped when its content hash was processed before, resumed
 * after the saved line when a run was interrupted inside it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FileSource, ReadContext, ReadItem } from '../connector.js';
import { MalformedCsvError, readCsvRows } from './csv.js';
import { readXlsxRows } from './xlsx.js';
import { tableItems } from './table.js';

export async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return hash.digest('hex');
}

export async function listInbox(dir: string | undefined): Promise<string[]> {
  if (!dir) return [];
  try {
    const entries = await fs.promises.readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.startsWith('~$'))
      .map((e) => e.name)
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

export function sourceFor(fileName: string, sources: readonly FileSource[]): FileSource | undefined {
  return sources.find((s) => s.match.test(fileName));
}

export async function* readInbox(ctx: ReadContext<unknown>, sources: readonly FileSource[]): AsyncGenerator<ReadItem> {
  for (const name of await listInbox(ctx.inboxDir)) {
    if (ctx.signal.aborted) return;
    const source = sourceFor(name, sources);
    if (!source) continue;
    const full = path.join(ctx.inboxDir!, name);
    const fileHash = await hashFile(full);
    if (await ctx.isProcessed(fileHash)) {
      yield { type: 'fileSkipped', file: name, fileHash };
      continue;
    }
    const resumeAfter = ctx.cursor.fileHash === fileHash ? (ctx.cursor.line ?? 0) : 0;
    const ext = path.extname(name).toLowerCase();
    if (ext !== '.csv' && ext !== '.xlsx') {
      yield {
        type: 'fileRejected',
        file: name,
        fileHash,
        reasons: [`UNSUPPORTED_FORMAT: ${ext || 'no extension'} (CSV or XLSX expected)`],
      };
      continue;
    }
    const rows = ext === '.csv' ? readCsvRows(full) : readXlsxRows(full);
    try {
      yield* tableItems(rows, source, name, fileHash, resumeAfter, ext === '.csv');
    } catch (err) {
      if (err instanceof MalformedCsvError) {
        yield {
          type: 'rowRejected',
          file: name,
          fileHash,
          line: err.line,
          raw: '',
          reasons: [`MALFORMED_FILE: ${err.message}; rows after line ${err.line - 1} not read`],
        };
        yield { type: 'fileDone', file: name, fileHash, rows: -1 };
      } else {
        yield { type: 'fileRejected', file: name, fileHash, reasons: [`UNREADABLE_FILE: ${(err as Error).message}`] };
      }
    }
  }
}
