/**
 * Webhooks end to end: registered over GraphQL, delivered by the deliver queue on real Redis
 * to a receiver on loopback over real HTTP, signed, retried with backoff, disabled at their
 * failure limit, replayed from a cursor.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { startTestApi } from '../helpers/api.js';
import { writeChangeEvents, type ChangeEventInput } from '../../src/feed/outbox.js';
import { deliveryQueue, startDeliveryWorker, type DeliveryQueue, type DeliveryWorker } from '../../src/feed/webhooks/queue.js';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, verify } from '../../src/feed/webhooks/signature.js';
import { createTestHub, type TestHub } from '../helpers/db.js';
import { clientKey } from '../helpers/api.js';
import { revokeClient } from '../../src/security/clients.js';
import { gqlData, gqlRefusal } from '../helpers/graphql.js';
import { until } from '../helpers/wait.js';
import { WebhookReceiver, type ReceivedEvent } from '../helpers/webhook-receiver.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SECRET = 'a-department-secret-of-some-length';

const REGISTER = `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret webhook { id status deliveredCursor } } }`;
const HOOK = `query($id: ID!) { webhook(id: $id) { id status disabledReason consecutiveFailures deliveredCursor filter
  deliveries(first: 50) { totalCount nodes { attempt status responseCode error events firstSequence lastSequence } } } }`;
const HEAD = `{ changes(filter: { fields: ["noSuchField"] }) { resumeCursor } }`;

interface Hook {
  id: string;
  status: string;
  disabledReason: string | null;
  consecutiveFailures: number;
  deliveredCursor: string | null;
  filter: Record<string, unknown>;
  deliveries: {
    totalCount: number;
    nodes: { attempt: number; status: string; responseCode: number | null; error: string | null; events: number }[];
  };
}

describe('webhooks on Redis and HTTP', () => {
  const prefix = `hubtest-${randomBytes(4).toString('hex')}`;
  const settings = { redisUrl: REDIS_URL, prefix };
  let hub: TestHub;
  let server: ApiServer;
  let queue: DeliveryQueue;
  let worker: DeliveryWorker;
  const receivers: WebhookReceiver[] = [];
  let serial = 0;

  const receiver = async () => {
    const r = new WebhookReceiver();
    receivers.push(r);
    return { r, url: await r.listen() };
  };
  const emit = async (entities: number[], over: Partial<ChangeEventInput> = {}) => {
    for (const entityId of entities) {
      const n = ++serial;
      await hub.db.transaction((tx) =>
        writeChangeEvents(tx, [
          {
            entityType: 'organization',
            entityId,
            kind: 'UPDATED',
            changes: { headcount: { old: n - 1, new: n } },
            divisionCode: '150302003014',
            orgKind: 'ENTERPRISE',
            cause: 'test',
            ...over,
          },
        ]),
      );
    }
  };
  const register = async (input: Record<string, unknown>) =>
    (await gqlData<{ registerWebhook: { secret: string | null; webhook: { id: string } } }>(server.url, REGISTER, { input }))
      .registerWebhook;
  const hook = async (id: string) => (await gqlData<{ webhook: Hook }>(server.url, HOOK, { id })).webhook;
  const head = async () => (await gqlData<{ changes: { resumeCursor: string } }>(server.url, HEAD)).changes.resumeCursor;

  beforeAll(async () => {
    hub = await createTestHub('postgres', {
      REDIS_URL,
      HUB_QUEUE_PREFIX: prefix,
      HUB_WEBHOOK_ALLOW_PRIVATE: 'true',
      HUB_FEED_POLL_MS: '200',
    });
    queue = deliveryQueue(settings);
    server = await startTestApi({ ...hub, deliveries: queue }, { port: 0 });
    worker = await startDeliveryWorker(hub, settings, {
      concurrency: 4,
      backoffMs: 50,
      backoffMaxMs: 400,
      pollMs: 200,
      delivery: { timeoutMs: 2_000, allowPrivate: true },
    });
  });
  afterAll(async () => {
    await worker?.close();
    await server?.close();
    await queue?.close();
    for (const r of receivers) await r.close();
    await hub?.destroy();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('a receiver that fails the first attempts gets every event after retries, in order per entity, signed', async () => {
    const { r, url } = await receiver();
    r.plan.push(500, 500, 503);
    const { webhook, secret } = await register({ name: 'market regulation', url, secret: SECRET, batchSize: 4 });
    expect(secret).toBeNull();
    // Five entities, interleaved, six changes each.
    const entities = Array.from({ length: 30 }, (_, i) => 700 + (i % 5));
    await emit(entities);
    const got = await r.waitForAccepted(30);
    for (const id of new Set(entities)) {
      const mine = got.filter((e) => e.entityId === String(id));
      expect(mine.map((e) => e.changes[0]!.new)).toEqual([...mine.map((e) => e.changes[0]!.new)].sort((a, b) => Number(a) - Number(b)));
    }
    // In feed order overall, as the receiver got them (failed attempts aside).
    const inOrder = r.deliveries.filter((d) => d.status < 300).flatMap((d) => d.events.map((e) => e.sequence));
    expect(inOrder).toEqual([...inOrder].sort((a, b) => a - b));
    expect(new Set(inOrder).size).toBe(inOrder.length);
    // Every request is signed with the secret; a wrong secret does not verify.
    for (const d of r.deliveries) {
      const sig = String(d.headers[SIGNATURE_HEADER]);
      const ts = String(d.headers[TIMESTAMP_HEADER]);
      expect(verify(SECRET, sig, ts, d.body)).toBe(true);
      expect(verify('another-secret-of-some-length', sig, ts, d.body)).toBe(false);
      expect(verify(SECRET, sig, ts, d.body.replace('"kind"', '"kind" '))).toBe(false);
    }
    // The first batch was refused three times, attempts 1–3, then 4 succeeded; each retry starts at the same
    // event (a retry may carry more events behind it, if more came meanwhile).
    const first = r.deliveries.slice(0, 4);
    expect(first.map((d) => [d.status, d.headers['x-hub-attempt']])).toEqual([
      [500, '1'],
      [500, '2'],
      [503, '3'],
      [204, '4'],
    ]);
    expect(new Set(first.map((d) => d.events[0]!.id)).size).toBe(1);
    const h = await until('the log to show every delivery', async () => {
      const x = await hook(webhook.id);
      return x.deliveries.nodes.filter((n) => n.status === 'SUCCEEDED').reduce((s, n) => s + n.events, 0) >= 30 ? x : null;
    });
    expect(h.status).toBe('ACTIVE');
    expect(h.consecutiveFailures).toBe(0);
    const failed = h.deliveries.nodes.filter((n) => n.status === 'FAILED');
    expect(failed.map((n) => [n.attempt, n.responseCode])).toEqual([
      [3, 503],
      [2, 500],
      [1, 500],
    ]);
    expect(failed[0]!.error).toContain('refused by the test (503)');
  });

  it('a receiver deduplicates by event id: a delivery it processed but answered 500 comes again', async () => {
    const { r, url } = await receiver();
    r.plan.push(500);
    await register({ name: 'dedupe', url, secret: SECRET, after: await head() });
    await emit([801, 802]);
    const got = await r.waitForAccepted(2);
    const all = r.deliveries.flatMap((d) => d.events.map((e) => e.id));
    expect(all.length).toBeGreaterThan(new Set(all).size);
    expect(got.map((e) => e.entityId)).toEqual(['801', '802']);
  });

  it('delivers only what the filter selects', async () => {
    const { r, url } = await receiver();
    await register({ name: 'bodies only', url, secret: SECRET, filter: { entityTypes: ['PARTY_BODY'], divisionCode: '150303' } });
    await emit([901, 902]);
    await emit([903], { entityType: 'partyBody', divisionCode: '150303001000', orgKind: null, changes: { name: { old: 'a', new: 'b' } } });
    await emit([904], { entityType: 'partyBody', divisionCode: '150302001000', orgKind: null, changes: { name: { old: 'a', new: 'c' } } });
    const [only] = await r.waitForAccepted(1);
    await emit([905], { entityType: 'partyBody', divisionCode: '150303001000', orgKind: null, changes: { name: { old: 'b', new: 'd' } } });
    await r.waitForAccepted(2);
    expect(only).toMatchObject({ entityType: 'PARTY_BODY', entityId: '903', divisionCode: '150303001000' });
    expect([...r.accepted.values()].map((e: ReceivedEvent) => e.entityId)).toEqual(['903', '905']);
  });

  it('stops after the configured failures; a replay from a cursor delivers again and re-enables it', async () => {
    const { r, url } = await receiver();
    r.status = 503;
    const start = await head();
    const { webhook } = await register({ name: 'down', url, secret: SECRET, maxFailures: 3, after: start });
    await emit([1001, 1002, 1003]);
    const disabled = await until('the webhook to be disabled', async () => {
      const h = await hook(webhook.id);
      return h.status === 'DISABLED' ? h : null;
    });
    expect(disabled.disabledReason).toMatch(/after 3 failed deliveries/);
    expect(disabled.deliveries.nodes.map((n) => n.status)).toEqual(['FAILED', 'FAILED', 'FAILED']);
    const requests = r.deliveries.length;
    await emit([1004]);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(r.deliveries.length).toBe(requests);

    r.status = 200;
    const replayed = await gqlData<{ replayWebhook: { status: string } }>(
      server.url,
      `mutation($id: ID!, $after: String) { replayWebhook(id: $id, after: $after) { status } }`,
      { id: webhook.id, after: start },
    );
    expect(replayed.replayWebhook.status).toBe('ACTIVE');
    const got = await r.waitForAccepted(4);
    expect(got.map((e) => e.entityId)).toEqual(['1001', '1002', '1003', '1004']);
  });

  it('a webhook receives only what its client may see, and stops when the client is revoked', async () => {
    const { r, url } = await receiver();
    const key = await clientKey(hub.db, { name: 'partner', role: 'PARTNER', divisions: ['150303'] });
    const made = await gqlData<{ registerWebhook: { webhook: { id: string } } }>(
      server.url,
      REGISTER,
      { input: { name: 'partner', url, secret: SECRET, after: await head() } },
      { authorization: `Bearer ${key}` },
    );
    await emit([1101], { divisionCode: '150302001001' });
    await emit([1102], { divisionCode: '150303001001' });
    await emit([1103], { divisionCode: '150304001001' });
    await emit([1104], { divisionCode: '150303102400' });
    const got = await r.waitForAccepted(2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(got.map((e) => e.entityId)).toEqual(['1102', '1104']);
    expect(r.accepted.size).toBe(2);
    await revokeClient(hub.db, { prefix: key.slice(4, 12) });
    await emit([1105], { divisionCode: '150303001001' });
    const stopped = await until('the webhook of a revoked client to stop', async () => {
      const h = await hook(made.registerWebhook.webhook.id);
      return h.status === 'DISABLED' ? h : null;
    });
    expect(stopped.disabledReason).toMatch(/revoked/);
    expect(r.accepted.size).toBe(2);
  });

  it('refuses a URL with credentials, another scheme, a bad secret or filter, naming the field', async () => {
    const base = { name: 'x', url: 'http://127.0.0.1:9/hook', secret: SECRET };
    const refusal = (input: Record<string, unknown>) => gqlRefusal(server.url, REGISTER, { input: { ...base, ...input } });
    expect(await refusal({ url: 'http://user:pw@127.0.0.1/hook' })).toEqual({ code: 'BAD_USER_INPUT', field: 'input.url' });
    expect(await refusal({ url: 'ftp://127.0.0.1/hook' })).toEqual({ code: 'BAD_USER_INPUT', field: 'input.url' });
    expect(await refusal({ secret: 'short' })).toEqual({ code: 'BAD_USER_INPUT', field: 'input.secret' });
    expect(await refusal({ filter: { divisionCode: 'x' } })).toEqual({ code: 'BAD_USER_INPUT', field: 'input.filter.divisionCode' });
    expect(await refusal({ batchSize: 0 })).toEqual({ code: 'BAD_USER_INPUT', field: 'input.batchSize' });
    // Without a secret the hub makes one and shows it once.
    const made = await register({ name: 'generated', url: base.url });
    expect(made.secret).toMatch(/^[\w-]{40,}$/);
    const stored = await hub.db.query<{ secret_enc: string }>(`select secret_enc from webhooks where id = $1`, [Number(made.webhook.id)]);
    expect(stored[0]!.secret_enc).not.toContain(made.secret);
    expect(hub.pii.decrypt(stored[0]!.secret_enc)).toBe(made.secret);
  });
});
