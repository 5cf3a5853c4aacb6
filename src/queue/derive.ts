/**
 * The `derive` queue: the follow-up job of every successful sync. A sync job projects what its
 * run touched and leaves the facts queued (`derive_queue`); its derive job (id `derive-<run>`,
 * so a retried sync adds it once) evaluates them — and, on a new day, every organization —
 * through the same code as `hub ingest`. Several runs finishing close together cost one pass:
 * the first derive job drains what all of them queued, the others find little left.
 */
import { Queue, Worker } from 'bullmq';
import type { Hub } from '../app.js';
import { deriveQueued } from '../ingest/pipeline.js';
import { logger } from '../log/logger.js';
import { redisOptions, type QueueSettings } from './connection.js';
import { jobOptions, type RetryPolicy } from './retry.js';

export const DERIVE_QUEUE = 'derive';

export interface DeriveJobData {
  /** What caused it (`run:42`): the cause written on the facts' change events. */
  cause: string;
}

export function deriveQueue(settings: QueueSettings) {
  return new Queue<DeriveJobData>(DERIVE_QUEUE, { connection: redisOptions(settings.redisUrl), prefix: settings.prefix });
}

export type DeriveQueue = ReturnType<typeof deriveQueue>;

export async function enqueueDerive(queue: DeriveQueue, runId: number, retry: RetryPolicy): Promise<void> {
  await queue.add('derive', { cause: `run:${runId}` }, { jobId: `derive-${runId}`, ...jobOptions(retry) });
}

export async function startDeriveWorker(hub: Hub, settings: QueueSettings): Promise<Worker<DeriveJobData>> {
  const worker = new Worker<DeriveJobData>(
    DERIVE_QUEUE,
    async (job) => {
      await deriveQueued(hub, job.data.cause);
    },
    // One at a time per worker process: a derive already uses two database connections.
    { connection: redisOptions(settings.redisUrl), prefix: settings.prefix, concurrency: 1 },
  );
  worker.on('failed', (job, err) => logger().warn({ job: job?.id, err: err.message }, 'derive job failed'));
  worker.on('error', (err) => logger().error({ err: err.message }, 'derive worker error'));
  await worker.waitUntilReady();
  return worker;
}
