/**
 * `npm run bench:rules [-- --organizations 1000000 --city 200000 --repeat 7]`
 *
 * The two goals of the rules issue, each in its own fresh database on the local PostgreSQL:
 *
 * 1. Derive: a city of 200,000 organizations and their statements, shaped like what the
 *    connectors write (registrar types and status, 18 months of tax state, income-tax and
 *    insured counts, two annual reports, inspections of social organizations), with Party
 *    bodies, members and guidance officers, made set-based in SQL; then every organization's
 *    facts recomputed with `deriveStale(all)` — goal < 30 s — then once more on the same day
 *    (nothing changes) and once for the next day (every row's facts move to the new date).
 * 2. Coverage: 1,000,000 organizations with stored facts (rows as wide as the derived ones:
 *    their `facts` evidence is copied from part 1), then `coverageReport` for the whole city
 *    and for every county at once, warm, timed per statement and with EXPLAIN ANALYZE —
 *    goal < 200 ms at the database.
 *
 * Both databases are left behind (hub_bench_rules_derive, hub_bench_rules_coverage) for
 * experiments in psql; the next run drops them.
 */
import { openHub, type Hub } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';
import { coverageReport, coverageSql, type CoverageGrouping } from '../../src/coverage/report.js';
import { storedFactsAreFor } from '../../src/coverage/facts-source.js';
import type { Database, Queryable } from '../../src/db/client.js';
import { deriveStale, DERIVE_CHUNK, type DeriveResult } from '../../src/facts/derive.js';
import { withAsOf, type RulesSettings } from '../../src/facts/settings.js';
import { arg, freshDatabase, machine, writeSection } from './report.js';
import { CITY, communityOf, makeCity, towns, u, withIndexesRebuilt } from './sql-city.js';

const coverageOrgs = Number(arg('organizations', '1000000'));
const cityOrgs = Number(arg('city', '200000'));
const repeat = Number(arg('repeat', '7'));
const AS_OF = '2026-11-01';
const NEXT_DAY = '2026-11-02';
const COVERAGE_GOAL_MS = 200;
const DERIVE_GOAL_S = 30;
const log = (m: string) => process.stderr.write(`[bench:rules] ${m}\n`);

async function openBenchHub(name: string): Promise<Hub> {
  const url = await freshDatabase(name);
  return openHub({
    env: loadEnv({
      ...process.env,
      DATABASE_URL: url,
      HUB_AS_OF: AS_OF,
      HUB_PII_KEY: 'cd'.repeat(32),
      HUB_HOME_REGION: CITY,
      LOG_LEVEL: 'warn',
    }),
  });
}

async function timed<T>(what: string, fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const t = performance.now();
  const value = await fn();
  const seconds = (performance.now() - t) / 1000;
  log(`${what}: ${seconds.toFixed(1)} s`);
  return { value, seconds };
}

// ---------------------------------------------------------------------------------------
// Time per statement shape (as scripts/bench/profile-sql.ts does), to say where time went.

type Times = Map<string, { ms: number; n: number }>;
const shapeOf = (sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, 100);

function profiled(db: Database, times: Times): Database {
  const wrap =
    (q: Queryable): Queryable['query'] =>
    async <T>(text: string, params?: readonly unknown[]): Promise<T[]> => {
      const t = performance.now();
      try {
        return await q.query<T>(text, params);
      } finally {
        const key = shapeOf(text);
        const v = times.get(key) ?? { ms: 0, n: 0 };
        v.ms += performance.now() - t;
        v.n++;
        times.set(key, v);
      }
    };
  return { ...db, query: wrap(db), transaction: (fn) => db.transaction((tx) => fn({ query: wrap(tx) })) };
}

const totalMs = (times: Times) => [...times.values()].reduce((s, v) => s + v.ms, 0);
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const n = (x: number) => x.toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 2 ** 20).toLocaleString('en-US', { maximumFractionDigits: bytes < 10 * 2 ** 20 ? 1 : 0 })} MB`;

// ---------------------------------------------------------------------------------------
// Part 1: a city of 200,000 organizations with statements, and deriveStale over all of it.

interface DeriveRun {
  result: DeriveResult;
  seconds: number;
  times: Times;
}

interface DeriveFigures {
  counts: Record<string, number>;
  makeSeconds: number;
  first: DeriveRun;
  second: DeriveRun;
  nextDay: DeriveRun;
  outcome: Record<string, number>;
  /** `facts` of derived organizations, copied into the coverage rows so they are as wide. */
  evidence: string[];
}

async function benchDerive(): Promise<DeriveFigures> {
  const hub = await openBenchHub('hub_bench_rules_derive');
  try {
    const made = await timed(`city of ${n(cityOrgs)} organizations`, () => makeCity(hub.db, cityOrgs, log));
    log(`${n(made.value.statements!)} statements (${mb(made.value.statementBytes!)} with indexes)`);
    // Each run starts from a vacuumed table, as autovacuum leaves it between daily runs.
    const run = async (label: string, rules: RulesSettings): Promise<DeriveRun> => {
      await hub.db.query(`vacuum analyze organizations`);
      const times: Times = new Map();
      const db = profiled(hub.db, times);
      const r = await timed(label, () =>
        deriveStale(db, rules, hub.priorities, {
          all: true,
          onProgress: (done) => {
            if (done % (DERIVE_CHUNK * 10) === 0) log(`  ${n(done)} derived`);
          },
        }),
      );
      return { result: r.value, seconds: r.seconds, times };
    };
    const first = await run(`deriveStale (all), first run, ${AS_OF}`, hub.rules);
    const second = await run(`deriveStale (all), second run, ${AS_OF}`, hub.rules);
    const nextDay = await run(`deriveStale (all), next day, ${NEXT_DAY}`, withAsOf(hub.rules, NEXT_DAY));
    const [outcome] = await hub.db.query<Record<string, number>>(
      `select count(*) filter (where in_scope)::int as "inScope", count(*) filter (where in_ledger)::int as ledger,
              count(*) filter (where in_ledger and covered_by_body)::int as "coveredByBody",
              count(*) filter (where in_ledger and covered_by_work)::int as "coveredByWork",
              (select count(*)::int from change_events) as "changeEvents"
       from organizations`,
    );
    const evidence = (
      await hub.db.query<{ facts: string }>(`select facts::text as facts from organizations where id % 997 = 0 order by id`)
    ).map((r) => r.facts);
    return { counts: made.value, makeSeconds: made.seconds, first, second, nextDay, outcome: outcome!, evidence };
  } finally {
    await hub.close();
  }
}

// ---------------------------------------------------------------------------------------
// Part 2: 1,000,000 organizations with stored facts, and coverage reports over the city.

async function makeCoverageRows(db: Database, orgs: number, evidence: readonly string[]): Promise<void> {
  const t = await towns(db);
  const departments = (await db.query<{ code: string }>(`select code from departments order by code`)).map((r) => r.code);
  // 45% in scope; of those 88% enterprises, 30% in the ledger; of the ledger 30% covered by a
  // body and 55% by body or work; a few out-of-ledger ones covered too; 0.5% merged away.
  await withIndexesRebuilt(db, 'organizations', false, () =>
    db
      .query(
        `insert into organizations (id, uscc, name, core_name, kind, enterprise_type, registration_status, division_code, county_code,
                                    registered_address, business_address, legal_representative, industry_code, supervising_department_code,
                                    facts_as_of, in_scope, scope_kind, scope_reasons, three_haves, has_10_employees, has_premises,
                                    has_business_activity, headcount, headcount_source, operates_normally, in_ledger, covered_by_body,
                                    covered_by_work, advice, members_formal, members_total, members_pocket, facts, merged_into_id)
         select g, null, '乌海市测试' || g || '有限公司', '测试' || g, case when social then 'SOCIAL_ORGANIZATION' else 'ENTERPRISE' end,
                case when not social then '有限责任公司(自然人投资或控股)' end, '存续', div, substr(div, 1, 6),
                '内蒙古自治区乌海市海勃湾区滨河路' || (g % 400) || '号', '内蒙古自治区乌海市海勃湾区滨河路' || (g % 400) || '号',
                '法人' || (g % 9973), 'F' || lpad((g % 9000)::text, 4, '0'),
                case when social and ${u('g', 8)} < 0.6 then ($3::text[])[1 + floor(${u('g', 9)} * array_length($3::text[], 1))::int] end,
                $4::date, in_scope, case when in_scope or ${u('g', 2)} < 0.5 then case when social then 'SOCIAL_ORGANIZATION' else 'ENTERPRISE' end end,
                case when in_scope then '{}'::text[] else '{NOT_REGISTERED_ALIVE}'::text[] end,
                case when in_scope and not social then ledger end, in_scope and not social, in_scope and not social, in_scope and not social,
                case when in_scope and not social then 10 + (g % 50) end, case when in_scope and not social then 'SOCIAL_SECURITY' end,
                case when in_scope and social then ledger end, ledger, body, work,
                case when ledger and not body then 'JOINT_BRANCH' end, g % 5, g % 6, 0,
                ($5::text[])[1 + g % array_length($5::text[], 1)]::jsonb,
                case when ${u('g', 7)} < 0.005 then greatest(1, g - 1) end
         from (select g, div, social, in_scope, ledger, ledger and c < 0.30 or not ledger and c < 0.02 as body,
                      ledger and c < 0.55 or not ledger and c < 0.04 as work
               from (select g, ${communityOf('g', '$2::text[]')} as div, ${u('g', 1)} < 0.45 as in_scope,
                            ${u('g', 3)} >= 0.88 as social, ${u('g', 1)} < 0.45 and ${u('g', 4)} < 0.30 as ledger, ${u('g', 5)} as c
                     from generate_series(1, $1::int) g) a) b`,
        [orgs, t, departments, AS_OF, evidence.length ? evidence : ['{}']],
      )
      .then(() => undefined),
  );
  await db.query(`select setval('organizations_id_seq', $1)`, [orgs]);
  await db.query(`vacuum analyze organizations`);
  // What a complete derive records: every organization's stored facts are of AS_OF.
  await db.query(`insert into facts_state (id, as_of) values (1, $1::date) on conflict (id) do update set as_of = excluded.as_of`, [AS_OF]);
}

interface PlanNode {
  'Node Type': string;
  Strategy?: string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Heap Fetches'?: number;
  'Actual Rows'?: number;
  'Workers Launched'?: number;
  'Shared Hit Blocks'?: number;
  'Shared Read Blocks'?: number;
  Plans?: PlanNode[];
}
interface Explained {
  Plan: PlanNode;
  'Planning Time': number;
  'Execution Time': number;
}

function indexesOf(plan: PlanNode): string[] {
  return [...(plan['Index Name'] ? [plan['Index Name']] : []), ...(plan.Plans ?? []).flatMap(indexesOf)];
}

/** The plan's scans, gathers and aggregates in order, and its buffers; `sizes` gives index sizes. */
function planFacts(plan: PlanNode, sizes: ReadonlyMap<string, number>): string {
  const out: string[] = [];
  const walk = (p: PlanNode) => {
    const t = p['Node Type'];
    if (/Scan/.test(t) && p['Relation Name'] !== undefined) {
      const index = p['Index Name'];
      let s = `${t}${index ? ` using ${index} (${mb(sizes.get(index) ?? 0)})` : ` on ${p['Relation Name']}`} (${n(p['Actual Rows'] ?? 0)} rows/loop`;
      if (p['Heap Fetches'] !== undefined) s += `, heap fetches ${n(p['Heap Fetches'])}`;
      out.push(`${s})`);
    } else if (t === 'Gather' || t === 'Gather Merge') out.push(`${t} (${p['Workers Launched'] ?? 0} workers)`);
    else if (t === 'Aggregate') out.push(`${p.Strategy ?? ''} Aggregate`.trim());
    for (const c of p.Plans ?? []) walk(c);
  };
  walk(plan);
  const hit = plan['Shared Hit Blocks'] ?? 0;
  const read = plan['Shared Read Blocks'] ?? 0;
  return `${out.join(' → ')}; ${n(hit + read)} buffer accesses (index and visibility map pages, ${n(read)} not in shared buffers)`;
}

async function explain(db: Queryable, sql: string, params: readonly unknown[]): Promise<Explained> {
  const [row] = await db.query<{ 'QUERY PLAN': Explained[] | string }>(`explain (analyze, buffers, format json) ${sql}`, params);
  const v = row!['QUERY PLAN'];
  return (typeof v === 'string' ? (JSON.parse(v) as Explained[]) : v)[0]!;
}

interface CoverageFigures {
  by: CoverageGrouping;
  groups: number;
  inScope: number;
  /** Median wall time of coverageReport() (client, one transaction of 4–5 statements). */
  reportMs: number;
  /** Median of the sum of its statements' times. */
  databaseMs: number;
  /** Median time of the aggregation statement alone, and of the check that facts are fresh. */
  aggregateMs: number;
  freshnessMs: number;
  /** EXPLAIN ANALYZE of the aggregation: median execution time, the plan's key facts. */
  executionMs: number;
  planningMs: number;
  plan: string;
}

async function measureCoverage(hub: Hub, by: CoverageGrouping): Promise<CoverageFigures> {
  const division = `${CITY}00`;
  const report = () => coverageReport(hub.db, hub, { division, by });
  const sql = coverageSql(by);
  const first = await report(); // warm-up
  const wall: number[] = [];
  const database: number[] = [];
  const aggregate: number[] = [];
  const freshness: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const times: Times = new Map();
    const t = performance.now();
    await coverageReport(profiled(hub.db, times), hub, { division, by });
    wall.push(performance.now() - t);
    database.push(totalMs(times));
    aggregate.push(times.get(shapeOf(sql))?.ms ?? NaN);
    freshness.push([...times].find(([k]) => k.includes('facts_state'))?.[1].ms ?? NaN);
  }
  const explained: Explained[] = [];
  for (let i = 0; i < 3; i++) explained.push(await explain(hub.db, sql, [CITY]));
  const sizes = new Map<string, number>();
  for (const index of new Set(indexesOf(explained[0]!.Plan))) {
    const [row] = await hub.db.query<{ bytes: number }>(`select pg_relation_size($1::regclass)::float8 as bytes`, [index]);
    sizes.set(index, row!.bytes);
  }
  const total = first.groups.find((g) => g.total && g.kind === 'ALL');
  const figures: CoverageFigures = {
    by,
    groups: first.groups.length,
    inScope: total?.inScope ?? 0,
    reportMs: median(wall),
    databaseMs: median(database),
    aggregateMs: median(aggregate),
    freshnessMs: median(freshness),
    executionMs: median(explained.map((e) => e['Execution Time'])),
    planningMs: median(explained.map((e) => e['Planning Time'])),
    plan: planFacts(explained[0]!.Plan, sizes),
  };
  log(
    `coverage by ${by}: report ${figures.reportMs.toFixed(1)} ms, statements ${figures.databaseMs.toFixed(1)} ms ` +
      `(aggregation ${figures.aggregateMs.toFixed(1)}, freshness check ${figures.freshnessMs.toFixed(1)}), EXPLAIN ANALYZE ${figures.executionMs.toFixed(1)} ms`,
  );
  log(`  plan: ${figures.plan}`);
  return figures;
}

async function benchCoverage(evidence: readonly string[]): Promise<{
  figures: CoverageFigures[];
  makeSeconds: number;
  sizes: Record<string, number>;
  version: string;
}> {
  const hub = await openBenchHub('hub_bench_rules_coverage');
  try {
    const made = await timed(`${n(coverageOrgs)} organizations with facts`, () => makeCoverageRows(hub.db, coverageOrgs, evidence));
    const [sizes] = await hub.db.query<Record<string, number>>(
      `select pg_relation_size('organizations')::float8 as heap,
              (select count(*)::int from organizations where in_scope and merged_into_id is null) as "inScope",
              (select count(*)::int from organizations where in_ledger and merged_into_id is null) as ledger`,
    );
    if (!(await storedFactsAreFor(hub.db, AS_OF))) throw new Error(`stored facts are not all of ${AS_OF}`);
    const [{ version }] = (await hub.db.query<{ version: string }>(`select current_setting('server_version') as version`)) as [
      { version: string },
    ];
    const figures: CoverageFigures[] = [];
    for (const by of ['total', 'county'] as const) figures.push(await measureCoverage(hub, by));
    return { figures, makeSeconds: made.seconds, sizes: sizes!, version };
  } finally {
    await hub.close();
  }
}

// ---------------------------------------------------------------------------------------

/** The statement shapes that took longest in the first run, with their seconds in every run. */
function topShapes(runs: readonly DeriveRun[], count: number): string {
  const [first] = runs;
  const s = (run: DeriveRun, key: string) => ((run.times.get(key)?.ms ?? 0) / 1000).toFixed(1);
  return [...first!.times]
    .sort((a, b) => b[1].ms - a[1].ms)
    .slice(0, count)
    .map(([k, v]) => `| \`${k.replace(/\|/g, '\\|')}…\` | ${v.n} | ${runs.map((r) => s(r, k)).join(' | ')} |`)
    .join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  const derive = await benchDerive();
  const coverage = await benchCoverage(derive.evidence);
  log(`whole bench ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const c = derive.counts;
  const f = derive.first;
  const s = derive.second;
  const d = derive.nextDay;
  const byTotal = coverage.figures.find((x) => x.by === 'total')!;
  const byCounty = coverage.figures.find((x) => x.by === 'county')!;
  const verdict = (ok: boolean) => (ok ? 'met' : '**missed**');
  const coverageRow = (x: CoverageFigures, what: string) =>
    `| ${what} | **${x.databaseMs.toFixed(0)} ms** (aggregation ${x.aggregateMs.toFixed(0)} ms, EXPLAIN ANALYZE ${x.executionMs.toFixed(0)} ms; ` +
    `freshness check ${x.freshnessMs.toFixed(0)} ms) — goal < ${COVERAGE_GOAL_MS} ms: ${verdict(x.databaseMs < COVERAGE_GOAL_MS)} | ${x.reportMs.toFixed(0)} ms |`;

  const md = `## Rules and coverage at scale (\`npm run bench:rules\`)

${new Date().toISOString().slice(0, 10)} · ${machine(`PostgreSQL ${coverage.version}`)}

**Derive.** A city of ${n(c.organizations!)} organizations made set-based in SQL, shaped like the connectors' output:
${n(c.statements!)} statements (${mb(c.statementBytes!)} with indexes; registrar type and status, 18 months of tax state,
income-tax and insured counts, two annual reports, three years of inspections), ${n(c.bodies!)} Party bodies covering
${n(c.coverage!)} units, ${n(c.members!)} members, ${n(c.assignments!)} guidance assignments. Outcome: ${n(derive.outcome.inScope!)} in scope,
${n(derive.outcome.ledger!)} in the ledger, ${n(derive.outcome.coveredByBody!)} of them covered by a body, ${n(derive.outcome.coveredByWork!)} by work.

| what | figure |
|---|---|
| \`deriveStale(all)\`, first run: no facts yet, every row written (${n(f.result.changed)} change events) | **${f.seconds.toFixed(1)} s**, ${n(Math.round(f.result.derived / f.seconds))} organizations/s — goal < ${DERIVE_GOAL_S} s: ${verdict(f.seconds < DERIVE_GOAL_S)} |
| second run, same day: nothing changes (${n(s.result.changed)} changed) | **${s.seconds.toFixed(1)} s**, ${n(Math.round(s.result.derived / s.seconds))} organizations/s — goal < ${DERIVE_GOAL_S} s: ${verdict(s.seconds < DERIVE_GOAL_S)} |
| next day (${NEXT_DAY}): every row's facts move to the new date (${n(d.result.changed)} headline changes) | **${d.seconds.toFixed(1)} s**, ${n(Math.round(d.result.derived / d.seconds))} organizations/s — goal < ${DERIVE_GOAL_S} s: ${verdict(d.seconds < DERIVE_GOAL_S)} |
| time waiting on SQL, summed over the two connections (chunks overlap, so it can exceed the wall time): first run, second run, next day | ${[f, s, d].map((r) => `${(totalMs(r.times) / 1000).toFixed(1)} s`).join('; ')} |

Where the time went: seconds the client waits on each statement shape (so including postgres.js serializing the parameters):

| statement | executions per run | first run s | second run s | next day s |
|---|---|---|---|---|
${topShapes([f, s, d], 6)}

**Coverage.** ${n(coverageOrgs)} organizations with stored facts (as of ${AS_OF}) in ${CITY} (3 counties, their townships),
${n(coverage.sizes.inScope!)} in scope, ${n(coverage.sizes.ledger!)} in the ledger; rows as wide as derived ones (heap ${mb(coverage.sizes.heap!)}),
after \`vacuum analyze\`.
\`coverageReport\` for division ${CITY}, warm, median of ${repeat}; "at the database" is the sum of its statements' times.

| report | at the database | \`coverageReport()\` wall |
|---|---|---|
${coverageRow(byTotal, `whole city (\`by: total\`, ${byTotal.groups} rows)`)}
${coverageRow(byCounty, `every county at once (\`by: county\`, ${byCounty.groups} rows)`)}

Plans of the aggregation: total — ${byTotal.plan}; by county — ${byCounty.plan}.`;
  writeSection('rules', md);
  process.stdout.write(`${md}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
