/**
 * One run of one connector: read → map → (per batch, in one transaction) resolve, write
 * statements and links, upsert Party records, quarantine, rebuild touched projections with
 * their change events, save the cursor. Memory is bounded by the batch, not the file.
 */
import path from 'node:path';
import type { Database, Queryable } from '../db/client.js';
import { logger } from '../log/logger.js';
import { drainDeriveQueue, drainProjectionQueue, enqueueProjection } from '../resolve/queue.js';
import { refreshStatistics } from '../db/statistics.js';
import { deriveStale, VACUUM_AFTER } from '../facts/derive.js';
import { RULE_PROPERTIES } from '../facts/load.js';
import { PROJECTED_PROPERTIES } from '../resolve/projection.js';
import { corroborateHeldCodes } from '../resolve/held-codes.js';
import type { Resolution } from '../resolve/resolver.js';
import type { Connector, Cursor, ReadItem, SourceRow } from './connector.js';
import type { OrganizationRecord, RelatedRecord } from './records.js';
import { isCheckFailedCode } from '../domain/uscc.js';
import { referencedOrganizations } from './referenced.js';
import { resolveConnectorConfig } from './config.js';
import type { IngestServices } from './services.js';
import { upsertStatements, type StatementRow } from './write/statements.js';
import { writeQuarantine, type QuarantineEntry } from './write/quarantine.js';
import { linkPendingRelations, upsertGuidanceOfficers, upsertMembers, upsertPartyBodies } from './write/party.js';
import { assignZones, upsertZones } from './write/zones.js';
import { assignIndustryCommittees } from '../coverage/industry-committees.js';
import { finishRun, loadState, markFilesProcessed, saveCursor, startRun, type RunCounts } from './runs.js';

/** Batches between checks of the planner statistics (see src/db/statistics.ts). */
const STATISTICS_EVERY = 4;

/** A new statement of one of these can change an organization's projection or facts. */
const WATCHED_PROPERTIES = [...PROJECTED_PROPERTIES, ...RULE_PROPERTIES];

export interface RunOptions {
  trigger?: string;
  /** Root inbox folder; the connector reads `<inboxRoot>/<connector-id>/`. */
  inboxRoot?: string;
  batchSize?: number;
  signal?: AbortSignal;
  onProgress?: (p: RunCounts) => void;
  /** Resume this run id (a retried job) instead of starting a new run. */
  runId?: number;
  /**
   * Project what the run touched but leave their facts queued: the caller runs several
   * connectors and then `deriveQueued` once (`hub ingest`), instead of deriving after each.
   */
  deferDerive?: boolean;
}

export interface RunSummary extends RunCounts {
  runId: number;
  connector: string;
  status: 'SUCCEEDED' | 'FAILED' | 'INTERRUPTED';
  durationMs: number;
  error?: string;
}

interface Batch {
  rows: number;
  orgs: { row: SourceRow; record: OrganizationRecord }[];
  /** Records that reference organizations by code (Party bodies, members, officers). */
  related: { row: SourceRow; record: RelatedRecord }[];
  quarantine: QuarantineEntry[];
  doneFiles: { file: string; fileHash: string; rows: number }[];
  cursor: Cursor | null;
}

const emptyBatch = (): Batch => ({ rows: 0, orgs: [], related: [], quarantine: [], doneFiles: [], cursor: null });

export async function runConnector(services: IngestServices, connector: Connector, opts: RunOptions = {}): Promise<RunSummary> {
  const { db } = services;
  const started = Date.now();
  const state = await loadState(db, connector.id);
  const runId = opts.runId ?? (await startRun(db, connector.id, opts.trigger ?? 'manual'));
  const log = logger().child({ runId, connector: connector.id });
  const counts: RunCounts = {
    rowsRead: 0,
    rowsAccepted: 0,
    rowsQuarantined: 0,
    filesProcessed: 0,
    filesSkipped: 0,
    entitiesCreated: 0,
    entitiesUpdated: 0,
  };
  const signal = opts.signal ?? new AbortController().signal;
  const batchSize = opts.batchSize ?? 5000;
  let batch = emptyBatch();

  // A batch is written while the next one is read and mapped (Node parses while PostgreSQL
  // writes). Writes still commit one at a time and in order: a batch resolves against the
  // organizations the previous one created, and a batch's cursor must not pass an unwritten one.
  let writing: Promise<void> = Promise.resolve();
  let batches = 0;
  let writeFailed: { err: unknown } | null = null;
  const settle = async () => {
    await writing;
    if (writeFailed) throw writeFailed.err;
  };
  const flush = async () => {
    if (batch.rows === 0 && batch.doneFiles.length === 0 && batch.quarantine.length === 0) return;
    const b = batch;
    batch = emptyBatch();
    await settle();
    writing = db
      .transaction(async (tx) => {
        // A batch carries its own cursor: if a crash loses its commit, the run resumes before it
        // and writes it again. So waiting for the WAL flush buys nothing here.
        await tx.query(`set local synchronous_commit = off`);
        // Room to sort a batch's statements in memory rather than on disk.
        await tx.query(`set local work_mem = '64MB'`);
        const quarantined = await writeBatch(tx, services, connector.id, runId, b);
        if (b.cursor) await saveCursor(tx, connector.id, b.cursor);
        await markFilesProcessed(tx, connector.id, runId, b.doneFiles);
        return quarantined;
      })
      .then(async (quarantined) => {
        counts.rowsAccepted += b.rows - quarantined;
        counts.rowsQuarantined += quarantined;
        counts.filesProcessed += b.doneFiles.length;
        opts.onProgress?.({ ...counts });
        // Every few batches: tables this run grows get statistics of their present size.
        if (++batches % STATISTICS_EVERY === 0) await refreshStatistics(db);
      })
      .then(
        () => {},
        (err: unknown) => {
          writeFailed = { err };
        },
      );
  };

  const handle = async (item: ReadItem) => {
    switch (item.type) {
      case 'row': {
        counts.rowsRead++;
        batch.rows++;
        batch.cursor = item.row.cursor;
        const mapped = connector.map(item.row);
        if (!mapped.ok) {
          batch.quarantine.push({
            file: item.row.file,
            fileHash: item.row.fileHash,
            line: item.row.line,
            raw: item.row.raw,
            reasons: mapped.reasons,
          });
          break;
        }
        for (const record of mapped.records) {
          if (record.type === 'organization') batch.orgs.push({ row: item.row, record });
          else {
            batch.related.push({ row: item.row, record });
            for (const org of referencedOrganizations(record)) batch.orgs.push({ row: item.row, record: org });
          }
        }
        break;
      }
      case 'rowRejected':
        counts.rowsRead++;
        batch.rows++;
        batch.quarantine.push({ file: item.file, fileHash: item.fileHash, line: item.line, raw: item.raw, reasons: item.reasons });
        break;
      case 'fileRejected':
        batch.quarantine.push({ file: item.file, fileHash: item.fileHash, line: 0, raw: item.raw ?? null, reasons: item.reasons });
        batch.doneFiles.push({ file: item.file, fileHash: item.fileHash, rows: 0 });
        await flush();
        break;
      case 'fileDone':
        batch.doneFiles.push({ file: item.file, fileHash: item.fileHash, rows: item.rows });
        await flush();
        break;
      case 'fileSkipped':
        counts.filesSkipped++;
        break;
    }
    if (batch.rows >= batchSize) await flush();
  };

  try {
    // A bad configuration fails this run (recorded, with the setting named), not the process.
    const config = resolveConnectorConfig(connector, state.config);
    const inboxDir = opts.inboxRoot ? path.join(opts.inboxRoot, connector.id) : (config as { inbox?: string }).inbox;
    const items = connector.read({
      connectorId: connector.id,
      config,
      inboxDir,
      cursor: state.cursor,
      isProcessed: async (hash) => {
        // The file before may still be being written (and marked processed).
        await settle();
        const rows = await db.query(`select 1 from processed_files where connector = $1 and content_hash = $2`, [connector.id, hash]);
        return rows.length > 0;
      },
      signal,
    });
    for await (const item of items) {
      await handle(item);
      if (signal.aborted) break;
    }
    await flush();
    await settle();
    await refreshStatistics(db);
    const interrupted = signal.aborted;
    // Also drains what an interrupted earlier run left queued: nothing waits for a next run.
    if (!interrupted) {
      const linked = await db.transaction((tx) => linkPendingRelations(tx, `run:${runId}`));
      await db.transaction((tx) => enqueueProjection(tx, linked, new Set(), `run:${runId}`));
    }
    // An interrupted run leaves its queue to the run that resumes it: projecting now would let
    // the rest of the run resolve against keys an uninterrupted run would not have seen yet.
    if (!interrupted) {
      const projected = await drainProjectionQueue(db, services, { derive: opts.deferDerive !== true });
      counts.entitiesCreated += projected.created;
      counts.entitiesUpdated += projected.updated;
    }
    // Addresses and industries are projected now: place organizations in zones and under
    // industry committees (neither is a rule input, so no facts change).
    if (!interrupted)
      await db.transaction(async (tx) => {
        await assignZones(tx, `run:${runId}`);
        await assignIndustryCommittees(tx, `run:${runId}`);
      });
    if (!interrupted && opts.deferDerive !== true) await deriveQueued(services, `run:${runId}`);
    const status = interrupted ? 'INTERRUPTED' : 'SUCCEEDED';
    await finishRun(db, runId, status, counts, null, !interrupted);
    log.info({ ...counts, status }, 'run finished');
    return { runId, connector: connector.id, status, durationMs: Date.now() - started, ...counts };
  } catch (err) {
    // No batch may still be writing when the run is marked failed.
    await writing;
    const message = (err as Error).message;
    log.error({ err }, 'run failed');
    await finishRun(db, runId, 'FAILED', counts, message, false);
    return { runId, connector: connector.id, status: 'FAILED', durationMs: Date.now() - started, error: message, ...counts };
  }
}

/**
 * Derives the facts that runs left queued (`deferDerive`, or an interrupted ingest), then every
 * organization whose facts are of another date: a new day (or another --as-of) reaches every
 * organization, not only the ones a run touched.
 */
export async function deriveQueued(services: IngestServices, cause: string): Promise<void> {
  const { db } = services;
  await refreshStatistics(db);
  // Two drainers on PostgreSQL (each takes its own chunks, `skip locked`): one loads or
  // writes while the other is in the rules. PGlite has one connection.
  const drainers = db.engine === 'postgres' ? 2 : 1;
  const derived = (await Promise.all(Array.from({ length: drainers }, () => drainDeriveQueue(db, services)))).reduce((a, b) => a + b, 0);
  // Coverage reads an index-only scan of organizations: after rewriting many rows the
  // visibility map must be current again (deriveStale does the same).
  if (derived >= VACUUM_AFTER) await db.query(`vacuum (analyze) organizations`);
  await deriveStale(db, services.rules, services.priorities, { cause });
}

async function writeBatch(tx: Queryable, services: IngestServices, connectorId: string, runId: number, b: Batch): Promise<number> {
  const inputs = new Map(b.orgs.map(({ record }) => [record.sourceKey, { sourceKey: record.sourceKey, keys: record.keys }]));
  const resolutions = await services.resolver.resolve(tx, connectorId, [...inputs.values()]);
  const statements: StatementRow[] = [];
  const touched = new Set<number>();
  const created = new Set<number>();
  const addStatements = (source: string, record: OrganizationRecord, entityId: number) => {
    touched.add(entityId);
    for (const s of record.statements) {
      statements.push({ entityId, property: s.property, value: s.value, period: s.period ?? '', source, sourceKey: record.sourceKey });
    }
  };
  await corroborate(tx, connectorId, b, resolutions, created, addStatements);
  const quarantine = [...b.quarantine];
  for (const { row, record } of b.orgs) {
    const r = resolutions.get(record.sourceKey);
    if (!r || !r.resolved) {
      const code = record.keys.usccCheckFailed;
      quarantine.push({
        file: row.file,
        fileHash: row.fileHash,
        line: row.line,
        raw: row.raw,
        reasons: [r?.reason ?? 'NO_KEY: not resolved'],
        held: code ? { key: code, source: `${connectorId}:${row.source}`, name: record.keys.normalizedName ?? null, record } : undefined,
      });
      continue;
    }
    if (r.created) created.add(r.entityId);
    addStatements(connectorId, record, r.entityId);
  }
  const changed = await upsertStatements(tx, statements, runId, WATCHED_PROPERTIES);
  const related = await rejectUnheldFlaggedCodes(tx, b.related, quarantine);
  const of = <T extends RelatedRecord['type']>(type: T) => related.filter((r): r is Extract<RelatedRecord, { type: T }> => r.type === type);
  const partyTouched = [
    ...(await upsertPartyBodies(tx, connectorId, of('partyBody'), `run:${runId}`)),
    ...(await upsertMembers(tx, connectorId, of('member'), services.pii, `run:${runId}`)),
    ...(await upsertGuidanceOfficers(tx, connectorId, of('guidanceOfficer'), services.pii, `run:${runId}`)),
  ];
  await upsertZones(tx, connectorId, of('zone'));
  await writeQuarantine(tx, connectorId, runId, quarantine);
  // Only organizations with a new statement of a projected or rule property, or a changed Party
  // relation, can project or derive differently;
  // they are rebuilt once at the end of the run, not once per batch that touched them.
  await enqueueProjection(
    tx,
    [...new Set([...[...touched].filter((id) => changed.has(id) || created.has(id)), ...partyTouched])],
    created,
    `run:${runId}`,
  );
  const rowsQuarantined = new Set(quarantine.filter((q) => q.line > 0).map((q) => `${q.fileHash}:${q.line}`)).size;
  return rowsQuarantined;
}

/**
 * A Party body, member or officer naming a unit by a USCC that fails its check digit links
 * only when an organization already holds that code (another source carried it); otherwise
 * the row goes to quarantine with the reason, like any row whose only key is such a code.
 */
async function rejectUnheldFlaggedCodes(tx: Queryable, related: Batch['related'], quarantine: QuarantineEntry[]): Promise<RelatedRecord[]> {
  const flagged = new Set(related.flatMap(({ record }) => referencedCodes(record).filter(isCheckFailedCode)));
  if (flagged.size === 0) return related.map((r) => r.record);
  const held = new Set(
    (await tx.query<{ uscc: string }>(`select uscc from organizations where uscc = any($1::text[])`, [[...flagged]])).map((r) => r.uscc),
  );
  const kept: RelatedRecord[] = [];
  for (const { row, record } of related) {
    const lone = referencedCodes(record).filter((c) => flagged.has(c) && !held.has(c));
    if (lone.length === 0) kept.push(record);
    else
      quarantine.push({
        file: row.file,
        fileHash: row.fileHash,
        line: row.line,
        raw: row.raw,
        reasons: lone.map((c) => `CHECK_DIGIT: USCC ${c} fails its check digit and no other source carries it`),
      });
  }
  return kept;
}

function referencedCodes(record: RelatedRecord): string[] {
  if (record.type === 'partyBody') return record.covered;
  if (record.type === 'guidanceOfficer') return record.guided;
  if (record.type === 'zone') return [];
  return record.employerUscc ? [record.employerUscc] : [];
}

/** Check-failed codes no organization holds: linked when a held row of another source agrees. */
async function corroborate(
  tx: Queryable,
  connectorId: string,
  b: Batch,
  resolutions: Map<string, Resolution>,
  created: Set<number>,
  addStatements: (source: string, record: OrganizationRecord, entityId: number) => void,
): Promise<void> {
  const bySource = new Map<string, OrganizationRecord[]>();
  for (const { row, record } of b.orgs) {
    const r = resolutions.get(record.sourceKey);
    if (r && !r.resolved && record.keys.usccCheckFailed) bySource.set(row.source, [...(bySource.get(row.source) ?? []), record]);
  }
  for (const [source, records] of bySource) {
    const c = await corroborateHeldCodes(tx, connectorId, source, records);
    for (const [key, entityId] of c.linked)
      resolutions.set(key, { resolved: true, entityId, method: 'USCC_FLAGGED', score: 0.95, created: true });
    for (const id of c.created) created.add(id);
    for (const h of c.released) addStatements(h.connector, h.record, h.entityId);
  }
}

export type { Database };
