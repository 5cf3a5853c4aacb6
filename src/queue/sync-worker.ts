/**
 * The `sync` queue: one job per connector run, from a schedule or a "run now"; a successful
 * run adds its follow-up job on the `derive` queue (./derive.ts). A job records
 * its run id in its data before the run starts, so a retried or recovered job (its worker
 * crashed or was stopped) continues the same sync_runs row from the connector's saved cursor.
 * SIGTERM aborts the runs at a batch boundary (cursor saved) and puts their jobs back as
 * delayed jobs, for this or another worker to resume; a SIGKILLed worker's job is found
 * stalled by BullMQ and taken over the same way.
 */
import { DelayedError, Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Hub } from '../app.js';
import { getConnector, loadConnectors } from '../ingest/registry.js';
import { runConnector } from '../ingest/pipeline.js';
import { startRun } from '../ingest/runs.js';
import { logger } from '../log/logger.js';
import { redisOptions, type QueueSettings } from './connection.js';
import { DEFAULT_RETRY, jobOptions, type RetryPolicy } from './retry.js';
import { deriveQueue, enqueueDerive, startDeriveWorker } from './derive.js';

export const SYNC_QUEUE = 'sync';

export interface SyncJobData {
  connector: string;
  trigger?: string;
  /** Set once the run is recorded; a retried job keeps it. */
  runId?: number;
}

export interface SyncWorkerOptions {
  concurrency: number;
  /** Retries of the follow-up derive jobs (default: 5 attempts from 5 s). */
  retry?: RetryPolicy;
  /** How often BullMQ looks for jobs of dead workers (ms); shorter in tests. */
  stalledInterval?: number;
  lockDuration?: number;
}

export function syncQueue(settings: QueueSettings) {
  return new Queue<SyncJobData>(SYNC_QUEUE, { connection: redisOptions(settings.redisUrl), prefix: settings.prefix });
}

export type SyncQueue = ReturnType<typeof syncQueue>;

/** A "run now": the id makes a second click within the same minute the same job. */
export async function enqueueSync(
  queue: SyncQueue,
  connector: string,
  trigger: string,
  now = Date.now(),
  retry: RetryPolicy = DEFAULT_RETRY,
): Promise<string> {
  // No colons: BullMQ refuses them in custom ids (a three-part one only passes by a legacy rule).
  const id = `now-${connector}-${Math.floor(now / 60_000)}`;
  const job = await queue.add('sync', { connector, trigger }, { jobId: id, ...jobOptions(retry) });
  return job.id ?? id;
}

export interface SyncWorker {
  worker: Worker<SyncJobData>;
  /** Stops taking jobs, interrupts running ones at a batch boundary and waits for them. */
  close(): Promise<void>;
}

export async function startSyncWorker(hub: Hub, settings: QueueSettings, opts: SyncWorkerOptions): Promise<SyncWorker> {
  const known = new Set((await loadConnectors()).map((c) => c.id));
  const derive = deriveQueue(settings);
  const deriveWorker = await startDeriveWorker(hub, settings);
  const running = new Map<string, AbortController>();
  let closing = false;

  const processJob = async (job: Job<SyncJobData>, token?: string) => {
    const { connector: id } = job.data;
    if (!known.has(id)) throw new UnrecoverableError(`no connector "${id}"`);
    const connector = await getConnector(id);
    let runId = job.data.runId;
    if (runId === undefined) {
      runId = await startRun(hub.db, id, job.data.trigger ?? 'schedule');
      await job.updateData({ ...job.data, runId });
    }
    const log = logger().child({ runId, connector: id, job: job.id });
    const abort = new AbortController();
    running.set(job.id ?? String(runId), abort);
    try {
      log.info({ attempt: job.attemptsMade + 1 }, 'sync job started');
      const summary = await runConnector(hub, connector, {
        runId,
        trigger: job.data.trigger ?? 'schedule',
        signal: abort.signal,
        deferDerive: true,
      });
      if (summary.status === 'FAILED') throw new Error(summary.error ?? 'run failed');
      if (summary.status === 'INTERRUPTED') {
        // Stopped by a shutdown: back to the queue, without spending an attempt.
        await job.moveToDelayed(Date.now() + 1_000, token);
        throw new DelayedError();
      }
      await enqueueDerive(derive, runId, opts.retry ?? DEFAULT_RETRY);
      return { runId, rowsRead: summary.rowsRead, rowsQuarantined: summary.rowsQuarantined };
    } finally {
      running.delete(job.id ?? String(runId));
    }
  };

  const worker = new Worker<SyncJobData>(SYNC_QUEUE, processJob, {
    connection: redisOptions(settings.redisUrl),
    prefix: settings.prefix,
    concurrency: opts.concurrency,
    // Only what is set: an undefined option would replace BullMQ's default.
    ...(opts.stalledInterval !== undefined && { stalledInterval: opts.stalledInterval }),
    ...(opts.lockDuration !== undefined && { lockDuration: opts.lockDuration }),
  });
  worker.on('failed', (job, err) => {
    if (!(err instanceof DelayedError)) logger().warn({ job: job?.id, err: err.message }, 'sync job failed');
  });
  // A Redis outage: BullMQ reconnects by itself; say so rather than crash.
  worker.on('error', (err) => logger().error({ err: err.message }, 'sync worker error'));
  await worker.waitUntilReady();

  return {
    worker,
    async close() {
      if (closing) return;
      closing = true;
      for (const a of running.values()) a.abort();
      await worker.close();
      await deriveWorker.close();
      await derive.close();
    },
  };
}
