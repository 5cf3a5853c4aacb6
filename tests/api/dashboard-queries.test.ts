/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses here are checked by assertions, not by types */
/**
 * The queries dashboards depend on, over real HTTP against real PostgreSQL with the demo city
 * loaded through the pipeline: every list is checked against SQL over the same tables.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedTail } from '../../src/feed/tail.js';
import type { ApiServer } from '../../src/api/http.js';
import { startTestApi } from '../helpers/api.js';
import { DEMO_INBOX } from '../../src/cli/commands/demo.js';
import { ingestAll } from '../../src/cli/commands/ingest.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import type { Database, Queryable } from '../../src/db/client.js';
import { createTestHub, type TestHub } from '../helpers/db.js';
import { gql } from '../helpers/graphql.js';

const truth = JSON.parse(fs.readFileSync(`${DEMO_INBOX}/truth.json`, 'utf8')) as { generator: { asOf: string } };
const AS_OF = truth.generator.asOf;

interface Page {
  totalCount: number;
  nodes: { id: string }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('dashboard queries over the demo city', () => {
  let hub: TestHub;
  let api: ApiServer;
  let dir = '';

  beforeAll(async () => {
    hub = await createTestHub('postgres', { HUB_AS_OF: AS_OF });
    await ingestAll(
      hub,
      (await loadConnectors()).filter((c) => c.files?.length),
      DEMO_INBOX,
      'test',
    );
    // The demo city has no zones: two by address words, through the zones connector.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-dash-'));
    fs.mkdirSync(path.join(dir, 'zones'));
    fs.writeFileSync(
      path.join(dir, 'zones', 'zones.csv'),
      `\uFEFF类型,名称,行政区划代码,地址关键词,入驻单位统一社会信用代码\r\n商圈,千里山路商圈,150302,千里山路,\r\n园区,海南工业园区,150303,海南区,\r\n`,
    );
    const [run] = await ingestAll(
      hub,
      (await loadConnectors()).filter((c) => c.id === 'zones'),
      dir,
      'test',
    );
    expect(run!.rowsAccepted).toBe(2);
    api = await startTestApi(hub, { port: 0, host: '127.0.0.1' });
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await hub?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const ids = async (sql: string, params: unknown[] = []) => (await hub.db.query<{ id: number }>(sql, params)).map((r) => String(r.id));

  /** Every page of a filtered list, following endCursor. */
  async function allPages(filter: string, orderBy = '', first = 40): Promise<{ ids: string[]; totalCount: number }> {
    const out: string[] = [];
    let after: string | null = null;
    let totalCount = -1;
    for (;;) {
      const r: { data?: { organizations: Page }; errors?: unknown } = await gql<{ organizations: Page }>(
        api.url,
        `query($after: String) { organizations(filter: ${filter}${orderBy}, first: ${first}, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(r.errors, filter).toBeUndefined();
      const page = r.data!.organizations;
      totalCount = page.totalCount;
      out.push(...page.nodes.map((n) => n.id));
      if (!page.pageInfo.hasNextPage) return { ids: out, totalCount };
      after = page.pageInfo.endCursor;
    }
  }

  it('filters organizations by every dashboard filter, each equal to SQL over the stored facts', async () => {
    const [dept] = await hub.db.query<{ code: string }>(
      `select supervising_department_code as code from organizations where supervising_department_code is not null
       group by 1 order by count(*) desc limit 1`,
    );
    const [committee] = await hub.db.query<{ id: number }>(
      `select industry_committee_id as id from organizations where industry_committee_id is not null group by 1 order by count(*) desc limit 1`,
    );
    const [zone] = await hub.db.query<{ id: number }>(
      `select zone_id as id from organizations where zone_id is not null group by 1 limit 1`,
    );
    const cases: [string, string, unknown[]][] = [
      [`{ divisionCode: "150302" }`, `division_code like '150302%'`, []],
      [`{ kind: SOCIAL_ORGANIZATION }`, `kind = 'SOCIAL_ORGANIZATION'`, []],
      [`{ inScope: false }`, `in_scope = false`, []],
      [`{ threeHaves: true, divisionCode: "1503" }`, `three_haves and division_code like '1503%'`, []],
      [`{ inLedger: true, coveredByBody: false }`, `in_ledger and not covered_by_body`, []],
      [`{ inLedger: true, coveredByWork: true }`, `in_ledger and covered_by_work`, []],
      [`{ advice: BRANCH }`, `advice = 'BRANCH'`, []],
      [`{ supervisingDepartment: "${dept!.code}" }`, `supervising_department_code = $1`, [dept!.code]],
      [`{ industryCommittee: "${committee!.id}" }`, `industry_committee_id = $1`, [committee!.id]],
      [`{ zone: "${zone!.id}" }`, `zone_id = $1`, [zone!.id]],
      [
        `{ nameContains: "有限公司", kind: ENTERPRISE }`,
        `(name like '%有限公司%' or normalized_name like '%有限公司%') and kind = 'ENTERPRISE'`,
        [],
      ],
    ];
    for (const [filter, where, params] of cases) {
      const expected = await ids(`select id from organizations where merged_into_id is null and ${where} order by id`, params);
      expect(expected.length, filter).toBeGreaterThan(0);
      const got = await allPages(filter);
      expect(got.ids, filter).toEqual(expected);
      expect(got.totalCount, filter).toBe(expected.length);
    }
  });

  it('orders by name, establishment date and headcount in both directions, paging without gaps or repeats', async () => {
    const orders: [string, string][] = [
      [`NAME`, `coalesce(name, '') asc, id asc`],
      [`HEADCOUNT, direction: DESC`, `coalesce(headcount, -1) desc, id desc`],
      [`ESTABLISHED_ON, direction: DESC`, `coalesce(established_on, '0001-01-01') desc, id desc`],
    ];
    for (const [order, sql] of orders) {
      const expected = await ids(`select id from organizations where merged_into_id is null and in_scope order by ${sql}`);
      const got = await allPages(`{ inScope: true }`, `, orderBy: { field: ${order} }`, 37);
      expect(got.ids, order).toEqual(expected);
    }
    // A cursor of one order is refused by another.
    const first = await gql<{ organizations: Page }>(
      api.url,
      `{ organizations(orderBy: { field: NAME }, first: 2) { pageInfo { endCursor } } }`,
    );
    const r = await gql(api.url, `query($a: String) { organizations(first: 2, after: $a) { totalCount } }`, {
      a: first.data!.organizations.pageInfo.endCursor,
    });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/^after: belongs to another orderBy/);
  });

  it('filters on facts of another date when asked (asOf), matching coverage for that date', async () => {
    const earlier = `${Number(AS_OF.slice(0, 4)) - 1}${AS_OF.slice(4)}`;
    const r = await gql<{ organizations: { totalCount: number }; coverage: { ledgerOrganizations: number }; now: { totalCount: number } }>(
      api.url,
      `{ organizations(filter: { inLedger: true, divisionCode: "150303", asOf: "${earlier}" }, first: 5) { totalCount }
         coverage(divisionCode: "150303", asOf: "${earlier}") { ledgerOrganizations }
         now: organizations(filter: { inLedger: true, divisionCode: "150303" }) { totalCount } }`,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data!.organizations.totalCount).toBe(r.data!.coverage.ledgerOrganizations);
    const [stored] = await hub.db.query<{ n: number }>(
      `select count(*)::int as n from organizations where in_ledger and division_code like '150303%'`,
    );
    expect(r.data!.now.totalCount).toBe(stored!.n);
    const bad = await gql(api.url, `{ organizations(filter: { asOf: "2026-02-30" }) { totalCount } }`);
    expect(bad.errors?.[0]?.message).toMatch(/Date/);
    const badVar = await gql(api.url, `query($d: String) { organizations(filter: { divisionCode: $d }) { totalCount } }`, { d: '15x' });
    expect(badVar.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(badVar.errors?.[0]?.message).toMatch(/^filter\.divisionCode:/);
  });

  it('shows an organization as a dashboard reads it: scope, three haves with evidence, division, timeline', async () => {
    const [o] = await hub.db.query<{ id: number; uscc: string; division_code: string; supervising_department_code: string | null }>(
      `select id, uscc, division_code, supervising_department_code from organizations
       where in_ledger and scope_kind = 'ENTERPRISE' and uscc is not null
         and exists (select 1 from statements s where s.entity_id = organizations.id and s.property = 'ar_filed') order by id limit 1`,
    );
    const r = await gql<{ organization: Record<string, any> }>(
      api.url,
      `query($u: String) { organization(uscc: $u) {
         id status kind industryCode industrySection factsAsOf headcount headcountSource
         division { code name level parent { name } }
         scope { inScope reason reasons kind }
         threeHaves { value has10Employees hasPremises hasBusinessActivity evidence { property source period value } }
         inLedger coveredByBody coveredByWork advice
         timeline { date kind description source } } }`,
      { u: o!.uscc },
    );
    expect(r.errors).toBeUndefined();
    const org = r.data!.organization;
    expect(org).toMatchObject({ id: String(o!.id), status: 'ACTIVE', kind: 'ENTERPRISE', factsAsOf: AS_OF, inLedger: true });
    expect(org.scope).toEqual({ inScope: true, reason: null, reasons: [], kind: 'ENTERPRISE' });
    expect(org.threeHaves).toMatchObject({ value: true, has10Employees: true, hasPremises: true, hasBusinessActivity: true });
    expect(org.threeHaves.evidence.length).toBeGreaterThan(0);
    expect(org.threeHaves.evidence.map((e: { property: string }) => e.property)).toEqual(expect.arrayContaining(['business_address']));
    // The most specific level the division tree holds (it may stop above communities).
    expect(o!.division_code.startsWith(org.division.code.replace(/(000)+$/, ''))).toBe(true);
    expect(org.division.level).toBeGreaterThanOrEqual(3);
    expect(org.division.name).toBeTruthy();
    if (org.industryCode) expect(org.industrySection).toBe(org.industryCode[0]);
    const kinds = org.timeline.map((t: { kind: string }) => t.kind);
    expect(kinds).toEqual(expect.arrayContaining(['REGISTERED', 'ANNUAL_REPORT']));
    const dates = org.timeline.map((t: { date: string | null }) => t.date).filter(Boolean);
    expect(dates).toEqual([...dates].sort());
  });

  it('lists departments with what they supervise, the division tree, zones and ledgers', async () => {
    const [dept] = await hub.db.query<{ code: string; n: number }>(
      `select supervising_department_code as code, count(*)::int as n from organizations
       where supervising_department_code is not null and merged_into_id is null group by 1 order by 2 desc limit 1`,
    );
    const r = await gql<Record<string, any>>(
      api.url,
      `query($d: String!) {
         departments { code name roles }
         department(code: $d) { code name organizations(first: 3) { totalCount nodes { supervisingDepartment { code } } } }
         regions { code name level children { code name level } }
         county: region(code: "150302") { name parent { code } children { level } }
         zones { id name kind organizationCount organizations(first: 100) { totalCount } }
         ent: ledger(kind: ENTERPRISES, divisionCode: "1503") { asOf organizations(first: 5) { totalCount } download(format: CSV) { url fileName } }
         soc: ledger(kind: SOCIAL_ORGANIZATIONS) { organizations { totalCount } zones { id } }
         zl: ledger(kind: ZONES) { zones { name } organizations { totalCount } }
         cov: coverage { ledgerOrganizations }
         entCov: coverage(kind: ENTERPRISE) { ledgerOrganizations } }`,
      { d: dept!.code },
    );
    expect(r.errors).toBeUndefined();
    const d = r.data!;
    expect(d.departments.length).toBeGreaterThanOrEqual(19);
    expect(d.department.organizations.totalCount).toBe(dept!.n);
    expect(d.department.organizations.nodes.every((n: any) => n.supervisingDepartment.code === dept!.code)).toBe(true);
    expect(d.regions).toEqual([expect.objectContaining({ code: '150300000000', name: '乌海市', level: 2 })]);
    expect(d.regions[0].children.map((c: any) => c.name)).toEqual(expect.arrayContaining(['海勃湾区', '海南区', '乌达区']));
    expect(d.county).toMatchObject({ name: '海勃湾区', parent: { code: '150300000000' } });
    expect(d.county.children.every((c: any) => c.level === 4)).toBe(true);
    expect(d.zones.length).toBeGreaterThan(0);
    for (const z of d.zones) expect(z.organizations.totalCount).toBe(z.organizationCount);
    expect(d.ent.asOf).toBe(AS_OF);
    expect(d.ent.organizations.totalCount).toBe(d.entCov.ledgerOrganizations);
    expect(d.ent.organizations.totalCount + d.soc.organizations.totalCount).toBe(d.cov.ledgerOrganizations);
    // The link carries a signed token for this client (a browser following it sends no key).
    expect(d.ent.download.url).toMatch(/^\/ledgers\/enterprises\.csv\?division=1503&token=[\w-]+\.[\w-]+$/);
    expect(d.soc.zones).toEqual([]);
    expect(d.zl.zones.length).toBe(d.zones.length);
    expect(d.zl.organizations.totalCount).toBe(0);
    const bad = await gql(api.url, `{ region(code: "15") { name } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('shows runs, connectors and the quarantine with personal data masked', async () => {
    const r = await gql<Record<string, any>>(
      api.url,
      `{ connectors { id department schedule enabled lastRun { status connector } }
         syncRuns(first: 3) { totalCount nodes { id connector status rowsRead rowsQuarantined durationSeconds } }
         party: quarantine(connector: "party-organization", first: 200) { totalCount nodes { connector file line raw reasons } }
         all: quarantine(first: 1) { totalCount } }`,
    );
    expect(r.errors).toBeUndefined();
    const d = r.data!;
    const [runs] = await hub.db.query<{ n: number }>(`select count(*)::int as n from sync_runs`);
    expect(d.syncRuns.totalCount).toBe(runs!.n);
    expect(d.syncRuns.nodes[0].status).toBe('SUCCEEDED');
    expect(d.connectors.find((c: any) => c.id === 'party-organization').lastRun).toMatchObject({ status: 'SUCCEEDED' });
    const [q] = await hub.db.query<{ n: number }>(`select count(*)::int as n from quarantine`);
    expect(d.all.totalCount).toBe(q!.n);
    expect(d.party.nodes.length).toBeGreaterThan(0);
    // Member rows carry resident ID numbers; none leaves the API in clear.
    const clear = await hub.db.query<{ raw: string }>(
      `select raw from quarantine where connector = 'party-organization' and raw ~ '\\d{17}[\\dX]'`,
    );
    const text = JSON.stringify(d.party);
    for (const row of clear)
      for (const id of row.raw.match(/\d{17}[\dX]/g) ?? [])
        if (/^(1[1-5]|[2-8]\d)\d{4}(19|20)\d{2}/.test(id)) expect(text).not.toContain(id);
    const run = d.syncRuns.nodes[0];
    const one = await gql<Record<string, any>>(api.url, `{ syncRun(id: "${run.id}") { connector quarantine(first: 500) { totalCount } } }`);
    const [inRun] = await hub.db.query<{ n: number }>(`select count(*)::int as n from quarantine where run_id = $1`, [Number(run.id)]);
    expect(one.data!.syncRun.quarantine.totalCount).toBe(inRun!.n);
  });

  it('costs a bounded number of SQL statements per page, the same for 10 and 100 organizations with their relations', async () => {
    let statements = 0;
    const counted = (q: Queryable): Queryable => ({
      query: (text, params) => {
        statements++;
        return q.query(text, params);
      },
    });
    const db: Database = {
      ...hub.db,
      ...counted(hub.db),
      transaction: (fn) => hub.db.transaction((tx) => fn(counted(tx))),
    };
    // The change feed's tail reads on its own schedule: on the uncounted database, so only the request is counted.
    const feed = new FeedTail(hub.db, { pollMs: 60_000 });
    await feed.start();
    const server = await startTestApi({ ...hub, db, feed }, { port: 0, host: '127.0.0.1' });
    try {
      const query = (n: number) => `{ organizations(first: ${n}) {
        totalCount
        nodes { id name status division { name } supervisingDepartment { name } zone { name } industryCommittee { name }
                scope { inScope } threeHaves { value evidence { source } }
                partyBodies { name kind parent { name } } members { name idNumberMasked body { name } }
                guidanceOfficers { active officer { name phoneMasked } } massOrganizations { kind } timeline { kind } sources { connector } } } }`;
      const cost: Record<number, number> = {};
      // The first request also finds the client of the key (then cached): not what is measured.
      await gql(server.url, '{ health { ok } }');
      for (const n of [10, 100]) {
        statements = 0;
        const r = await gql<{ organizations: { nodes: unknown[] } }>(server.url, query(n));
        expect(r.errors).toBeUndefined();
        expect(r.data!.organizations.nodes.length).toBe(n);
        cost[n] = statements;
      }
      // One statement per relation, whatever the page size.
      expect(cost[100]).toBe(cost[10]);
      expect(cost[100]).toBeLessThanOrEqual(25);
    } finally {
      await server.close();
      await feed.close();
    }
  });
});
