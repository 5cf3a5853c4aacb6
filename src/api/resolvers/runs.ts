/** Connectors, their runs and the quarantine: what data engineers watch. */
import DataLoader from 'dataloader';
import type { Queryable } from '../../db/client.js';
import { getConnector, loadConnectors } from '../../ingest/registry.js';
import { scrubPersonalData } from '../../security/scrub.js';
import type { ApiContext } from '../context.js';
import { badInput, notFound, parseId } from '../errors.js';
import { decodeCursor, pageSize, toConnection } from '../pagination.js';
import { Conditions, selectCamel } from '../../db/sql.js';
import { startBackgroundRun } from '../background-runs.js';
import { describeSchedule, listSchedules } from '../../queue/schedules.js';
import { enqueueSync } from '../../queue/sync-worker.js';

const RUN_COLUMNS = selectCamel('r', [
  'id',
  'connector',
  'status',
  'trigger',
  'started_at',
  'finished_at',
  'rows_read',
  'rows_accepted',
  'rows_quarantined',
  'files_processed',
  'files_skipped',
  'entities_created',
  'entities_updated',
  'error',
]);
const QUARANTINE_COLUMNS = selectCamel('q', [
  'id',
  'connector',
  'run_id',
  'file',
  'line',
  'raw',
  'reasons',
  'held_key',
  'released_at',
  'released_to',
  'created_at',
]);

interface RunRow {
  id: number;
  connector: string;
  startedAt: string | Date;
  finishedAt: string | Date | null;
}

interface QuarantineRow {
  id: number;
  runId: number | null;
  raw: string | null;
  releasedTo: number | null;
}

/** The newest run of each connector asked for, in one query per request. */
export const lastRunLoader = (db: Queryable) =>
  new DataLoader<string, RunRow | null>(async (connectors) => {
    const rows = await db.query<RunRow>(
      `select distinct on (r.connector) ${RUN_COLUMNS} from sync_runs r where r.connector = any($1::text[]) order by r.connector, r.id desc`,
      [connectors],
    );
    const byConnector = new Map(rows.map((r) => [r.connector, r]));
    return connectors.map((c) => byConnector.get(c) ?? null);
  });

const runById = async (ctx: ApiContext, id: number) =>
  (await ctx.db.query<RunRow>(`select ${RUN_COLUMNS} from sync_runs r where r.id = $1`, [id]))[0] ?? null;

async function knownConnector(id: string, field: string) {
  const all = await loadConnectors();
  if (!all.some((c) => c.id === id)) throw badInput(field, `no connector "${id}" (${all.map((c) => c.id).join(', ')})`);
  return getConnector(id);
}

interface QuarantineArgs {
  connector?: string | null;
  runId?: string | null;
  file?: string | null;
  held?: boolean | null;
  first?: number | null;
  after?: string | null;
}

/** Newest first: the keyset runs backwards over ids. */
async function quarantinePage(ctx: ApiContext, args: QuarantineArgs) {
  const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
  const after = decodeCursor(args.after);
  const c = new Conditions();
  if (args.connector) c.add((p) => `q.connector = ${p}`, args.connector);
  if (args.runId != null) c.add((p) => `q.run_id = ${p}`, parseId('runId', args.runId));
  if (args.file) c.add((p) => `q.file = ${p}`, args.file);
  if (args.held === true) c.push('q.held_key is not null and q.released_at is null');
  if (args.held === false) c.push('(q.held_key is null or q.released_at is not null)');
  const where = c.where();
  const params = [...c.params];
  const countParams = c.params;
  params.push(after, first + 1);
  const rows = await ctx.db.query<QuarantineRow>(
    `select ${QUARANTINE_COLUMNS} from quarantine q where ${where} and ($${params.length - 1}::bigint is null or q.id < $${params.length - 1})
     order by q.id desc limit $${params.length}`,
    params,
  );
  return toConnection(
    rows,
    first,
    (r) => r.id,
    after,
    async () => {
      const [r] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from quarantine q where ${where}`, countParams);
      return r?.n ?? 0;
    },
  );
}

export const runResolvers = {
  Query: {
    async connectors(_: unknown, __: unknown, ctx: ApiContext) {
      const state = await ctx.db.query<{ connector: string; enabled: boolean; schedule: string | null }>(
        `select connector, enabled, schedule from connector_state`,
      );
      const byId = new Map(state.map((s) => [s.connector, s]));
      // One read of the schedulers for the whole list (QUEUE mode only: they live in Redis).
      const next = new Map(ctx.queue ? (await listSchedules(ctx.queue)).map((x) => [x.connector, x.next]) : []);
      return (await loadConnectors()).map((c) => ({
        id: c.id,
        department: c.department,
        title: c.title,
        schedule: byId.get(c.id)?.schedule ?? describeSchedule(c.schedule),
        enabled: byId.get(c.id)?.enabled ?? true,
        nextRunAt: next.get(c.id) ?? null,
      }));
    },
    async queue(_: unknown, __: unknown, ctx: ApiContext) {
      if (!ctx.queue) return { mode: 'INLINE', failedJobs: [] };
      const counts = await ctx.queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
      const failed = await ctx.queue.getFailed(0, 19);
      return {
        mode: 'QUEUE',
        ...counts,
        failedJobs: failed.map((j) => ({
          id: j.id ?? '',
          connector: j.data.connector,
          attempts: j.attemptsMade,
          reason: j.failedReason ? scrubPersonalData(j.failedReason) : null,
          failedAt: j.finishedOn ? new Date(j.finishedOn) : null,
        })),
      };
    },
    async syncRuns(
      _: unknown,
      args: { connector?: string | null; status?: string | null; first?: number | null; after?: string | null },
      ctx: ApiContext,
    ) {
      const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
      const after = decodeCursor(args.after);
      const filter = [args.connector ?? null, args.status ?? null];
      const where = `($1::text is null or r.connector = $1) and ($2::text is null or r.status = $2)`;
      const rows = await ctx.db.query<RunRow>(
        `select ${RUN_COLUMNS} from sync_runs r where ${where} and ($3::bigint is null or r.id < $3) order by r.id desc limit $4`,
        [...filter, after, first + 1],
      );
      return toConnection(
        rows,
        first,
        (r) => r.id,
        after,
        async () => {
          const [r] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from sync_runs r where ${where}`, filter);
          return r?.n ?? 0;
        },
      );
    },
    syncRun: (_: unknown, args: { id: string }, ctx: ApiContext) => runById(ctx, parseId('id', args.id)),
    quarantine: (_: unknown, args: QuarantineArgs, ctx: ApiContext) => quarantinePage(ctx, args),
  },
  Mutation: {
    async runConnector(_: unknown, args: { id: string }, ctx: ApiContext) {
      const connector = await knownConnector(args.id, 'id');
      if (ctx.queue) {
        const jobId = await enqueueSync(ctx.queue, connector.id, 'api', Date.now(), {
          attempts: ctx.env.HUB_SYNC_ATTEMPTS,
          backoffMs: ctx.env.HUB_SYNC_BACKOFF_MS,
        });
        return { connector: connector.id, mode: 'QUEUE', jobId, run: null };
      }
      const runId = await startBackgroundRun(ctx, connector, 'api');
      const run = await runById(ctx, runId);
      if (!run) throw notFound(`sync run ${runId}`);
      return { connector: connector.id, mode: 'INLINE', jobId: null, run };
    },
  },
  Connector: {
    lastRun: (c: { id: string }, _: unknown, ctx: ApiContext) => ctx.loaders.lastRunByConnector.load(c.id),
  },
  SyncRun: {
    id: (r: RunRow) => String(r.id),
    /** A failed run's message can quote a row: personal data in it is masked. */
    error: (r: RunRow & { error?: string | null }) => (r.error ? scrubPersonalData(r.error) : null),
    durationSeconds: (r: RunRow) => {
      const end = r.finishedAt ? new Date(r.finishedAt).getTime() : Date.now();
      return Math.max(0, (end - new Date(r.startedAt).getTime()) / 1000);
    },
    quarantine: (r: RunRow, args: { first?: number | null; after?: string | null }, ctx: ApiContext) =>
      quarantinePage(ctx, { runId: String(r.id), first: args.first, after: args.after }),
  },
  QuarantineEntry: {
    id: (q: QuarantineRow) => String(q.id),
    runId: (q: QuarantineRow) => (q.runId === null ? null : String(q.runId)),
    raw: (q: QuarantineRow) => (q.raw === null ? null : scrubPersonalData(q.raw)),
    releasedTo: (q: QuarantineRow, _: unknown, ctx: ApiContext) =>
      q.releasedTo === null ? null : ctx.loaders.organizationById.load(Number(q.releasedTo)),
  },
};
