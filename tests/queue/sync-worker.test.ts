/**
 * Schedules and workers against real Redis (a key prefix of their own) and real PostgreSQL:
 * a short-interval scheduler fires and its run is recorded; two workers take each job once;
 * a disabled connector loses its scheduler.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleConnectors } from '../../src/cli/commands/worker.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import { listSchedules } from '../../src/queue/schedules.js';
import { enqueueSync, startSyncWorker, syncQueue, type SyncWorker } from '../../src/queue/sync-worker.js';
import { createTestHub, type TestHub } from '../helpers/db.js';
import { CONTRACT_SAMPLES } from '../helpers/samples.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('sync schedules and workers on Redis', () => {
  const prefix = `hubtest-${randomBytes(4).toString('hex')}`;
  const settings = { redisUrl: REDIS_URL, prefix };
  let hub: TestHub;
  let dir: string;
  const workers: SyncWorker[] = [];

  const configure = async (connector: string, config: Record<string, unknown>, schedule: string | null, enabled = true) =>
    hub.db.query(
      `insert into connector_state (connector, config, schedule, enabled) values ($1, $2::text::jsonb, $3, $4)
       on conflict (connector) do update set config = excluded.config, schedule = excluded.schedule, enabled = excluded.enabled`,
      [connector, JSON.stringify(config), schedule, enabled],
    );
  const inboxOf = (connector: string) => {
    const inbox = path.join(dir, connector);
    fs.mkdirSync(inbox, { recursive: true });
    for (const f of fs.readdirSync(path.join(CONTRACT_SAMPLES, connector)))
      fs.copyFileSync(path.join(CONTRACT_SAMPLES, connector, f), path.join(inbox, f));
    return inbox;
  };
  const runs = () =>
    hub.db.query<{ connector: string; status: string; trigger: string }>(`select connector, status, trigger from sync_runs order by id`);

  beforeAll(async () => {
    hub = await createTestHub('postgres', { REDIS_URL, HUB_QUEUE_PREFIX: prefix });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-worker-'));
    // Every connector off but the ones a test turns on.
    for (const c of await loadConnectors()) await configure(c.id, {}, null, false);
  });
  afterAll(async () => {
    for (const w of workers) await w.close();
    await hub?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('a scheduler with a short interval fires and its run is recorded; a disabled connector loses its scheduler', async () => {
    await configure('civil-affairs', { inbox: inboxOf('civil-affairs') }, 'every 300ms');
    await scheduleConnectors(hub);
    const queue = syncQueue(settings);
    try {
      const listed = await listSchedules(queue);
      expect(listed.map((s) => s.connector)).toEqual(['civil-affairs']);
      expect(listed[0]!.schedule).toBe('every 300ms');
      expect(listed[0]!.next).toBeInstanceOf(Date);
      workers.push(await startSyncWorker(hub, settings, { concurrency: 1 }));
      const done = await until('a scheduled run', async () =>
        (await runs()).find((r) => r.trigger === 'schedule' && r.status === 'SUCCEEDED'),
      );
      expect(done.connector).toBe('civil-affairs');
      const [orgs] = await hub.db.query<{ n: number }>(`select count(*)::int as n from organizations where kind = 'SOCIAL_ORGANIZATION'`);
      expect(orgs!.n).toBeGreaterThan(0);

      await configure('civil-affairs', { inbox: path.join(dir, 'civil-affairs') }, 'every 300ms', false);
      await scheduleConnectors(hub);
      expect(await listSchedules(queue)).toEqual([]);
    } finally {
      await queue.close();
    }
    // Later scheduled runs found their files already processed: each file was read once.
    const [files] = await hub.db.query<{ n: number; distinct: number }>(
      `select count(*)::int as n, count(distinct content_hash)::int as distinct from processed_files where connector = 'civil-affairs'`,
    );
    expect(files!.n).toBe(files!.distinct);
  });

  it('two workers take each job once; the same "run now" twice in a minute is one job', async () => {
    for (const w of workers.splice(0)) await w.close();
    await configure('social-security', { inbox: inboxOf('social-security') }, null);
    await configure('tax', { inbox: inboxOf('tax') }, null);
    const before = (await runs()).length;
    const queue = syncQueue(settings);
    try {
      // Two clicks in the same minute (a fixed clock: the minute must not turn between them).
      const minute = Math.floor(Date.now() / 60_000) * 60_000;
      const a = await enqueueSync(queue, 'social-security', 'manual', minute + 1_000);
      const b = await enqueueSync(queue, 'social-security', 'manual', minute + 59_000);
      expect(b).toBe(a);
      await enqueueSync(queue, 'tax', 'manual');
      workers.push(await startSyncWorker(hub, settings, { concurrency: 1 }), await startSyncWorker(hub, settings, { concurrency: 1 }));
      const finished = await until('both runs', async () => {
        const r = (await runs()).slice(before);
        return r.length === 2 && r.every((x) => x.status !== 'RUNNING') ? r : null;
      });
      expect(finished.map((r) => `${r.connector}:${r.status}`).sort()).toEqual(['social-security:SUCCEEDED', 'tax:SUCCEEDED']);
      // Nothing else arrives later.
      await new Promise((r) => setTimeout(r, 500));
      expect((await runs()).length).toBe(before + 2);
    } finally {
      await queue.close();
    }
  });
});
