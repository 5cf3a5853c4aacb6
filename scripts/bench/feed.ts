/**
 * `npm run bench:feed [-- --events 10000 --rate 500 --burst 10000 --subscribers 20,50]`
 *
 * Latency from the commit of a change to its arrival (a) at a websocket subscriber and (b) at
 * a webhook receiver on loopback, then the sustained rate of a burst. `hub serve` and
 * `hub worker` run in their own processes on a fresh database (hub_bench_feed) and Redis; this
 * process commits the changes (one transaction each, at --rate per second), subscribes, and
 * receives the webhook, so commit and arrival are read on one clock. Goal: p99 under 500 ms.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient } from 'graphql-ws';
import { createClient as createApiClient } from '../../src/security/clients.js';
import WebSocket from 'ws';
import { openHub } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';
import type { Database } from '../../src/db/client.js';
import { writeChangeEvents, type ChangeEventInput } from '../../src/feed/outbox.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import { projectPath } from '../../src/paths.js';
import { arg, freshDatabase, machine, writeSection } from './report.js';

const EVENTS = Number(arg('events', '10000'));
const RATE = Number(arg('rate', '500'));
const BURST = Number(arg('burst', '10000'));
/** Websocket subscribers, each on its own connection (every one reads the feed itself): one round per count. */
const SUBSCRIBERS = arg('subscribers', '20,50')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const PORT = Number(arg('port', '4519'));
const GOAL_P99_MS = 500;
const log = (m: string) => process.stderr.write(`[bench:feed] ${m}\n`);

const event = (entityId: number): ChangeEventInput => ({
  entityType: 'organization',
  entityId,
  kind: 'UPDATED',
  changes: { headcount: { old: 9, new: 10 } },
  divisionCode: '150302001001',
  orgKind: 'ENTERPRISE',
  cause: 'bench',
});

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function spawnHub(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', projectPath('src', 'cli', 'main.ts'), ...args], {
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function until(what: string, probe: () => boolean | Promise<boolean>, ms = 120_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The benchmark's API key (an ADMIN client), set in main(). */
const KEY = { value: '' };

async function gql(url: string, query: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY.value}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors[0]!.message);
  return body.data!;
}

/** `count` websocket subscribers after `after`, each recording when each event arrived. */
function subscribe(api: string, count: number, after: string) {
  const arrivals = Array.from({ length: count }, () => new Map<number, number>());
  const clients = arrivals.map((arrived) => {
    const client = createClient({
      url: api.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 5,
      connectionParams: { authorization: `Bearer ${KEY.value}` },
    });
    client.subscribe<{ changes: { entityId: string } }>(
      { query: `subscription($a: String) { changes(after: $a) { entityId } }`, variables: { a: after } },
      {
        next: (r) => {
          const id = Number(r.data!.changes.entityId);
          if (!arrived.has(id)) arrived.set(id, performance.now());
        },
        error: (e) => log(`subscription error: ${String(e)}`),
        complete: () => {},
      },
    );
    return client;
  });
  return { arrivals, dispose: () => Promise.all(clients.map((c) => c.dispose())) };
}

/** Commits `count` events from `first` on, one transaction each, `rate` per second; returns commit times. */
async function produce(db: Database, first: number, count: number, rate: number, perTransaction = 1): Promise<Map<number, number>> {
  const committed = new Map<number, number>();
  const start = performance.now();
  for (let i = 0; i < count; i += perTransaction) {
    if (rate > 0) {
      const due = start + (i / rate) * 1000;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
    const ids = Array.from({ length: Math.min(perTransaction, count - i) }, (_, k) => first + i + k);
    await db.transaction((tx) => writeChangeEvents(tx, ids.map(event)));
    const t = performance.now();
    for (const id of ids) committed.set(id, t);
  }
  return committed;
}

function latencies(committed: Map<number, number>, ...arrivals: Map<number, number>[]): number[] {
  return arrivals.flatMap((arrived) => [...committed].map(([id, t]) => arrived.get(id)! - t)).sort((a, b) => a - b);
}

const hasAll = (ids: Iterable<number>, ...maps: Map<number, number>[]) => {
  for (const id of ids) if (!maps.every((m) => m.has(id))) return false;
  return true;
};

async function main(): Promise<void> {
  const url = await freshDatabase('hub_bench_feed');
  const env = {
    ...process.env,
    DATABASE_URL: url,
    HUB_PII_KEY: 'cd'.repeat(32),
    HUB_HOME_REGION: '1503',
    HUB_QUEUE_PREFIX: `benchfeed${Date.now()}`,
    HUB_WEBHOOK_ALLOW_PRIVATE: 'true',
    LOG_LEVEL: 'warn',
  };
  const hub = await openHub({ env: loadEnv(env) });
  // Only deliveries in the worker: no connector is scheduled.
  for (const c of await loadConnectors())
    await hub.db.query(
      `insert into connector_state (connector, enabled) values ($1, false) on conflict (connector) do update set enabled = false`,
      [c.id],
    );

  KEY.value = (await createApiClient(hub.db, { name: 'bench:feed', role: 'ADMIN', rateLimitPerMinute: 100_000_000 })).key;
  const webhook = new Map<number, number>();
  const receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const t = performance.now();
      for (const e of (JSON.parse(Buffer.concat(chunks).toString()) as { events: { entityId: string }[] }).events)
        if (!webhook.has(Number(e.entityId))) webhook.set(Number(e.entityId), t);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  const hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;

  const server = spawnHub(['serve', '--port', String(PORT)], { ...env, HUB_RUN_MODE: 'queue' });
  const worker = spawnHub(['worker'], env);
  const api = `http://127.0.0.1:${PORT}/graphql`;
  try {
    await until('hub serve', async () => (await fetch(`http://127.0.0.1:${PORT}/health`).catch(() => null))?.ok === true);
    const head = (await gql(api, `{ changes(filter: { fields: ["none"] }) { resumeCursor } }`)) as { changes: { resumeCursor: string } };
    await gql(api, `mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { webhook { id } } }`, {
      i: { name: 'bench', url: hookUrl, secret: 'bench-secret-0123456789', batchSize: 100, after: head.changes.resumeCursor },
    });
    const rounds: { count: number; sub: number[]; hook: number[] }[] = [];
    let burstRates: { committedIn: number; sub: number; hook: number } | null = null;
    for (const [k, count] of SUBSCRIBERS.entries()) {
      const base = (k + 1) * 10_000_000;
      const now = (await gql(api, `{ changes(filter: { fields: ["none"] }) { resumeCursor } }`)) as { changes: { resumeCursor: string } };
      const subs = subscribe(api, count, now.changes.resumeCursor);
      // Warm-up: the worker's first poll, the sockets' first messages.
      const warm = await produce(hub.db, base, 20, 50);
      await until('warm-up', () => hasAll(warm.keys(), ...subs.arrivals, webhook));
      log(`${count} subscribers: ${EVENTS} events at ${RATE}/s, one transaction each`);
      const steady = await produce(hub.db, base + 1_000, EVENTS, RATE);
      await until('steady events to arrive', () => hasAll(steady.keys(), ...subs.arrivals, webhook));
      rounds.push({ count, sub: latencies(steady, ...subs.arrivals), hook: latencies(steady, webhook) });
      if (k === 0) {
        log(`burst: ${BURST} events in transactions of 100, as fast as they commit`);
        const burstStart = performance.now();
        const burst = await produce(hub.db, base + 5_000_000, BURST, 0, 100);
        const committedIn = (performance.now() - burstStart) / 1000;
        await until('burst to arrive', () => hasAll(burst.keys(), ...subs.arrivals, webhook));
        const lastOf = (...maps: Map<number, number>[]) =>
          maps.flatMap((m) => [...burst.keys()].map((id) => m.get(id)!)).reduce((a, b) => Math.max(a, b), 0);
        burstRates = {
          committedIn,
          sub: BURST / ((lastOf(...subs.arrivals) - burstStart) / 1000),
          hook: BURST / ((lastOf(webhook) - burstStart) / 1000),
        };
      }
      await subs.dispose();
    }
    const b = burstRates!;

    const row = (name: string, l: number[]) =>
      `| ${name} | ${percentile(l, 50).toFixed(0)} | **${percentile(l, 99).toFixed(0)}** | ${l.at(-1)!.toFixed(0)} | ${percentile(l, 99) < GOAL_P99_MS ? 'met' : '**missed**'} |`;
    const md = `## Change feed (\`npm run bench:feed\`)

${new Date().toISOString().slice(0, 10)} · ${machine()}

\`hub serve\` and \`hub worker\` in their own processes on PostgreSQL and Redis on the same machine; the benchmark
process commits the changes, holds the websocket subscription and runs the webhook receiver (loopback), so commit and
arrival times come from one clock. Latency is from the commit returning to the event's arrival.

${EVENTS.toLocaleString()} events at ${RATE}/s, each in its own transaction, once per number of subscribers:

| consumer | p50 ms | p99 ms | max ms | goal p99 < ${GOAL_P99_MS} ms |
|---|---|---|---|---|
${rounds
  .flatMap((r) => [
    row(`${r.count} websocket subscribers (\`changes\`, one connection each; all arrivals)`, r.sub),
    row(`webhook receiver (batches of up to 100), beside ${r.count} subscribers`, r.hook),
  ])
  .join('\n')}

A burst of ${BURST.toLocaleString()} events in transactions of 100 (committed in ${b.committedIn.toFixed(1)} s, ${Math.round(BURST / b.committedIn).toLocaleString()} events/s):
the last of the ${SUBSCRIBERS[0]} subscribers had all of them at **${Math.round(b.sub).toLocaleString()} events/s**, the webhook receiver at
**${Math.round(b.hook).toLocaleString()} events/s** (from the first commit to the last arrival). One API process serves every
subscriber: at ${RATE} events/s each subscriber is ${RATE} GraphQL executions and websocket messages a second on two cores
shared with PostgreSQL, the worker and this benchmark.`;
    writeSection('feed', md);
    process.stdout.write(`${md}\n`);
  } finally {
    server.kill('SIGTERM');
    worker.kill('SIGTERM');
    receiver.close();
    await hub.close();
  }
}

await main();
