/**
 * The tax connector against a real HTTP server speaking the contract's paged API: throttling
 * and server errors are retried, nothing is stored twice, the next run asks only for what
 * changed since, and an interrupted run resumes from its last stored page.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import tax from '../../connectors/tax/index.js';
import type { Cursor } from '../../src/ingest/connector.js';
import { runConnector } from '../../src/ingest/pipeline.js';
import { backoffMs, retryAfterMs } from '../../src/ingest/readers/http.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { FakeTaxApi, items, PAGE_SIZE, STATEMENTS_PER_ITEM } from '../helpers/fake-tax-api.js';

async function configure(hub: TestHub, baseUrl: string, extra: Record<string, unknown> = {}): Promise<void> {
  const config = { baseUrl, pageSize: PAGE_SIZE, retries: 3, retryBaseMs: 10, retryMaxMs: 50, ...extra };
  await hub.db.query(
    `insert into connector_state (connector, config) values ('tax', $1::text::jsonb)
     on conflict (connector) do update set config = excluded.config`,
    [JSON.stringify(config)],
  );
}

const count = async (hub: TestHub, table: string) => (await hub.db.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;
const cursorOf = async (hub: TestHub) =>
  (await hub.db.query<{ cursor: Cursor }>(`select cursor from connector_state where connector = 'tax'`))[0]!.cursor;

describe('paged JSON client helpers', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('1')).toBe(1000);
    expect(retryAfterMs(new Date(10_000).toUTCString(), 4_000)).toBe(6_000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs('soon')).toBeNull();
  });

  it('backs off exponentially up to the cap', () => {
    const p = { baseMs: 100, maxMs: 1000 };
    expect(backoffMs(0, p)).toBeGreaterThanOrEqual(50);
    expect(backoffMs(0, p)).toBeLessThanOrEqual(100);
    expect(backoffMs(3, p)).toBeGreaterThanOrEqual(400);
    expect(backoffMs(10, p)).toBeLessThanOrEqual(1000);
  });
});

describe.each(testEngines())('tax connector over HTTP on %s', (engine) => {
  let api: FakeTaxApi;
  let baseUrl: string;
  let hub: TestHub | undefined;

  beforeAll(async () => {
    api = new FakeTaxApi();
    baseUrl = await api.start();
  });
  afterAll(() => api.stop());
  afterEach(async () => {
    await hub?.destroy();
    hub = undefined;
    api.items = [];
    api.requests = [];
    api.faults = [];
    api.onRequest = undefined;
  });

  it('pages through the API, retrying 429 (after Retry-After) and 503, then asks only for newer items', async () => {
    hub = await createTestHub(engine);
    await configure(hub, baseUrl);
    api.items = items(1, 25, '2026-07-01T00:00:00.000Z');
    api.faults = [
      { page: 2, status: 429, headers: { 'retry-after': '1' } },
      { page: 3, status: 503 },
    ];

    const first = await runConnector(hub, tax);
    expect(first.error).toBeUndefined();
    expect(first.status).toBe('SUCCEEDED');
    expect(api.pagesAsked()).toEqual(['1:200', '2:429', '2:200', '3:503', '3:200']);
    const [, throttled, retried] = api.requests;
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(950);
    expect(first.rowsRead).toBe(25);
    expect(first.rowsAccepted).toBe(25);
    expect(await count(hub, 'statements')).toBe(25 * STATEMENTS_PER_ITEM);
    expect(await count(hub, 'organizations')).toBe(25);
    const newest = api.items.at(-1)!.updatedAt;
    expect((await cursorOf(hub)).updatedSince).toBe(newest);

    api.items.push(...items(26, 28, '2026-07-02T00:00:00.000Z'));
    api.requests = [];
    const second = await runConnector(hub, tax);
    expect(second.status).toBe('SUCCEEDED');
    expect(api.requests.map((r) => r.url.searchParams.get('updatedSince'))).toEqual([newest]);
    expect(second.rowsRead).toBe(3);
    expect(await count(hub, 'statements')).toBe(28 * STATEMENTS_PER_ITEM);
    expect(await count(hub, 'organizations')).toBe(28);
    expect((await cursorOf(hub)).updatedSince).toBe(api.items.at(-1)!.updatedAt);

    api.requests = [];
    const third = await runConnector(hub, tax);
    expect(third.status).toBe('SUCCEEDED');
    expect(third.rowsRead).toBe(0);
    expect(await count(hub, 'statements')).toBe(28 * STATEMENTS_PER_ITEM);
  });

  it('resumes an interrupted run from its last stored page, storing nothing twice', async () => {
    hub = await createTestHub(engine);
    await configure(hub, baseUrl);
    api.items = items(1, 25, '2026-07-01T00:00:00.000Z');
    const controller = new AbortController();
    // Abort while page 3 is being fetched, i.e. after page 2 arrived.
    api.onRequest = (url) => {
      if (url.searchParams.get('page') === '3') controller.abort();
    };

    const interrupted = await runConnector(hub, tax, { signal: controller.signal });
    expect(interrupted.status).toBe('INTERRUPTED');
    // The last row of page 2 waits for page 3 (it might have been the final row), so 19 are stored.
    expect(interrupted.rowsRead).toBe(2 * PAGE_SIZE - 1);
    expect(await count(hub, 'statements')).toBe((2 * PAGE_SIZE - 1) * STATEMENTS_PER_ITEM);
    expect(await cursorOf(hub)).toMatchObject({ page: 2, line: PAGE_SIZE - 1 });
    expect((await cursorOf(hub)).updatedSince).toBeUndefined();

    api.onRequest = undefined;
    api.requests = [];
    const resumed = await runConnector(hub, tax);
    expect(resumed.status).toBe('SUCCEEDED');
    expect(api.pagesAsked()).toEqual(['2:200', '3:200']);
    expect(api.requests.every((r) => !r.url.searchParams.has('updatedSince'))).toBe(true);
    expect(interrupted.rowsRead + resumed.rowsRead).toBe(25);
    expect(await count(hub, 'statements')).toBe(25 * STATEMENTS_PER_ITEM);
    expect(await count(hub, 'organizations')).toBe(25);
    const cursor = await cursorOf(hub);
    expect(cursor.updatedSince).toBe(api.items.at(-1)!.updatedAt);
    expect(cursor.page ?? 0).toBe(0);
  });

  it('fails after its retries when the API keeps failing, and resumes from what it committed', async () => {
    hub = await createTestHub(engine);
    await configure(hub, baseUrl, { retries: 2 });
    api.items = items(1, 15, '2026-07-01T00:00:00.000Z');
    api.faults = [2, 2, 2].map((page) => ({ page, status: 500 }));

    // Batches of 5 commit inside page 1; the rows of an unfinished batch are not committed on failure.
    const failed = await runConnector(hub, tax, { batchSize: 5 });
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toMatch(/gave up after 3 attempts/);
    expect(api.pagesAsked()).toEqual(['1:200', '2:500', '2:500', '2:500']);
    expect(await cursorOf(hub)).toMatchObject({ page: 1, line: 5 });
    expect(await count(hub, 'statements')).toBe(5 * STATEMENTS_PER_ITEM);

    const retried = await runConnector(hub, tax, { batchSize: 5 });
    expect(retried.status).toBe('SUCCEEDED');
    expect(retried.rowsRead).toBe(10);
    expect(await count(hub, 'statements')).toBe(15 * STATEMENTS_PER_ITEM);
    expect((await cursorOf(hub)).updatedSince).toBe(api.items.at(-1)!.updatedAt);
  });
});
