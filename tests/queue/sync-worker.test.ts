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
import { startTestApi } from '../helpers/api.js';
import { gql } from '../helpers/graphql.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import { listSchedules } from '../../src/queue/schedules.js';
import { enqueueSync, startSyncWorker, syncQueue, type SyncWorker } from '../../src/queue/sync-worker.js';
import { until } from '../helpers/wait.js';
import { createTestHub, type TestHub } from '../helpers/db.js';
import { CONTRACT_SAMPLES } from '../helpers/samples.js';
import { FakeTaxApi, items, PAGE_SIZE, STATEMENTS_PER_ITEM } from '../helpers/fake-tax-api.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

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
    hub.db.query<{ connector: string; status: string; trigger: string; error: string | null }>(
      `select connector, status, trigger, error from sync_runs order by id`,
    );

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
      // The run's follow-up derive job evaluates what it touched.
      await until('the derive job', async () => {
        const [q] = await hub.db.query<{ queued: number; without: number }>(
          `select (select count(*)::int from derive_queue) as queued,
                  (select count(*)::int from organizations where facts_as_of is null) as without`,
        );
        return q!.queued === 0 && q!.without === 0;
      });

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
      expect(finished.map((r) => `${r.connector}:${r.status}:${r.error ?? ''}`).sort()).toEqual([
        'social-security:SUCCEEDED:',
        'tax:SUCCEEDED:',
      ]);
      // Nothing else arrives later.
      await new Promise((r) => setTimeout(r, 500));
      expect((await runs()).length).toBe(before + 2);
    } finally {
      await queue.close();
    }
  });

  it('runs the tax API connector as a job through 429 and 5xx: a run that gives up is retried by the queue and completes', async () => {
    for (const w of workers.splice(0)) await w.close();
    const api = new FakeTaxApi();
    const baseUrl = await api.start();
    try {
      api.items = items(1, 25, '2026-07-01T00:00:00.000Z');
      // Page 1: throttled once (Retry-After 0). Page 2: three server errors — more than the
      // client's two retries, so the first attempt of the job fails.
      api.faults = [{ page: 1, status: 429, headers: { 'retry-after': '0' } }, ...[2, 2, 2].map((page) => ({ page, status: 503 }))];
      await configure('tax', { baseUrl, pageSize: PAGE_SIZE, retries: 2, retryBaseMs: 10, retryMaxMs: 50 }, null);
      const before = await hub.db.query<{ id: number }>(`select id from sync_runs`);
      const queue = syncQueue(settings);
      try {
        await enqueueSync(queue, 'tax', 'manual', Date.now() + 3 * 60_000, { attempts: 3, backoffMs: 100 });
        workers.push(await startSyncWorker(hub, settings, { concurrency: 1 }));
        const run = await until('the tax run', async () => {
          const rows = await hub.db.query<{ id: number; status: string; error: string | null }>(
            `select id, status, error from sync_runs where connector = 'tax' and id <> all($1::bigint[])`,
            [before.map((b) => b.id)],
          );
          return rows.length === 1 && rows[0]!.status === 'SUCCEEDED' ? rows[0] : null;
        });
        expect(run.error).toBeNull();
        // The failed attempt committed nothing (its batch was not full), so the retry starts again at page 1.
        expect(api.pagesAsked()).toEqual(['1:429', '1:200', '2:503', '2:503', '2:503', '1:200', '2:200', '3:200']);
        const codes = api.items.map((i) => i.taxpayer_id);
        const [orgs] = await hub.db.query<{ n: number }>(`select count(*)::int as n from organizations where uscc = any($1::text[])`, [
          codes,
        ]);
        expect(orgs!.n).toBe(25);
        const [stmts] = await hub.db.query<{ n: number }>(
          `select count(*)::int as n from statements s join organizations o on o.id = s.entity_id where s.source = 'tax' and o.uscc = any($1::text[])`,
          [codes],
        );
        expect(stmts!.n).toBe(25 * STATEMENTS_PER_ITEM);
        expect(await queue.getFailedCount()).toBe(0);
      } finally {
        await queue.close();
      }
    } finally {
      await api.stop();
    }
  });

  it('through the API in QUEUE mode: connectors show their next run, runConnector puts a job on the queue, queue shows the counts', async () => {
    for (const w of workers.splice(0)) await w.close();
    // A daily cron: an interval scheduler fires at once, a cron one waits for its time.
    await configure('civil-affairs', { inbox: path.join(dir, 'civil-affairs') }, '0 3 * * *');
    await scheduleConnectors(hub);
    const queue = syncQueue(settings);
    const api = await startTestApi({ ...hub, queue }, { port: 0, host: '127.0.0.1' });
    try {
      const listed = await gql<{ connectors: { id: string; schedule: string; nextRunAt: string | null }[] }>(
        api.url,
        `{ connectors { id schedule nextRunAt } }`,
      );
      const ca = listed.data!.connectors.find((c) => c.id === 'civil-affairs')!;
      expect(ca.schedule).toBe('0 3 * * *');
      expect(Date.parse(ca.nextRunAt!)).toBeGreaterThan(Date.now());
      expect(Date.parse(ca.nextRunAt!)).toBeLessThanOrEqual(Date.now() + 24 * 3_600_000);
      // Disabled: not scheduled.
      expect(listed.data!.connectors.find((c) => c.id === 'guidance')!.nextRunAt).toBeNull();

      const started = await gql<{ runConnector: { mode: string; jobId: string; run: unknown } }>(
        api.url,
        `mutation { runConnector(id: "civil-affairs") { mode jobId run { id } } }`,
      );
      expect(started.errors).toBeUndefined();
      expect(started.data!.runConnector).toMatchObject({ mode: 'QUEUE', run: null });
      const waiting = await gql<{ queue: { mode: string; waiting: number } }>(api.url, `{ queue { mode waiting } }`);
      expect(waiting.data!.queue).toEqual({ mode: 'QUEUE', waiting: 1 });

      const before = (await runs()).length;
      workers.push(await startSyncWorker(hub, settings, { concurrency: 1 }));
      await until('the API-asked run', async () => {
        const r = (await runs()).slice(before);
        return r.length === 1 && r[0]!.status === 'SUCCEEDED' && r[0]!.trigger === 'api';
      });
      const after = await gql<{ queue: { waiting: number; failed: number; completed: number } }>(
        api.url,
        `{ queue { waiting failed completed } }`,
      );
      expect(after.data!.queue).toMatchObject({ waiting: 0, failed: 0 });
      expect(after.data!.queue.completed).toBeGreaterThan(0);
    } finally {
      await api.close();
      await queue.close();
    }
  });
});
