/**
 * What officials take away from the hub, over the demo city: facts with evidence through
 * GraphQL, coverage reports, ledger files (read back as Excel would), and the CLI around them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { authHeaders, startTestApi } from '../helpers/api.js';
import { DEMO_INBOX } from '../../src/cli/commands/demo.js';
import { ingestAll } from '../../src/cli/commands/ingest.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import { cliEnv, runCli } from '../helpers/cli.js';
import { createTestHub, type TestHub } from '../helpers/db.js';
import { gql } from '../helpers/graphql.js';

const truth = JSON.parse(fs.readFileSync(`${DEMO_INBOX}/truth.json`, 'utf8')) as {
  generator: { asOf: string };
  counts: {
    ledgerEnterprises: number;
    ledgerSocialOrgs: number;
    ledger: number;
    coveredByBody: number;
    coveredByWork: number;
    advice: Record<string, number>;
  };
};
const AS_OF = truth.generator.asOf;

describe('ledgers, reports and facts over the demo city', () => {
  let hub: TestHub;
  let api: ApiServer;
  let dir: string;
  const base = () => api.url.replace(/\/graphql$/, '');

  beforeAll(async () => {
    hub = await createTestHub('postgres', { HUB_AS_OF: AS_OF });
    const connectors = (await loadConnectors()).filter((c) => c.files?.length);
    await ingestAll(hub, connectors, DEMO_INBOX, 'test');
    api = await startTestApi(hub, { port: 0, host: '127.0.0.1' });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-ledger-'));
  }, 180_000);
  afterAll(async () => {
    await api?.close();
    await hub?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const ledgerEnterprise = async () =>
    (
      await hub.db.query<{ uscc: string; headcount: number; headcount_source: string }>(
        `select uscc, headcount, headcount_source from organizations where in_ledger and scope_kind = 'ENTERPRISE' and uscc is not null order by id limit 1`,
      )
    )[0]!;

  it('shows an organization’s facts with the source and month that decided its headcount', async () => {
    const org = await ledgerEnterprise();
    interface Evidence {
      value: string;
      source: string;
    }
    interface Facts {
      threeHaves: { headcountPeriod: string; employees: { evidence: Evidence[] } };
    }
    const r = await gql<{ organization: { facts: Facts } }>(
      api.url,
      `query($u: String) { organization(uscc: $u) { facts {
         asOf inScope scopeKind scopeReasons inLedger advice
         threeHaves { all headcount headcountSource headcountPeriod employees { holds why evidence { property value source period } } }
         scopeChecks { notZombie { holds why } }
         coveredByBody { holds why } members { formal pocket total } } } }`,
      { u: org.uscc },
    );
    expect(r.errors).toBeUndefined();
    const f = r.data!.organization.facts;
    expect(f).toMatchObject({ asOf: AS_OF, inScope: true, scopeKind: 'ENTERPRISE', scopeReasons: [], inLedger: true });
    expect(f.threeHaves).toMatchObject({ all: true, headcount: org.headcount, headcountSource: org.headcount_source });
    expect(f.threeHaves.headcountPeriod).toMatch(/^\d{4}(-\d{2})?$/);
    const deciding = f.threeHaves.employees.evidence.find((e) => Number(e.value) === org.headcount);
    expect(deciding).toMatchObject({
      source:
        org.headcount_source === 'TAX' ? 'tax' : org.headcount_source === 'SOCIAL_SECURITY' ? 'social-security' : 'business-registration',
    });
  });

  it('computes facts for another as-of date on request, batched for a whole page', async () => {
    const q = `{ organizations(filter: { inLedger: true }, first: 40) { totalCount nodes { uscc facts(asOf: "2025-03-01") { asOf inLedger } now: facts { inLedger } } } }`;
    const before = hub.db.statementCount();
    const r = await gql<{
      organizations: { totalCount: number; nodes: { facts: { asOf: string; inLedger: boolean }; now: { inLedger: boolean } }[] };
    }>(api.url, q);
    const statements = hub.db.statementCount() - before;
    expect(r.errors).toBeUndefined();
    expect(r.data!.organizations.totalCount).toBe(truth.counts.ledger);
    expect(r.data!.organizations.nodes.every((n) => n.facts.asOf === '2025-03-01' && n.now.inLedger)).toBe(true);
    // Page + count + stored facts + one computation (7 statements) — not one per organization.
    expect(statements).toBeLessThan(15);
  });

  it('reports coverage per county through GraphQL, with totals equal to the truth', async () => {
    type Row = {
      total: boolean;
      key: string | null;
      label: string | null;
      kind: string;
      divisionName: string | null;
      ledgerOrganizations: number;
      coveredByBody: number;
      coveredByWork: number;
      organizationalCoverageRate: number | null;
      workCoverageRate: number | null;
    };
    const fields = `total key label kind divisionName ledgerOrganizations coveredByBody coveredByWork organizationalCoverageRate workCoverageRate`;
    const r = await gql<{ coverage: Row; coverageBreakdown: Row[]; enterprises: Row; social: Row }>(
      api.url,
      `{ coverage(divisionCode: "150300") { ${fields} }
         coverageBreakdown(divisionCode: "150300", by: COUNTY) { ${fields} }
         enterprises: coverage(divisionCode: "150300", kind: ENTERPRISE) { ${fields} }
         social: coverage(divisionCode: "150300", kind: SOCIAL_ORGANIZATION) { ${fields} } }`,
    );
    expect(r.errors).toBeUndefined();
    const total = r.data!.coverage;
    expect(total).toMatchObject({
      total: true,
      kind: 'ALL',
      divisionName: '乌海市',
      ledgerOrganizations: truth.counts.ledger,
      coveredByBody: truth.counts.coveredByBody,
      coveredByWork: truth.counts.coveredByWork,
    });
    expect(total.organizationalCoverageRate).toBeCloseTo(truth.counts.coveredByBody / truth.counts.ledger, 12);
    expect(total.workCoverageRate).toBeCloseTo(truth.counts.coveredByWork / truth.counts.ledger, 12);
    // The two kinds add up to the whole.
    expect(r.data!.enterprises.ledgerOrganizations + r.data!.social.ledgerOrganizations).toBe(truth.counts.ledger);
    expect(r.data!.enterprises.kind).toBe('ENTERPRISE');
    const rows = r.data!.coverageBreakdown;
    expect(rows.at(-1)).toMatchObject({ total: true, ledgerOrganizations: truth.counts.ledger });
    const counties = rows.filter((g) => !g.total);
    expect(counties.every((g) => g.kind === 'ALL')).toBe(true);
    expect(counties.map((g) => g.label)).toEqual(expect.arrayContaining(['海勃湾区', '海南区', '乌达区']));
    expect(counties.reduce((n, g) => n + g.ledgerOrganizations, 0)).toBe(truth.counts.ledger);
  });

  it('rejects a bad division with a clear error', async () => {
    const r = await gql(api.url, `{ coverage(divisionCode: "abc") { asOf } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await fetch(`${base()}/ledgers/enterprises.xlsx?division=abc`, { headers: authHeaders(base()) })).status).toBe(400);
    expect((await fetch(`${base()}/ledgers/nothing.xlsx`, { headers: authHeaders(base()) })).status).toBe(404);
    expect((await fetch(`${base()}/ledgers/enterprises.csv?asOf=2026-13-01`, { headers: authHeaders(base()) })).status).toBe(400);
    for (const q of [
      `{ gaps(divisionCode: "abc") { byAdvice { count } } }`,
      `{ ledgerDownload(kind: ZONES, divisionCode: "1503x") { url } }`,
    ]) {
      const bad = await gql(api.url, q);
      expect(bad.errors?.[0]?.extensions?.code, q).toBe('BAD_USER_INPUT');
    }
  });

  it('serves the enterprise ledger as an XLSX download Excel can open: title, Chinese headers, codes as text', async () => {
    const link = await gql<{ ledgerDownload: { url: string; fileName: string } }>(
      api.url,
      `{ ledgerDownload(kind: ENTERPRISES) { url fileName } }`,
    );
    expect(link.data!.ledgerDownload.fileName).toBe(`enterprises-${AS_OF}.xlsx`);
    const res = await fetch(`${base()}${link.data!.ledgerDownload.url}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect(String(sheet.getRow(1).getCell(1).value)).toContain('非公有制企业台账');
    const headers = (sheet.getRow(2).values as unknown[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(['统一社会信用代码', '企业名称', '企业类型']);
    expect(headers).toContain('组建方式建议');
    expect(sheet.actualRowCount - 2).toBe(truth.counts.ledgerEnterprises);
    const uscc = sheet.getRow(3).getCell(1).value;
    expect(typeof uscc).toBe('string');
    expect(uscc).toMatch(/^[0-9A-HJ-NPQRTUWXY]{18}$/);
    const division = sheet.getRow(3).getCell(headers.indexOf('行政区划代码') + 1).value;
    expect(typeof division).toBe('string');
  });

  it('serves the social-organization ledger as CSV with a BOM, one row per ledger organization', async () => {
    const res = await fetch(`${base()}/ledgers/social-organizations.csv`, { headers: authHeaders(base()) });
    const text = Buffer.from(await res.arrayBuffer()).toString('utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const rows = parse(text.slice(1), { columns: true, trim: true }) as Record<string, string>[];
    expect(rows).toHaveLength(truth.counts.ledgerSocialOrgs);
    expect(rows[0]!['年检结论']).toMatch(/^(基本)?合格$/);
  });

  it('hub report coverage prints a table by county; bad options exit 2', async () => {
    const env = cliEnv({ DATABASE_URL: hub.env.DATABASE_URL, HUB_AS_OF: AS_OF });
    const r = await runCli(['report', 'coverage', '--division', '1503', '--by', 'county'], env);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/海勃湾区/);
    expect(r.stdout).toMatch(/total\s+合计\s+\d+\s+57\s+18\s+31\.6%\s+32\s+56\.1%/);
    expect((await runCli(['report', 'coverage', '--as-of', '2026-02-30'], env)).code).toBe(2);
    expect((await runCli(['report', 'coverage', '--by', 'street'], env)).code).toBe(2);
  });

  it('hub ledger export writes an XLSX that reads back with the same rows as the ledger', async () => {
    const env = cliEnv({ DATABASE_URL: hub.env.DATABASE_URL, HUB_AS_OF: AS_OF });
    const out = path.join(dir, 'haibowan.xlsx');
    const r = await runCli(['ledger', 'export', '--kind', 'enterprises', '--division', '150302', '--out', out], env);
    expect(r.code).toBe(0);
    const [{ n }] = (await hub.db.query<{ n: number }>(
      `select count(*)::int as n from organizations where in_ledger and scope_kind = 'ENTERPRISE' and division_code like '150302%'`,
    )) as [{ n: number }];
    expect(r.stdout).toContain(`${n} rows`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0]!;
    expect(sheet.actualRowCount - 2).toBe(n);
    for (let i = 3; i <= sheet.actualRowCount; i++) expect(String(sheet.getRow(i).getCell(5).value)).toMatch(/^150302/);
    expect((await runCli(['ledger', 'export', '--kind', 'enterprises', '--out', path.join(dir, 'x.pdf')], env)).code).toBe(2);
  });

  it('lists the gaps: organizations without a body by advice, pocket members with masked IDs, joint branches of ≤ 5 units', async () => {
    const r = await gql<{
      gaps: {
        byAdvice: { advice: string; count: number; organizations: { uscc: string | null }[] }[];
        pocketMembers: { organization: { name: string }; pocketMembers: { idNumberMasked: string; relationHeldAt: string }[] }[];
        jointBranches: { suggestions: { formalMembers: number; units: { formalMembers: number }[] }[]; unplaced: { id: string }[] };
      };
    }>(
      api.url,
      `{ gaps { byAdvice { advice count organizations { uscc } }
                pocketMembers { organization { name } pocketMembers { idNumberMasked relationHeldAt } }
                jointBranches { suggestions { formalMembers units { formalMembers } } unplaced { id } } } }`,
    );
    expect(r.errors).toBeUndefined();
    const g = r.data!.gaps;
    expect(Object.fromEntries(g.byAdvice.map((a) => [a.advice, a.count]))).toEqual(truth.counts.advice);
    expect(g.pocketMembers.length).toBeGreaterThan(0);
    for (const e of g.pocketMembers)
      for (const m of e.pocketMembers) {
        expect(m.relationHeldAt).not.toBe('本单位');
        expect(m.idNumberMasked).toMatch(/\*{6,}/);
      }
    const joint = g.jointBranches;
    expect(joint.suggestions.length + joint.unplaced.length).toBeGreaterThan(0);
    const placed = joint.suggestions.reduce((n, s) => n + s.units.length, 0) + joint.unplaced.length;
    expect(placed).toBe(truth.counts.advice.JOINT_BRANCH);
    for (const s of joint.suggestions) {
      expect(s.units.length).toBeGreaterThanOrEqual(2);
      expect(s.units.length).toBeLessThanOrEqual(5);
      expect(s.formalMembers).toBeGreaterThanOrEqual(3);
      expect(s.units.every((u) => u.formalMembers >= 1 && u.formalMembers <= 2)).toBe(true);
    }
  });

  it('places organizations in zones by listed USCC or address words, and exports the zone ledger', async () => {
    const [listed] = (await hub.db.query<{ uscc: string }>(
      `select uscc from organizations where in_ledger and uscc is not null
         and coalesce(business_address, registered_address, '') not like '%千里山路%' order by id limit 1`,
    )) as [{ uscc: string }];
    const inbox = path.join(dir, 'zones-inbox');
    fs.mkdirSync(path.join(inbox, 'zones'), { recursive: true });
    fs.writeFileSync(
      path.join(inbox, 'zones', 'zones_2026.csv'),
      `\uFEFF类型,名称,行政区划代码,地址关键词,入驻单位统一社会信用代码\r\n商圈,千里山路商圈,150302,千里山路,\r\n商务楼宇,示范大厦,150302,,${listed.uscc}\r\n`,
    );
    const zones = (await loadConnectors()).find((c) => c.id === 'zones')!;
    const run = await ingestAll(hub, [zones], inbox, 'test');
    expect(run[0]!.status).toBe('SUCCEEDED');
    const placed = await hub.db.query<{ name: string; n: number; ledger: number }>(
      `select z.name, count(o.id)::int as n, count(o.id) filter (where o.in_ledger)::int as ledger
       from zones z left join organizations o on o.zone_id = z.id group by z.name order by z.name`,
    );
    const byName = Object.fromEntries(placed.map((p) => [p.name, p]));
    const [onStreet] = (await hub.db.query<{ n: number }>(
      `select count(*)::int as n from organizations where merged_into_id is null and uscc is distinct from $1
         and coalesce(business_address, registered_address, '') like '%千里山路%'`,
      [listed.uscc],
    )) as [{ n: number }];
    expect(byName['千里山路商圈']!.n).toBe(onStreet.n);
    expect(byName['示范大厦']!.n).toBe(1);

    const res = await fetch(`${base()}/ledgers/zones.csv?division=150302`, { headers: authHeaders(base()) });
    const rows = parse(
      Buffer.from(await res.arrayBuffer())
        .toString('utf8')
        .slice(1),
      { columns: true, trim: true },
    ) as Record<string, string>[];
    expect(rows.map((r) => r['名称']).sort()).toEqual(['千里山路商圈', '示范大厦']);
    const building = rows.find((r) => r['名称'] === '示范大厦')!;
    expect(building['类型']).toBe('商务楼宇');
    expect(building['入驻两新组织（台账）']).toBe('1');
    expect(Number(rows.find((r) => r['名称'] === '千里山路商圈')!['入驻两新组织（台账）'])).toBe(byName['千里山路商圈']!.ledger);
  });

  it('groups coverage by industry committee: the committees above covering bodies, and their industries', async () => {
    const r = await gql<{
      coverageBreakdown: { total: boolean; key: string | null; label: string | null; kind: string; ledgerOrganizations: number }[];
    }>(api.url, `{ coverageBreakdown(by: INDUSTRY_COMMITTEE) { total key label kind ledgerOrganizations } }`);
    expect(r.errors).toBeUndefined();
    const all = r.data!.coverageBreakdown;
    const committees = all.filter((g) => !g.total && g.key !== null);
    expect(committees.length).toBeGreaterThan(0);
    for (const c of committees) expect(c.label).toMatch(/行业/);
    expect(all.filter((g) => !g.total).reduce((n, g) => n + g.ledgerOrganizations, 0)).toBe(truth.counts.ledger);
    // Every organization a body under a committee covers falls under that committee.
    const stray = await hub.db.query(
      `select o.id from organizations o join party_body_coverage pc on pc.organization_id = o.id
       join party_bodies b on b.id = pc.body_id join party_bodies parent on parent.id = b.parent_id
       where parent.is_industry_committee and o.industry_committee_id is distinct from parent.id`,
    );
    expect(stray).toEqual([]);
  });

  it('recomputes an organization’s facts when a body starts covering it or a member joins it, with a change event', async () => {
    const [org] = (await hub.db.query<{ id: number; uscc: string; advice: string; members_total: number }>(
      `select id, uscc, advice, members_total from organizations
       where in_ledger and not covered_by_body and advice = 'GUIDANCE_OFFICER' and uscc is not null order by id limit 1`,
    )) as [{ id: number; uscc: string; advice: string; members_total: number }];
    const inbox = path.join(dir, 'party-inbox');
    fs.mkdirSync(path.join(inbox, 'party-organization'), { recursive: true });
    fs.writeFileSync(
      path.join(inbox, 'party-organization', 'party_members_new.csv'),
      `\uFEFF姓名,公民身份号码,性别,人员类别,入党日期,所在党组织编码,工作单位统一社会信用代码,工作单位,组织关系所在,是否流动党员\r\n` +
        `测试甲,110101199003074514,男,预备党员,2025-07-01,,${org.uscc},,社区,否\r\n`,
    );
    const party = (await loadConnectors()).find((c) => c.id === 'party-organization')!;
    await ingestAll(hub, [party], inbox, 'test');
    const [afterMember] = await hub.db.query<{ advice: string; members_total: number; members_pocket: number }>(
      `select advice, members_total, members_pocket from organizations where id = $1`,
      [org.id],
    );
    expect(afterMember).toMatchObject({ advice: 'TEMPORARY_BRANCH', members_total: org.members_total + 1 });

    fs.writeFileSync(
      path.join(inbox, 'party-organization', 'party_bodies_new.csv'),
      `\uFEFF党组织编码,党组织名称,党组织类别,组建方式,上级党组织编码,成立日期,覆盖单位统一社会信用代码,行政区划代码\r\n` +
        `15030299999901,中共测试支部委员会,党支部,单独组建,15030000000001,2026-01-10,${org.uscc},150302\r\n`,
    );
    await ingestAll(hub, [party], inbox, 'test');
    const [afterBody] = await hub.db.query<{ covered_by_body: boolean; covered_by_work: boolean; advice: string | null }>(
      `select covered_by_body, covered_by_work, advice from organizations where id = $1`,
      [org.id],
    );
    expect(afterBody).toEqual({ covered_by_body: true, covered_by_work: true, advice: null });
    const events = await hub.db.query<{ changes: Record<string, { old: unknown; new: unknown }> }>(
      `select changes from change_events where entity_type = 'organization' and entity_id = $1 and changes ? 'coveredByBody'`,
      [org.id],
    );
    expect(events.at(-1)!.changes.coveredByBody).toEqual({ old: false, new: true });
    // Facts for a date before the body was founded still see no body.
    const before = await gql<{ organization: { facts: { coveredByBody: { holds: boolean } } } }>(
      api.url,
      `query($u: String) { organization(uscc: $u) { facts(asOf: "2025-12-31") { coveredByBody { holds } } } }`,
      { u: org.uscc },
    );
    expect(before.data!.organization.facts.coveredByBody.holds).toBe(false);
  });
});
