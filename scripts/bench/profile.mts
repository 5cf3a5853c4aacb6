import { openHub } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';
import { getConnector } from '../../src/ingest/registry.js';
import { runConnector } from '../../src/ingest/pipeline.js';
import postgres from 'postgres';
const admin = postgres('postgres://postgres@127.0.0.1:5432/postgres', { max: 1 });
await admin.unsafe('drop database if exists hub_prof with (force)');
await admin.unsafe('create database hub_prof');
await admin.end();
const hub = await openHub({
  env: loadEnv({
    ...process.env,
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/hub_prof',
    HUB_PII_KEY: 'cd'.repeat(32),
    HUB_HOME_REGION: '1503',
  }),
});
const times = new Map<string, [number, number]>();
const wrap = (q: any) => async (text: string, params?: unknown[]) => {
  const t = performance.now();
  try {
    return await q(text, params);
  } finally {
    const k = text.replace(/\s+/g, ' ').slice(0, 70);
    const v = times.get(k) ?? [0, 0];
    v[0] += performance.now() - t;
    v[1]++;
    times.set(k, v);
  }
};
const origTx = hub.db.transaction.bind(hub.db);
(hub.db as any).query = wrap(hub.db.query.bind(hub.db));
(hub.db as any).transaction = (fn: any) => origTx((tx: any) => fn({ query: wrap(tx.query.bind(tx)) }));
const t = performance.now();
import { loadConnectors } from '../../src/ingest/registry.js';
for (const c of (await loadConnectors()).filter((x) => x.files?.length)) {
  const t1 = performance.now();
  const s = await runConnector(hub, c, { inboxRoot: 'bench-out/city-20000-7', batchSize: 5000 });
  console.log(c.id, s.rowsRead, ((performance.now() - t1) / 1000).toFixed(1), 's');
}
console.log('total', ((performance.now() - t) / 1000).toFixed(1), 's');
console.log(
  [...times]
    .sort((a, b) => b[1][0] - a[1][0])
    .slice(0, 22)
    .map(([k, [ms, n]]) => `${(ms / 1000).toFixed(2)}s ${n}x ${k}`)
    .join('\n'),
);
await hub.close();
