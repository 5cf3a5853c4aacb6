/**
 * `npm run bench:resolve [-- --organizations 200000 --seed 11]`
 *
 * Precision and recall of the links against the generator's ground truth. The city is
 * generated with its row → organization links (truth-links.ndjson), ingested through the
 * real pipeline, then every row of the organization sources is read and mapped again to find
 * the organization its record was linked to. Pairwise over rows: precision = pairs the hub
 * put together that truly belong together; recall = true pairs the hub put together.
 * Resolution time is the time spent inside the resolver.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { openHub } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';
import type { Queryable } from '../../src/db/client.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import { runConnector } from '../../src/ingest/pipeline.js';
import type { Resolver } from '../../src/resolve/resolver.js';
import { projectPath } from '../../src/paths.js';
import { arg, freshDatabase, generateCity, machine, writeSection } from './report.js';

const organizations = Number(arg('organizations', '200000'));
const seed = Number(arg('seed', '11'));
const ORG_SOURCES = ['business-registration', 'civil-affairs', 'social-security', 'tax'];
const log = (m: string) => process.stderr.write(`[bench:resolve] ${m}\n`);

/** `${connector}/${file}:${line}` → the organizations the row refers to. */
async function truthLinks(dir: string): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  let prefix = '';
  const lines = readline.createInterface({ input: fs.createReadStream(path.join(dir, 'truth-links.ndjson')) });
  for await (const line of lines) {
    const v = JSON.parse(line) as { connector: string; file: string } | [number, string[]];
    if (Array.isArray(v)) out.set(`${prefix}:${v[0]}`, v[1]);
    else prefix = `${v.connector}/${v.file}`;
  }
  return out;
}

const pairs = (n: number) => (n * (n - 1)) / 2;

async function main(): Promise<void> {
  const dir = projectPath('bench-out', `resolve-${organizations}-${seed}`);
  generateCity(dir, organizations, seed, ['--streaming']);
  const url = await freshDatabase('hub_bench_resolve');
  const hub = await openHub({
    env: loadEnv({ ...process.env, DATABASE_URL: url, HUB_PII_KEY: 'cd'.repeat(32), HUB_HOME_REGION: '1503', LOG_LEVEL: 'warn' }),
  });

  let resolveMs = 0;
  const inner = hub.resolver;
  const timed: Resolver = {
    async resolve(tx: Queryable, connector, inputs) {
      const t = performance.now();
      try {
        return await inner.resolve(tx, connector, inputs);
      } finally {
        resolveMs += performance.now() - t;
      }
    },
  };
  const connectors = (await loadConnectors()).filter((c) => c.files?.length);
  const started = performance.now();
  for (const c of connectors) await runConnector({ ...hub, resolver: timed }, c, { inboxRoot: dir, trigger: 'bench' });
  const ingestSeconds = (performance.now() - started) / 1000;
  log(`ingested in ${ingestSeconds.toFixed(1)} s, resolver ${(resolveMs / 1000).toFixed(1)} s`);

  const truth = await truthLinks(dir);
  // Rows the generator made unreadable must be quarantined (DOMAIN.md), not linked: not scored.
  const defects = (
    JSON.parse(fs.readFileSync(path.join(dir, 'truth.json'), 'utf8')) as {
      defects: { connector: string; file: string; line: number; expect: string }[];
    }
  ).defects;
  const mustQuarantine = new Set(defects.filter((d) => d.expect === 'QUARANTINE').map((d) => `${d.connector}/${d.file}:${d.line}`));
  const rows: { truth: string; key: string }[] = [];
  for (const c of connectors.filter((x) => ORG_SOURCES.includes(x.id))) {
    const items = c.read({
      connectorId: c.id,
      config: c.parseConfig({}),
      inboxDir: path.join(dir, c.id),
      cursor: {},
      isProcessed: async () => false,
      signal: new AbortController().signal,
    });
    for await (const item of items) {
      if (item.type !== 'row') continue;
      const where = `${c.id}/${item.row.file}:${item.row.line}`;
      const orgs = truth.get(where);
      if (!orgs || orgs.length !== 1 || mustQuarantine.has(where)) continue;
      const mapped = c.map(item.row);
      const record = mapped.ok ? mapped.records.find((r) => r.type === 'organization') : undefined;
      rows.push({ truth: orgs[0]!, key: record && record.type === 'organization' ? `${c.id}\u0001${record.sourceKey}` : '' });
    }
  }
  const keys = [...new Set(rows.map((r) => r.key).filter(Boolean))];
  const linked = new Map<string, number>();
  for (let i = 0; i < keys.length; i += 20000) {
    const chunk = keys.slice(i, i + 20000).map((k) => k.split('\u0001') as [string, string]);
    const found = await hub.db.query<{ k: string; id: number }>(
      `select l.connector || chr(1) || l.source_key as k, coalesce(o.merged_into_id, o.id) as id
       from source_links l join unnest($1::text[], $2::text[]) as v(c, s) on l.connector = v.c and l.source_key = v.s
       join organizations o on o.id = l.entity_id`,
      [chunk.map((c) => c[0]), chunk.map((c) => c[1])],
    );
    for (const f of found) linked.set(f.k, f.id);
  }
  // Contingency counts: rows per (truth, hub), per truth, per hub. An unlinked row is its own cluster.
  const cell = new Map<string, number>();
  const byTruth = new Map<string, number>();
  const byHub = new Map<string, number>();
  let unlinked = 0;
  rows.forEach((r, i) => {
    const id = linked.get(r.key);
    const hubId = id === undefined ? `row${i}` : String(id);
    if (id === undefined) unlinked++;
    cell.set(`${r.truth}|${hubId}`, (cell.get(`${r.truth}|${hubId}`) ?? 0) + 1);
    byTruth.set(r.truth, (byTruth.get(r.truth) ?? 0) + 1);
    byHub.set(hubId, (byHub.get(hubId) ?? 0) + 1);
  });
  const sum = (m: Map<string, number>) => [...m.values()].reduce((s, n) => s + pairs(n), 0);
  // Where recall is lost: organizations the hub split, with the source keys of each part.
  const parts = new Map<string, Map<string, Set<string>>>();
  rows.forEach((r, i) => {
    const id = linked.get(r.key);
    const hubId = id === undefined ? `unlinked` : String(id);
    const m = parts.get(r.truth) ?? new Map<string, Set<string>>();
    m.set(hubId, (m.get(hubId) ?? new Set()).add(r.key.replace('\u0001', ' ') || `(no record, row ${i})`));
    parts.set(r.truth, m);
  });
  const split = [...parts].filter(([, m]) => m.size > 1);
  log(`${split.length} organizations split; examples:`);
  for (const [org, m] of split.slice(0, 8))
    log(`  ${org}: ${[...m].map(([h, k]) => `${h} ← ${[...k].slice(0, 3).join(', ')}`).join(' | ')}`);
  const tp = sum(cell);
  const precision = tp / sum(byHub);
  const recall = tp / sum(byTruth);
  const [{ n: reviews }] = (await hub.db.query<{ n: number }>(`select count(*)::int as n from match_reviews`)) as [{ n: number }];
  await hub.close();

  const md = `## Resolution quality (\`npm run bench:resolve\`)

${new Date().toISOString().slice(0, 10)} · ${machine()}

City of ${organizations.toLocaleString()} organizations (seed ${seed}, the generator's noise: name variants, lower-case and spaced codes,
old taxpayer ids, old registration numbers, rows with no USCC). Pairwise over the ${rows.length.toLocaleString()} rows of the
organization sources that the truth ties to one organization, leaving out the rows it made unreadable on purpose
(${unlinked.toLocaleString()} of the scored rows were not linked).

| what | figure |
|---|---|
| precision | **${precision.toFixed(5)}** — goal ≥ 0.999 |
| recall | **${recall.toFixed(5)}** — goal ≥ 0.995 |
| resolution time (inside the resolver) | **${(resolveMs / 1000).toFixed(1)} s** — goal < 60 s |
| whole ingest | ${ingestSeconds.toFixed(1)} s |
| match reviews proposed | ${reviews.toLocaleString()} |`;
  writeSection('resolve', md);
  process.stdout.write(`${md}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
