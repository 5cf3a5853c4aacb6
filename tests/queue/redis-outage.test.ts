/**
 * A Redis outage in the middle of a run: the hub's own Redis server (a private one on a free
 * port, so the shared one is untouched) is frozen with SIGSTOP for a few seconds while a
 * worker runs a sync, then thawed. The worker waits, the run completes once, nothing is lost.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConnectors } from '../../src/ingest/registry.js';
import { enqueueSync, startSyncWorker, syncQueue } from '../../src/queue/sync-worker.js';
import { until } from '../helpers/wait.js';
import { createTestHub, type TestHub } from '../helpers/db.js';
import { CONTRACT_SAMPLES } from '../helpers/samples.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

describe('a Redis outage during a run', () => {
  let redis: ChildProcess;
  let url: string;
  let hub: TestHub;
  let dir: string;

  beforeAll(async () => {
    const port = await freePort();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-redis-'));
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
      stdio: 'ignore',
    });
    url = `redis://127.0.0.1:${port}`;
    await until(
      'redis',
      async () => {
        const ok = await new Promise<boolean>((resolve) => {
          const c = net.connect(port, '127.0.0.1', () => (c.end(), resolve(true))).on('error', () => resolve(false));
        });
        return ok;
      },
      10_000,
    );
    hub = await createTestHub('postgres', { REDIS_URL: url });
    for (const c of await loadConnectors())
      await hub.db.query(`insert into connector_state (connector, config, enabled) values ($1, $2::text::jsonb, $3)`, [
        c.id,
        JSON.stringify(c.id === 'party-organization' ? { inbox: path.join(CONTRACT_SAMPLES, 'party-organization') } : {}),
        c.id === 'party-organization',
      ]);
  });
  afterAll(async () => {
    redis?.kill('SIGCONT');
    redis?.kill('SIGKILL');
    await hub?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the worker waits through the outage and the run completes once', async () => {
    const settings = { redisUrl: url, prefix: 'hub' };
    const queue = syncQueue(settings);
    const worker = await startSyncWorker(hub, settings, { concurrency: 1 });
    try {
      await enqueueSync(queue, 'party-organization', 'manual');
      // Frozen once the run has started: it goes on in PostgreSQL, while everything the worker
      // asks of Redis (lock renewal, completing the job, the follow-up derive job) waits.
      await until('the run to start', async () => (await hub.db.query(`select 1 from sync_runs`)).length === 1, 30_000);
      redis.kill('SIGSTOP');
      await new Promise((r) => setTimeout(r, 3_000));
      redis.kill('SIGCONT');
      const run = await until('the run', async () => {
        const rows = await hub.db.query<{ status: string }>(`select status from sync_runs`);
        return rows.length === 1 && rows[0]!.status !== 'RUNNING' ? rows[0] : null;
      });
      expect(run.status).toBe('SUCCEEDED');
      const [bodies] = await hub.db.query<{ n: number }>(`select count(*)::int as n from party_bodies`);
      expect(bodies!.n).toBeGreaterThan(0);
      await until('the job completed', async () => (await queue.getJobCounts('completed')).completed === 1);
      // Its derive job ran too: every organization has facts.
      await until('the derive', async () => {
        const [q] = await hub.db.query<{ n: number }>(`select count(*)::int as n from organizations where facts_as_of is null`);
        return q!.n === 0;
      });
      expect(await queue.getFailedCount()).toBe(0);
      expect((await hub.db.query(`select 1 from sync_runs`)).length).toBe(1);
    } finally {
      await worker.close();
      await queue.close();
    }
  }, 90_000);
});
