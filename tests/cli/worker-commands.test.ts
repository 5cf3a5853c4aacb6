/** `hub schedule list` and `hub status` as a user runs them, against real Redis and PostgreSQL. */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleConnectors } from '../../src/cli/commands/worker.js';
import { enqueueSync, syncQueue } from '../../src/queue/sync-worker.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import { createTestHub, type TestHub } from '../helpers/db.js';
import { cliEnv, runCli } from '../helpers/cli.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('hub schedule list and hub status', () => {
  const prefix = `hubtest-${randomBytes(4).toString('hex')}`;
  let hub: TestHub;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    hub = await createTestHub('postgres', { REDIS_URL, HUB_QUEUE_PREFIX: prefix });
    env = cliEnv({ DATABASE_URL: hub.env.DATABASE_URL, REDIS_URL, HUB_QUEUE_PREFIX: prefix });
    for (const c of await loadConnectors())
      await hub.db.query(`insert into connector_state (connector, enabled, schedule) values ($1, $2, $3)`, [
        c.id,
        c.id === 'tax' || c.id === 'guidance',
        c.id === 'tax' ? '15 2 * * *' : null,
      ]);
    await scheduleConnectors(hub);
    const queue = syncQueue({ redisUrl: REDIS_URL, prefix });
    await enqueueSync(queue, 'guidance', 'manual');
    await queue.close();
  });
  afterAll(async () => {
    await hub?.destroy();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('lists the enabled connectors with their schedule and next run', async () => {
    const r = await runCli(['schedule', 'list'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/tax\s+15 2 \* \* \*\s+\d{4}-\d{2}-\d{2}T02:15:00/);
    expect(r.stdout).toMatch(/guidance\s+\S/);
    expect(r.stdout).not.toMatch(/social-security/);
  });

  it('shows the queue with the waiting job and every connector, scheduled or not, then the deliver queue and each webhook', async () => {
    await hub.db.query(
      `insert into webhooks (name, url, secret_enc, active, consecutive_failures, delivered_position) values ('市场监管局', 'https://h.example/x', 'k1.x', false, 20, 0)`,
    );
    const r = await runCli(['status'], env);
    expect(r.stdout).toMatch(/deliver queue \(hubtest-[0-9a-f]+\): \d+ waiting/);
    expect(r.stdout).toMatch(/市场监管局\s+DISABLED\s+20\s+0/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/sync queue \(hubtest-[0-9a-f]+\): .*\b[1-9]\d* waiting/);
    expect(r.stdout).toMatch(/social-security\s+\(not scheduled\)\s+never run/);
    expect(r.stdout).toMatch(/tax\s+15 2 \* \* \*/);
  });
});
