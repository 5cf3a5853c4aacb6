/**
 * One ledger export, from the CLI or the HTTP download: pick the facts (stored, or computed
 * for another as-of date), stream the ledger's pages into an XLSX or CSV writer.
 */
import type { Writable } from 'node:stream';
import type { SourcePriority } from '../config/survivorship.js';
import type { Database } from '../db/client.js';
import { parseDivisionFilter } from '../domain/division.js';
import { factsRelation } from '../coverage/facts-source.js';
import type { RulesSettings } from '../facts/settings.js';
import { LEDGER_COLUMNS, LEDGER_TITLES, type LedgerKind } from './columns.js';
import { readLedger } from './query.js';
import { csvSink, xlsxSink, type LedgerFormat } from './write.js';

export interface LedgerExportOptions {
  kind: LedgerKind;
  format: LedgerFormat;
  division?: string | null;
  asOf?: string | null;
  /** The organizations the asker may see: an SQL predicate over `o` (src/security/access.ts); all when omitted. */
  scope?: string;
}

export class LedgerInputError extends Error {}

export function divisionPrefixOf(division: string | null | undefined): string {
  if (!division) return '';
  const d = parseDivisionFilter(division);
  if (!d.ok) throw new LedgerInputError(`division: ${d.absent ? 'empty' : d.reason}`);
  return d.value.prefix;
}

/** Writes the ledger to `out` (and ends it); returns the number of rows. */
export async function exportLedger(
  db: Database,
  services: { rules: RulesSettings; priorities: SourcePriority },
  opts: LedgerExportOptions,
  out: Writable,
): Promise<{ rows: number; asOf: string }> {
  const prefix = divisionPrefixOf(opts.division);
  const asOf = opts.asOf ?? services.rules.asOf();
  const columns = LEDGER_COLUMNS[opts.kind];
  const title = `${LEDGER_TITLES[opts.kind]}（${asOf}${opts.division ? `，${opts.division}` : ''}）`;
  const sink = opts.format === 'xlsx' ? xlsxSink(out, columns, title) : csvSink(out, columns);
  const rows = await db.transaction(async (tx) => {
    const relation = await factsRelation(tx, asOf, prefix, services, opts.scope);
    return readLedger(tx, relation, opts.kind, prefix, opts.scope ?? 'true', (page) => sink.write(page));
  });
  await sink.close();
  return { rows, asOf };
}

export const ledgerFileName = (o: LedgerExportOptions, asOf: string) =>
  `${o.kind}${o.division ? `-${o.division}` : ''}-${asOf}.${o.format}`;
