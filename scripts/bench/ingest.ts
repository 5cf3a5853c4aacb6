/**
 * `npm run bench:ingest [-- --organizations 200000 --seed 7 --big-file-mb 1024]`
 *
 * Generates a city (cached under bench-out/), ingests it into a fresh database on the local
 * PostgreSQL through the real pipeline, and reports source rows/s, peak RSS and, for scale,
 * the rows/s of a plain COPY of the same statements. With --big-file-mb, also streams one
 * social-security file of that size and reports its peak RSS (memory must not grow with it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { openHub } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import type { RunSummary } from '../../src/ingest/pipeline.js';
import { runConnectors } from '../../src/ingest/run-all.js';
import { projectPath } from '../../src/paths.js';
import { arg, freshDatabase, generateCity, machine, rssSampler, writeSection } from './report.js';
import { makeBigInsuredFile } from './big-file.js';

const organizations = Number(arg('organizations', '200000'));
const seed = Number(arg('seed', '7'));
const bigFileMb = Number(arg('big-file-mb', '0'));
const log = (m: string) => process.stderr.write(`[bench:ingest] ${m}\n`);

async function copyBaseline(url: string): Promise<{ rows: number; seconds: number }> {
  // The dump gets its own connection: a finished COPY TO stream can keep a one-connection pool busy.
  const dump = path.join(projectPath('bench-out'), 'statements.copy');
  const reader = postgres(url, { max: 1, onnotice: () => {} });
  await pipeline(await reader`copy statements to stdout`.readable(), fs.createWriteStream(dump));
  await reader.end({ timeout: 1 });
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql`create table statements_copy (like statements including all)`;
  const started = performance.now();
  await pipeline(fs.createReadStream(dump), await sql`copy statements_copy from stdin`.writable());
  const seconds = (performance.now() - started) / 1000;
  const [{ n }] = (await sql`select count(*)::int as n from statements_copy`) as unknown as [{ n: number }];
  await sql`drop table statements_copy`;
  await sql.end();
  fs.rmSync(dump);
  return { rows: n, seconds };
}

async function main(): Promise<void> {
  const dir = projectPath('bench-out', `city-${organizations}-${seed}`);
  generateCity(dir, organizations, seed, ['--no-truth-links']);
  const url = await freshDatabase('hub_bench_ingest');
  const hub = await openHub({
    env: loadEnv({ ...process.env, DATABASE_URL: url, HUB_PII_KEY: 'cd'.repeat(32), HUB_HOME_REGION: '1503', LOG_LEVEL: 'warn' }),
  });
  const rss = rssSampler();
  const started = performance.now();
  let deriveStarted = 0;
  // What `hub ingest` does: the connectors in order, then one derive of the facts.
  const results: RunSummary[] = await runConnectors(
    hub,
    (await loadConnectors()).filter((x) => x.files?.length),
    {
      inboxRoot: dir,
      trigger: 'bench',
      batchSize: Number(arg('batch', '5000')),
      onRun: (c) => {
        const t = performance.now();
        return { done: () => log(`${c.id}: ${((performance.now() - t) / 1000).toFixed(1)} s`) };
      },
      onDerive: () => {
        deriveStarted = performance.now();
      },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const deriveSeconds = (performance.now() - deriveStarted) / 1000;
  log(`derive: ${deriveSeconds.toFixed(1)} s`);
  const rows = results.reduce((s, r) => s + r.rowsRead, 0);
  const peak = rss.peak();
  rss.stop();
  const [{ version }] = (await hub.db.query<{ version: string }>(`select current_setting('server_version') as version`)) as [
    { version: string },
  ];
  const [{ n: statements }] = (await hub.db.query<{ n: number }>(`select count(*)::int as n from statements`)) as [{ n: number }];
  const [{ n: orgs }] = (await hub.db.query<{ n: number }>(`select count(*)::int as n from organizations`)) as [{ n: number }];
  await hub.close();
  const copy = await copyBaseline(url);

  const rate = Math.round(rows / seconds);
  const copyRate = Math.round(copy.rows / copy.seconds);
  const table = results
    .map(
      (r) =>
        `| ${r.connector} | ${r.rowsRead.toLocaleString()} | ${r.rowsQuarantined.toLocaleString()} | ${(r.durationMs / 1000).toFixed(1)} | ${Math.round(r.rowsRead / (r.durationMs / 1000)).toLocaleString()} |`,
    )
    .join('\n');
  const md = `## Ingest (\`npm run bench:ingest\`)

${new Date().toISOString().slice(0, 10)} · ${machine(`PostgreSQL ${version}`)}

City of ${organizations.toLocaleString()} organizations (seed ${seed}): ${rows.toLocaleString()} source rows in six connectors → ${orgs.toLocaleString()} organizations, ${statements.toLocaleString()} statements.

| what | figure |
|---|---|
| end to end | **${rate.toLocaleString()} source rows/s** (${seconds.toFixed(1)} s) — goal ≥ 50,000 |
| peak RSS | **${peak} MB** — goal < 500 MB |
| plain COPY of the same statements | ${copyRate.toLocaleString()} statements/s (${copy.seconds.toFixed(1)} s) |
| ratio pipeline source rows/s ÷ COPY statements/s | ${(rate / copyRate).toFixed(2)} |
| of which the final derive of every organization's facts | ${deriveSeconds.toFixed(1)} s |

| connector | rows | quarantined | seconds | rows/s |
|---|---|---|---|---|
${table}
| (derive, once after the runs) | | | ${deriveSeconds.toFixed(1)} | |`;
  writeSection('ingest', md);
  process.stdout.write(`${md}\n`);
  if (bigFileMb > 0) await bigFile(bigFileMb);
}

/**
 * A file of the given size through the reader and `map` (no database): memory must stay flat
 * whatever the size. The database side is bounded by the batch size and measured above.
 */
async function bigFile(megabytes: number): Promise<void> {
  const bigDir = projectPath('bench-out', 'big-inbox');
  const file = await makeBigInsuredFile(path.join(bigDir, 'social-security'), megabytes);
  const connector = (await loadConnectors()).find((c) => c.id === 'social-security')!;
  const rss = rssSampler();
  const started = performance.now();
  let rows = 0;
  let accepted = 0;
  const items = connector.read({
    connectorId: connector.id,
    config: connector.parseConfig({}),
    inboxDir: path.dirname(file),
    cursor: {},
    isProcessed: async () => false,
    signal: new AbortController().signal,
  });
  for await (const item of items) {
    if (item.type !== 'row') continue;
    rows++;
    if (connector.map(item.row).ok) accepted++;
    if (rows % 1_000_000 === 0) log(`big file: ${rows.toLocaleString()} rows, rss ${rss.peak()} MB`);
  }
  const seconds = (performance.now() - started) / 1000;
  const md = `## A ${megabytes} MB file (\`npm run bench:ingest -- --big-file-mb ${megabytes}\`)

${new Date().toISOString().slice(0, 10)} · ${machine()}

One social-security CSV of ${megabytes} MB (${rows.toLocaleString()} rows, made by the benchmark, not committed) read and mapped
by the connector with a ${Math.round(
    Number(
      process.execArgv
        .concat(process.env.NODE_OPTIONS ?? '')
        .join(' ')
        .match(/max-old-space-size=(\d+)/)?.[1] ?? 0,
    ),
  )} MB heap cap:
${accepted.toLocaleString()} rows accepted, ${Math.round(rows / seconds).toLocaleString()} rows/s, **peak RSS ${rss.peak()} MB**, no crash.`;
  rss.stop();
  fs.rmSync(bigDir, { recursive: true, force: true });
  writeSection('big-file', md);
  process.stdout.write(`${md}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
