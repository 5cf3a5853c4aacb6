/**
 * `npx tsx scripts/bench/profile-sql.ts [inbox]`: ingests an inbox into a scratch database
 * (hub_profile) and prints where the time went, per connector and per SQL statement shape.
 * For finding the next bottleneck; the benchmark proper is scripts/bench/ingest.ts.
 */
import postgres from 'postgres';
import { openHub } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';
import type { Queryable } from '../../src/db/client.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import { runConnectors } from '../../src/ingest/run-all.js';

const inbox = process.argv[2] ?? 'bench-out/city-20000-7';
const adminUrl = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe('drop database if exists hub_profile with (force)');
await admin.unsafe('create database hub_profile');
await admin.end();
const url = adminUrl.replace(/\/[^/]*$/, '/hub_profile');
const hub = await openHub({ env: loadEnv({ ...process.env, DATABASE_URL: url, HUB_PII_KEY: 'cd'.repeat(32), HUB_HOME_REGION: '1503' }) });

const times = new Map<string, { ms: number; n: number }>();
function timed(q: Queryable['query']): Queryable['query'] {
  return async (text, params) => {
    const t = performance.now();
    try {
      return await q(text, params);
    } finally {
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
      const v = times.get(key) ?? { ms: 0, n: 0 };
      v.ms += performance.now() - t;
      v.n++;
      times.set(key, v);
    }
  };
}
const db = hub.db;
const query = timed(db.query.bind(db));
const transaction = db.transaction.bind(db);
const profiled = {
  ...hub,
  db: { ...db, query, transaction: <T>(fn: (tx: Queryable) => Promise<T>) => transaction((tx) => fn({ query: timed(tx.query.bind(tx)) })) },
};

const started = performance.now();
let phase = performance.now();
const lap = (label: string) => {
  console.log(`${label}: ${((performance.now() - phase) / 1000).toFixed(1)} s`);
  phase = performance.now();
};
await runConnectors(
  profiled,
  (await loadConnectors()).filter((x) => x.files?.length),
  {
    inboxRoot: inbox,
    onRun: (c) => ({ done: () => lap(c.id) }),
    onDerive: () => (phase = performance.now()),
  },
);
lap('derive');
console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
for (const [k, v] of [...times].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20)) console.log(`${(v.ms / 1000).toFixed(2)} s  ${v.n}×  ${k}`);
await hub.close();
