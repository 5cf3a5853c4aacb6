/**
 * `npm run bench:api [-- --organizations 200000 --seconds 15 --connections 50 --reuse]`
 *
 * A city made set-based in SQL (scripts/bench/sql-city.ts) with its facts derived, served by
 * `hub serve` in its own process (so the load generator does not share its event loop), and
 * loaded by autocannon with 50 connections for three dashboard requests:
 * (a) an organization by USCC with its bodies, members and provenance, (b) a filtered page of
 * 50 ledger organizations with nested relations, (c) coverage broken down by county.
 * Goal: p99 under 50 ms each. The database (hub_bench_api) is left for experiments;
 * `--reuse` loads it again instead of making a new city.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import autocannon from 'autocannon';
import { openHub } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';
import { deriveStale } from '../../src/facts/derive.js';
import { assignIndustryCommittees } from '../../src/coverage/industry-committees.js';
import { projectPath } from '../../src/paths.js';
import { createClient } from '../../src/security/clients.js';
import { arg, freshDatabase, machine, writeSection } from './report.js';
import { CITY, cityCounts, makeCity } from './sql-city.js';

const organizations = Number(arg('organizations', '200000'));
const seconds = Number(arg('seconds', '15'));
const connections = Number(arg('connections', '50'));
const PORT = Number(arg('port', '4517'));
const AS_OF = '2026-11-01';
const GOAL_P99_MS = 50;
const log = (m: string) => process.stderr.write(`[bench:api] ${m}\n`);
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const ORGANIZATION_BY_USCC = `query($u: String) { organization(uscc: $u) {
  id uscc name status kind division { name } supervisingDepartment { name }
  scope { inScope reason } threeHaves { value has10Employees hasPremises hasBusinessActivity }
  inLedger coveredByBody coveredByWork advice
  partyBodies { name kind foundedOn } members { name idNumberMasked kind }
  provenance(property: "name") { value source period chosen why } } }`;

const LEDGER_PAGE = `query($d: String) { organizations(filter: { inLedger: true, divisionCode: $d }, first: 50) {
  totalCount
  nodes { id uscc name headcount advice coveredByBody coveredByWork supervisingDepartment { name }
          partyBodies { name kind } members { name kind } guidanceOfficers { active officer { name } } }
  pageInfo { endCursor hasNextPage } } }`;

const COVERAGE_BY_COUNTY = `query($d: String) { coverageBreakdown(divisionCode: $d, by: COUNTY) {
  key label total ledgerOrganizations coveredByBody coveredByWork organizationalCoverageRate workCoverageRate } }`;

/** The benchmark's API key (an ADMIN client made in the city's database), set in main(). */
const KEY = { value: '' };

interface Scenario {
  name: string;
  query: string;
  variables: () => Record<string, unknown>;
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`hub serve exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('hub serve did not become healthy in 60 s');
}

async function load(url: string, s: Scenario, conns = connections): Promise<autocannon.Result> {
  const body = () => JSON.stringify({ query: s.query, variables: s.variables() });
  // A short warm-up so plans and connections are ready, then the measured run.
  const opts = (duration: number): autocannon.Options => ({
    url,
    connections: conns,
    duration,
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY.value}` },
    requests: [{ setupRequest: (req) => ({ ...req, body: body() }) }],
  });
  await autocannon(opts(3));
  return autocannon(opts(seconds));
}

/** A few answers read in full: a benchmark of error responses would measure the wrong thing. */
async function checkAnswers(url: string, s: Scenario): Promise<void> {
  for (let i = 0; i < 20; i++) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY.value}` },
      body: JSON.stringify({ query: s.query, variables: s.variables() }),
    });
    const body = (await res.json()) as { errors?: { message: string }[]; data?: Record<string, unknown> };
    if (body.errors?.length) throw new Error(`${s.name}: ${body.errors[0]!.message}`);
    if (!body.data || Object.values(body.data).some((v) => v === null)) throw new Error(`${s.name}: empty answer`);
  }
}

async function main(): Promise<void> {
  const reuse = process.argv.includes('--reuse');
  const url = reuse ? ADMIN_URL.replace(/\/[^/]*$/, '/hub_bench_api') : await freshDatabase('hub_bench_api');
  const env = {
    ...process.env,
    DATABASE_URL: url,
    HUB_AS_OF: AS_OF,
    HUB_PII_KEY: 'cd'.repeat(32),
    HUB_HOME_REGION: CITY,
    LOG_LEVEL: 'warn',
  };
  const hub = await openHub({ env: loadEnv(env) });
  let sample: { usccs: string[]; divisions: string[]; counties: string[]; counts: Record<string, number> };
  try {
    let counts: Record<string, number>;
    if (reuse) counts = await cityCounts(hub.db);
    else {
      log(`making a city of ${organizations.toLocaleString()} organizations`);
      counts = await makeCity(hub.db, organizations, log);
      await hub.db.transaction((tx) => assignIndustryCommittees(tx));
      const t = performance.now();
      await deriveStale(hub.db, hub.rules, hub.priorities);
      log(`derive: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    }
    const usccs = (
      await hub.db.query<{ uscc: string }>(
        `select uscc from organizations o where uscc is not null and exists (select 1 from party_body_coverage c where c.organization_id = o.id)
         order by hashint8(id) limit 2000`,
      )
    ).map((r) => r.uscc);
    const divisions = (
      await hub.db.query<{ d: string }>(`select distinct substr(division_code, 1, 9) as d from organizations where in_ledger order by 1`)
    ).map((r) => r.d);
    const counties = (
      await hub.db.query<{ d: string }>(`select distinct county_code as d from organizations where county_code is not null`)
    ).map((r) => r.d);
    sample = { usccs, divisions, counties, counts };
    // Every request needs a key; a high rate limit, or the limiter would be what is measured.
    KEY.value = (await createClient(hub.db, { name: 'bench:api', role: 'ADMIN', rateLimitPerMinute: 100_000_000 })).key;
  } finally {
    await hub.close();
  }
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(Math.random() * xs.length)]!;
  const scenarios: Scenario[] = [
    {
      name: '(a) organization by USCC with bodies, members, provenance',
      query: ORGANIZATION_BY_USCC,
      variables: () => ({ u: pick(sample.usccs) }),
    },
    {
      name: '(b) page of 50 ledger organizations in a township, nested',
      query: LEDGER_PAGE,
      variables: () => ({ d: pick(sample.divisions) }),
    },
    {
      name: '(c) coverage breakdown by county (city, or one county)',
      query: COVERAGE_BY_COUNTY,
      variables: () => ({ d: pick([CITY, ...sample.counties]) }),
    },
  ];

  const child = spawn(process.execPath, ['--import', 'tsx', projectPath('src', 'cli', 'main.ts'), 'serve', '--port', String(PORT)], {
    env: { ...env, HUB_MAX_QUERY_COST: '100000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const results: { name: string; r: autocannon.Result; alone: autocannon.Result }[] = [];
  try {
    await waitForHealth(`http://127.0.0.1:${PORT}/health`, child);
    for (const s of scenarios) {
      log(s.name);
      const r = await load(`http://127.0.0.1:${PORT}/graphql`, s);
      if (r.non2xx > 0 || r.errors > 0) throw new Error(`${s.name}: ${r.non2xx} non-2xx responses, ${r.errors} errors`);
      await checkAnswers(`http://127.0.0.1:${PORT}/graphql`, s);
      // The same request with one connection: its latency without queueing.
      const alone = await load(`http://127.0.0.1:${PORT}/graphql`, s, 1);
      results.push({ name: s.name, r, alone });
      log(`${Math.round(r.requests.average)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`);
    }
  } finally {
    child.kill('SIGTERM');
  }

  const rows = results
    .map(
      ({ name, r, alone }) =>
        `| ${name} | ${Math.round(r.requests.average).toLocaleString()} | ${r.latency.p50} | **${r.latency.p99}** | ${r.latency.p99 < GOAL_P99_MS ? 'met' : '**missed**'} | ${alone.latency.p50} / ${alone.latency.p99} |`,
    )
    .join('\n');
  const md = `## API (\`npm run bench:api\`)

${new Date().toISOString().slice(0, 10)} · ${machine()}

A city of ${sample.counts.organizations!.toLocaleString()} organizations made in SQL (${sample.counts.statements!.toLocaleString()} statements,
${sample.counts.bodies!.toLocaleString()} Party bodies, ${sample.counts.members!.toLocaleString()} members), facts derived; \`hub serve\` in its own
process on the same machine as PostgreSQL and the load generator (autocannon, ${connections} connections, ${seconds} s per request
after a 3 s warm-up, each request with a different USCC, township or county).

| request | requests/s | p50 ms | p99 ms | goal p99 < ${GOAL_P99_MS} ms | one connection: p50 / p99 ms |
|---|---|---|---|---|---|
${rows}

With ${connections} connections always busy, a request waits for the ones ahead of it: p50 ≈ ${connections} ÷ requests/s
(Little's law). A p99 under ${GOAL_P99_MS} ms at ${connections} connections needs well over ${Math.round((connections * 1000) / GOAL_P99_MS).toLocaleString()} requests/s
from two cores shared by the server, PostgreSQL and the load generator; the last column is each request's own latency.`;
  writeSection('api', md);
  process.stdout.write(`${md}\n`);
}

await main();
