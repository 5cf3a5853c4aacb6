/**
 * The `deliver` queue: one job per webhook that has events to receive (job id `hook-<id>`, so
 * there is never more than one, and its events go out in order). A worker process tails the
 * feed; whenever the head moves, and on every poll, it adds a job for each active webhook
 * behind the head (adding an existing job id is a no-op). A failed delivery is retried by the
 * queue with exponential backoff, capped, until the webhook's failure limit disables it.
 */
import { Queue, Worker } from 'bullmq';
import type { Database } from '../../db/client.js';
import { logger } from '../../log/logger.js';
import { redisOptions, type QueueSettings } from '../../queue/connection.js';
import type { Pii } from '../../security/pii.js';
import { FeedTail } from '../tail.js';
import { deliverWebhook, type DeliverySettings } from './deliver.js';
import { webhooksBehind } from './store.js';

export const DELIVER_QUEUE = 'deliver';

export interface DeliverJobData {
  webhookId: number;
}

export function deliveryQueue(settings: QueueSettings) {
  return new Queue<DeliverJobData>(DELIVER_QUEUE, { connection: redisOptions(settings.redisUrl), prefix: settings.prefix });
}

export type DeliveryQueue = ReturnType<typeof deliveryQueue>;

const jobId = (webhookId: number) => `hook-${webhookId}`;

/** Makes sure a delivery job exists for each webhook (no-op for those that have one). */
export async function enqueueDeliveries(queue: DeliveryQueue, hooks: readonly { id: number; maxFailures: number }[]): Promise<void> {
  if (hooks.length === 0) return;
  await queue.addBulk(
    hooks.map((h) => ({
      name: 'deliver',
      data: { webhookId: h.id },
      opts: {
        jobId: jobId(h.id),
        // The webhook's own failure count decides when to stop; the job never runs out first.
        attempts: h.maxFailures + 1,
        backoff: { type: 'capped' },
        removeOnComplete: true,
        removeOnFail: true,
      },
    })),
  );
}

/**
 * Delivers a webhook's events now: a job waiting out a retry delay is promoted (a replay or a
 * re-enabled webhook should not wait up to the backoff cap), else one is added.
 */
export async function wakeDelivery(queue: DeliveryQueue, hook: { id: number; maxFailures: number }): Promise<void> {
  const job = await queue.getJob(jobId(hook.id));
  if (job && (await job.isDelayed())) await job.promote();
  else await enqueueDeliveries(queue, [hook]);
}

/** 2^(n-1) × base, at most `max`, with ±20 % jitter so many failing webhooks do not retry in step. */
export function cappedBackoff(attemptsMade: number, baseMs: number, maxMs: number, random = Math.random): number {
  const raw = Math.min(maxMs, baseMs * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(raw * (0.8 + 0.4 * random()));
}

export interface DeliveryWorkerOptions {
  concurrency: number;
  backoffMs: number;
  backoffMaxMs: number;
  pollMs: number;
  delivery: DeliverySettings;
}

export interface DeliveryWorker {
  worker: Worker<DeliverJobData>;
  close(): Promise<void>;
}

/** `services.feed`: the process's tail when it already has one (`hub start`: the API's); else the worker tails the feed itself. */
export async function startDeliveryWorker(
  services: { db: Database; pii: Pii; feed?: FeedTail },
  settings: QueueSettings,
  opts: DeliveryWorkerOptions,
): Promise<DeliveryWorker> {
  const { db, pii } = services;
  const queue = deliveryQueue(settings);
  const worker = new Worker<DeliverJobData>(DELIVER_QUEUE, (job) => deliverWebhook(db, pii, job.data.webhookId, opts.delivery), {
    connection: redisOptions(settings.redisUrl),
    prefix: settings.prefix,
    concurrency: opts.concurrency,
    settings: { backoffStrategy: (attemptsMade: number) => cappedBackoff(attemptsMade, opts.backoffMs, opts.backoffMaxMs) },
  });
  worker.on('failed', (job, err) => logger().warn({ job: job?.id, err: err.message }, 'webhook delivery failed; retrying with backoff'));
  worker.on('error', (err) => logger().error({ err: err.message }, 'deliver worker error'));
  await worker.waitUntilReady();

  const tail = services.feed ?? new FeedTail(db, { pollMs: opts.pollMs });
  const ownTail = services.feed === undefined;
  let sweeping: Promise<void> | null = null;
  let again = false;
  // Sweeps run one at a time; a wake during one runs one more after it.
  const sweep = (): void => {
    if (sweeping) {
      again = true;
      return;
    }
    sweeping = (async () => {
      do {
        again = false;
        try {
          await enqueueDeliveries(queue, await webhooksBehind(db, tail.head));
        } catch (err) {
          logger().warn({ err: (err as Error).message }, 'webhook dispatch failed; retrying on the next poll');
        }
      } while (again);
      sweeping = null;
    })();
  };
  if (ownTail) await tail.start();
  const stopListening = tail.onAdvance(sweep);
  // Also on a timer: a job that was finishing when new events came keeps its id until it ends.
  const timer = setInterval(sweep, opts.pollMs);
  timer.unref();
  sweep();

  return {
    worker,
    async close() {
      clearInterval(timer);
      stopListening();
      if (ownTail) await tail.close();
      await sweeping;
      await worker.close();
      await queue.close();
    },
  };
}
