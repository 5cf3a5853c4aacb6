/**
 * A `hub worker` process stopped in the middle of a sync — politely (SIGTERM) or not
 * (SIGKILL) — and another worker finishing the run: the entities and statements must be
 * those of an uninterrupted run, with nothing doubled and nothing missing.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getConnector, loadConnectors } from '../../src/ingest/registry.js';
import { runConnector } from '../../src/ingest/pipeline.js';
import { enqueueSync, startSyncWorker, syncQueue } from '../../src/queue/sync-worker.js';
import { projectPath } from '../../src/paths.js';
import { until } from '../helpers/wait.js';
import { createTestHub, type TestHub } from '../helpers/db.js';
import { cliEnv, exitOf, startCli } from '../helpers/cli.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const CONNECTOR = 'social-security';

/** What a run leaves behind, independent of ids a rolled-back batch may have consumed. */
async function outcome(hub: TestHub) {
  const statements = await hub.db.query<{ id: string }>(`select id::text from statements order by id`);
  const orgs = await hub.db.query<{ uscc: string }>(`select uscc from organizations where uscc is not null order by uscc`);
  const [all] = await hub.db.query<{ n: number }>(`select count(*)::int as n from organizations`);
  return { statements: statements.map((s) => s.id), orgs: orgs.map((o) => o.uscc), organizations: all!.n };
}

describe('a worker stopped mid-sync', () => {
  let dir: string;
  let reference: Awaited<ReturnType<typeof outcome>>;
  const hubs: TestHub[] = [];
  const prefixes: string[] = [];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-crash-'));
    // A generated city's insured-unit files: ~30,000 rows, six batches and more.
    execFileSync(
      process.execPath,
      [
        '--import',
        'tsx',
        projectPath('scripts', 'generate-city.ts'),
        '--out',
        dir,
        '--organizations',
        '20000',
        '--seed',
        '5',
        '--no-truth-links',
      ],
      {
        cwd: projectPath(),
        stdio: 'ignore',
      },
    );
    const hub = await createTestHub('postgres');
    hubs.push(hub);
    const s = await runConnector(hub, await getConnector(CONNECTOR), { inboxRoot: dir });
    expect(s.status).toBe('SUCCEEDED');
    expect(s.rowsRead).toBeGreaterThan(20_000);
    reference = await outcome(hub);
  }, 180_000);
  afterAll(async () => {
    for (const h of hubs) await h.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    for (const p of prefixes) {
      const keys = await redis.keys(`${p}:*`);
      if (keys.length) await redis.del(...keys);
    }
    await redis.quit();
  });

  async function interrupted(signal: 'SIGTERM' | 'SIGKILL') {
    const prefix = `hubtest-${randomBytes(4).toString('hex')}`;
    prefixes.push(prefix);
    const env = { REDIS_URL, HUB_QUEUE_PREFIX: prefix, HUB_WORKER_LOCK_MS: '1500', HUB_WORKER_STALLED_CHECK_MS: '500' };
    const hub = await createTestHub('postgres', env);
    hubs.push(hub);
    for (const c of await loadConnectors())
      await hub.db.query(
        `insert into connector_state (connector, config, enabled) values ($1, $2::text::jsonb, $3)
         on conflict (connector) do update set config = excluded.config, enabled = excluded.enabled`,
        [c.id, JSON.stringify(c.id === CONNECTOR ? { inbox: path.join(dir, CONNECTOR) } : {}), c.id === CONNECTOR],
      );
    const queue = syncQueue({ redisUrl: REDIS_URL, prefix });
    await enqueueSync(queue, CONNECTOR, 'manual');
    const { child } = await startCli(
      ['worker', '--concurrency', '1'],
      cliEnv({ ...env, DATABASE_URL: hub.env.DATABASE_URL }),
      /worker ready/,
    );
    // Stop it once at least one batch is committed (the cursor moved) and before the run ends.
    await until('a committed batch', async () => {
      const [s] = await hub.db.query<{ line: number | null }>(
        `select (cursor->>'line')::int as line from connector_state where connector = $1`,
        [CONNECTOR],
      );
      return (s?.line ?? 0) > 0;
    });
    child.kill(signal);
    const code = await exitOf(child);
    const [mid] = await hub.db.query<{ id: number; status: string }>(`select id, status from sync_runs`);
    const takeover = await startSyncWorker(
      hub,
      { redisUrl: REDIS_URL, prefix },
      { concurrency: 1, lockDuration: 1500, stalledInterval: 500 },
    );
    try {
      const done = await until('the run to finish', async () => {
        const rows = await hub.db.query<{ id: number; status: string }>(`select id, status from sync_runs`);
        return rows.length === 1 && rows[0]!.status === 'SUCCEEDED' ? rows[0] : null;
      });
      return { code, mid: mid!, done: done!, result: await outcome(hub), failed: await queue.getFailedCount() };
    } finally {
      await takeover.close();
      await queue.close();
    }
  }

  it('SIGTERM: the worker exits cleanly, the run is re-queued and resumed from its cursor, with the same result', async () => {
    const r = await interrupted('SIGTERM');
    expect(r.code).toBe(0);
    expect(r.mid.status).toBe('INTERRUPTED');
    expect(r.done.id).toBe(r.mid.id);
    expect(r.failed).toBe(0);
    expect(r.result.orgs).toEqual(reference.orgs);
    expect(r.result.organizations).toBe(reference.organizations);
    expect(r.result.statements).toEqual(reference.statements);
  }, 120_000);

  it('SIGKILL: another worker takes the stalled job over and completes the run, with the same result', async () => {
    const r = await interrupted('SIGKILL');
    expect(r.code).toBeNull();
    expect(r.mid.status).toBe('RUNNING');
    expect(r.done.id).toBe(r.mid.id);
    expect(r.result.orgs).toEqual(reference.orgs);
    expect(r.result.organizations).toBe(reference.organizations);
    expect(r.result.statements).toEqual(reference.statements);
  }, 120_000);
});
