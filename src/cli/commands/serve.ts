import type { Command } from 'commander';
import { openHub } from '../../app.js';
import { startApiServer } from '../../api/http.js';
import { logger } from '../../log/logger.js';
import { syncQueue } from '../../queue/sync-worker.js';
import { deliveryQueue } from '../../feed/webhooks/queue.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the GraphQL API at /graphql (migrates the database first)')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 4000)', (v) => Number(v))
    .option('--host <host>', 'address to bind (env HOST, default 127.0.0.1)')
    .action(async (opts: { port?: number; host?: string }) => {
      const hub = await openHub();
      // With workers (HUB_RUN_MODE=queue), runs asked for through the API go to the sync queue.
      // Webhooks registered or replayed then wake the workers' deliveries at once (else at their next poll).
      const settings = { redisUrl: hub.env.REDIS_URL, prefix: hub.env.HUB_QUEUE_PREFIX };
      const queued = hub.env.HUB_RUN_MODE === 'queue';
      const queue = queued ? syncQueue(settings) : undefined;
      const deliveries = queued ? deliveryQueue(settings) : undefined;
      const server = await startApiServer({ ...hub, queue, deliveries }, opts);
      process.stdout.write(`GraphQL API at ${server.url} (explorer: ${server.url.replace(/\/graphql$/, '/explorer')})\n`);
      await waitForShutdown(async () => {
        await server.close();
        await queue?.close();
        await deliveries?.close();
        await hub.close();
      });
    });
}

/** Resolves after SIGINT/SIGTERM once `stop` has run, so the process exits cleanly. */
export function waitForShutdown(stop: () => Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      logger().info({ signal }, 'shutting down');
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      stop().then(resolve, (err: unknown) => {
        logger().error({ err }, 'shutdown failed');
        resolve();
      });
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}
