import type { Command } from 'commander';
import { openHub, type Hub } from '../../app.js';
import { loadConnectors } from '../../ingest/registry.js';
import { applySchedules, listSchedules, wantedSchedules } from '../../queue/schedules.js';
import { startSyncWorker, syncQueue } from '../../queue/sync-worker.js';
import type { QueueSettings } from '../../queue/connection.js';
import type { RetryPolicy } from '../../queue/retry.js';
import { logger } from '../../log/logger.js';
import { renderTable } from '../ui/table.js';
import { waitForShutdown } from './serve.js';
import { startApiServer } from '../../api/http.js';
import { FeedTail } from '../../feed/tail.js';
import { deliveryQueue, startDeliveryWorker, type DeliveryWorkerOptions } from '../../feed/webhooks/queue.js';

const settingsOf = (hub: Hub): QueueSettings => ({ redisUrl: hub.env.REDIS_URL, prefix: hub.env.HUB_QUEUE_PREFIX });

export const retryOf = (hub: Hub): RetryPolicy => ({ attempts: hub.env.HUB_SYNC_ATTEMPTS, backoffMs: hub.env.HUB_SYNC_BACKOFF_MS });

/** Webhook deliveries from the hub's settings (src/feed/webhooks/queue.ts). */
export const deliveryOptions = (hub: Hub): DeliveryWorkerOptions => ({
  concurrency: hub.env.HUB_DELIVER_CONCURRENCY,
  backoffMs: hub.env.HUB_WEBHOOK_BACKOFF_MS,
  backoffMaxMs: hub.env.HUB_WEBHOOK_BACKOFF_MAX_MS,
  pollMs: hub.env.HUB_FEED_POLL_MS,
  delivery: { timeoutMs: hub.env.HUB_WEBHOOK_TIMEOUT_MS, allowPrivate: hub.env.HUB_WEBHOOK_ALLOW_PRIVATE },
});

const workerOptions = (hub: Hub, concurrency: number | undefined) => ({
  concurrency: concurrency ?? hub.env.HUB_WORKER_CONCURRENCY,
  retry: retryOf(hub),
  lockDuration: hub.env.HUB_WORKER_LOCK_MS,
  stalledInterval: hub.env.HUB_WORKER_STALLED_CHECK_MS,
});

/** Upserts one job scheduler per enabled connector and removes the others. */
export async function scheduleConnectors(hub: Hub): Promise<void> {
  const state = await hub.db.query<{ connector: string; enabled: boolean; schedule: string | null }>(
    `select connector, enabled, schedule from connector_state`,
  );
  const { wanted, invalid } = wantedSchedules(await loadConnectors(), new Map(state.map((s) => [s.connector, s])));
  for (const bad of invalid) logger().warn(bad, 'schedule not understood; the connector keeps its default');
  const queue = syncQueue(settingsOf(hub));
  try {
    await applySchedules(queue, wanted, retryOf(hub));
  } finally {
    await queue.close();
  }
}

/** The deliver queue and each webhook: active or not, failures in a row, events not yet served. */
async function writeDeliveryStatus(hub: Hub, settings: QueueSettings): Promise<void> {
  const deliver = deliveryQueue(settings);
  try {
    const counts = await deliver.getJobCounts('waiting', 'active', 'delayed', 'failed');
    process.stdout.write(
      `\ndeliver queue (${hub.env.HUB_QUEUE_PREFIX}): ${Object.entries(counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}\n`,
    );
  } finally {
    await deliver.close();
  }
  const hooks = await hub.db.query<{ id: number; name: string; active: boolean; failures: number; behind: number; last: string | null }>(
    `select w.id, w.name, w.active, w.consecutive_failures as failures,
            (select count(*)::int from change_events e where e.position > w.delivered_position) as behind,
            (select max(d.created_at)::text from webhook_deliveries d where d.webhook_id = w.id and d.status = 'SUCCEEDED') as last
     from webhooks w order by w.id`,
  );
  if (hooks.length)
    process.stdout.write(
      renderTable(
        ['webhook', 'name', 'status', 'failures in a row', 'events after its position', 'last delivered'],
        hooks.map((h) => [h.id, h.name, h.active ? 'ACTIVE' : 'DISABLED', h.failures, h.behind, h.last?.slice(0, 19) ?? '']),
      ),
    );
}

export function registerWorker(program: Command): void {
  program
    .command('worker')
    .description(
      'run connector jobs and webhook deliveries from Redis (REDIS_URL): schedules every enabled connector, retries with backoff, resumes interrupted runs',
    )
    .option('-c, --concurrency <n>', 'runs at once (env HUB_WORKER_CONCURRENCY, default 2)', (v) => Number(v))
    .action(async (opts: { concurrency?: number }) => {
      const hub = await openHub();
      await scheduleConnectors(hub);
      const worker = await startSyncWorker(hub, settingsOf(hub), workerOptions(hub, opts.concurrency));
      const deliveries = await startDeliveryWorker(hub, settingsOf(hub), deliveryOptions(hub));
      process.stdout.write(
        `worker ready (${hub.env.HUB_QUEUE_PREFIX}:sync, concurrency ${worker.worker.concurrency}; ${hub.env.HUB_QUEUE_PREFIX}:deliver, concurrency ${deliveries.worker.concurrency})\n`,
      );
      await waitForShutdown(async () => {
        await deliveries.close();
        await worker.close();
        await hub.close();
      });
    });

  program
    .command('start')
    .description('the API and a worker in one process, for a single machine (needs Redis: REDIS_URL)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 4000)', (v) => Number(v))
    .option('--host <host>', 'address to bind (env HOST, default 127.0.0.1)')
    .option('-c, --concurrency <n>', 'runs at once (env HUB_WORKER_CONCURRENCY, default 2)', (v) => Number(v))
    .action(async (opts: { port?: number; host?: string; concurrency?: number }) => {
      const hub = await openHub();
      await scheduleConnectors(hub);
      const worker = await startSyncWorker(hub, settingsOf(hub), workerOptions(hub, opts.concurrency));
      // One tail of the change feed for the API and the deliveries: one LISTEN, one sequencer pass per commit.
      const feed = new FeedTail(hub.db, { pollMs: hub.env.HUB_FEED_POLL_MS });
      await feed.start();
      const deliveries = await startDeliveryWorker({ ...hub, feed }, settingsOf(hub), deliveryOptions(hub));
      const queue = syncQueue(settingsOf(hub));
      const deliver = deliveryQueue(settingsOf(hub));
      const server = await startApiServer({ ...hub, queue, deliveries: deliver, feed }, { port: opts.port, host: opts.host });
      process.stdout.write(`GraphQL API at ${server.url}; worker ready (concurrency ${worker.worker.concurrency})\n`);
      await waitForShutdown(async () => {
        await server.close();
        await queue.close();
        await deliver.close();
        await deliveries.close();
        await feed.close();
        await worker.close();
        await hub.close();
      });
    });

  program
    .command('status')
    .description(
      "the sync queue (waiting, active, delayed, failed jobs), schedules, each connector's last run, the deliver queue and each webhook",
    )
    .action(async () => {
      const hub = await openHub();
      const queue = syncQueue(settingsOf(hub));
      try {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
        process.stdout.write(
          `sync queue (${hub.env.HUB_QUEUE_PREFIX}): ${Object.entries(counts)
            .map(([k, v]) => `${v} ${k}`)
            .join(', ')}\n`,
        );
        for (const job of await queue.getFailed(0, 9))
          process.stdout.write(`  failed: ${job.data.connector} (job ${job.id}, ${job.attemptsMade} attempts): ${job.failedReason}\n`);
        const next = new Map((await listSchedules(queue)).map((x) => [x.connector, x]));
        const last = await hub.db.query<{ connector: string; status: string; started_at: string; rows_read: number; error: string | null }>(
          `select distinct on (connector) connector, status, started_at::text, rows_read, error from sync_runs order by connector, id desc`,
        );
        const byConnector = new Map(last.map((r) => [r.connector, r]));
        const rows = (await loadConnectors()).map((c) => {
          const r = byConnector.get(c.id);
          const sch = next.get(c.id);
          return [
            c.id,
            sch?.schedule ?? '(not scheduled)',
            sch?.next?.toISOString() ?? '',
            r?.status ?? 'never run',
            r?.started_at?.slice(0, 19) ?? '',
            r?.rows_read ?? null,
          ];
        });
        process.stdout.write(renderTable(['connector', 'schedule', 'next run', 'last run', 'started', 'rows'], rows));
        await writeDeliveryStatus(hub, settingsOf(hub));
      } finally {
        await queue.close();
        await hub.close();
      }
    });

  program
    .command('schedule')
    .description('connector schedules')
    .command('list')
    .description('each scheduled connector with its schedule and next run')
    .action(async () => {
      const hub = await openHub();
      const queue = syncQueue(settingsOf(hub));
      try {
        const rows = (await listSchedules(queue)).map((s) => [s.connector, s.schedule, s.next?.toISOString() ?? '']);
        process.stdout.write(renderTable(['connector', 'schedule', 'next run'], rows));
      } finally {
        await queue.close();
        await hub.close();
      }
    });
}
