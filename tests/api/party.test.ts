/**
 * Party bodies, guidance officers and mass organizations over HTTP, after the contract samples
 * went through the real pipeline: each answer is checked against the database or the sample
 * rows. The officials' mutations are in party-mutations.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { authHeaders, startTestApi } from '../helpers/api.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { gqlData, gqlRefusal } from '../helpers/graphql.js';
import { countOf, loadPartySamples, orgIdOf, PARTY_AS_OF } from '../helpers/party-samples.js';

interface Page<T> {
  totalCount: number;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const JOINT = '15030300000003';
const JOINT_UNITS = ['91150303506077507J', '91150303MAKLBWT12G', '9115030363043724XH'];

describe.each(testEngines())('Party bodies and guidance officers over HTTP on %s', (engine) => {
  let hub: TestHub;
  let server: ApiServer;
  const ask = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => gqlData<T>(server.url, query, variables);
  const failure = (query: string, variables?: Record<string, unknown>) => gqlRefusal(server.url, query, variables);
  /** Every page of a connection, checking the total on each. */
  const allPages = async <T>(query: string, pick: (d: Record<string, unknown>) => Page<T>, variables: Record<string, unknown> = {}) => {
    const seen: T[] = [];
    let after: string | null = null;
    let total = -1;
    for (let i = 0; i < 100; i++) {
      const page: Page<T> = pick(await ask(query, { ...variables, after }));
      if (total === -1) total = page.totalCount;
      expect(page.totalCount).toBe(total);
      seen.push(...page.nodes);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    return { seen, total };
  };

  beforeAll(async () => {
    hub = await createTestHub(engine, { HUB_AS_OF: PARTY_AS_OF });
    await loadPartySamples(hub);
    server = await startTestApi(hub, { port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
  });

  it('finds a body by id and by a code written with spaces, with its parent, units and members', async () => {
    const [row] = await hub.db.query<{ id: number }>(`select id from party_bodies where body_code = $1`, [JOINT]);
    const q = `query($id: ID, $code: String) { partyBody(id: $id, bodyCode: $code) {
      id bodyCode name kind formation divisionCode foundedOn dissolvedOn isIndustryCommittee source
      parent { bodyCode } covers { uscc } members { name idNumberMasked bodyCode } memberCount } }`;
    const byId = await ask<{ partyBody: Record<string, unknown> }>(q, { id: String(row!.id) });
    const byCode = await ask<{ partyBody: Record<string, unknown> }>(q, { code: ` ${JOINT.slice(0, 7)} ${JOINT.slice(7)} ` });
    expect(byCode).toEqual(byId);
    const body = byId.partyBody as {
      covers: { uscc: string }[];
      members: { name: string; idNumberMasked: string; bodyCode: string }[];
      memberCount: number;
    };
    expect(body).toMatchObject({
      id: String(row!.id),
      bodyCode: JOINT,
      name: '中共乌海市银嘉公用事业有限责任公司等3家单位联合支部委员会',
      kind: 'JOINT_BRANCH',
      formation: 'JOINT',
      divisionCode: '150303000000',
      foundedOn: '2025-02-15',
      dissolvedOn: null,
      isIndustryCommittee: false,
      source: 'party-organization',
      parent: { bodyCode: '15030300000002' },
    });
    expect(body.covers.map((o) => o.uscc).sort()).toEqual([...JOINT_UNITS].sort());
    const members = await hub.db.query<{ name: string; masked: string }>(
      `select name, id_number_masked as masked from members where body_id = $1 order by id`,
      [row!.id],
    );
    expect(members.length).toBeGreaterThan(0);
    expect(body.members.map((m) => [m.name, m.idNumberMasked, m.bodyCode])).toEqual(members.map((m) => [m.name, m.masked, JOINT]));
    expect(body.memberCount).toBe(members.length);
  });

  it('lists the children of the city working committee', async () => {
    const d = await ask<{ partyBody: { children: { bodyCode: string; parent: { bodyCode: string } }[] } }>(
      `{ partyBody(bodyCode: "15030000000001") { children { bodyCode parent { bodyCode } } } }`,
    );
    expect(d.partyBody.children.map((c) => c.bodyCode)).toEqual(['15030200000002', '15030300000002', '15030400000002']);
    expect(d.partyBody.children.every((c) => c.parent.bodyCode === '15030000000001')).toBe(true);
  });

  it('answers NOT_FOUND for an unknown body and BAD_USER_INPUT for a malformed id or no argument', async () => {
    expect(await failure(`{ partyBody(id: "987654") { id } }`)).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(await failure(`{ partyBody(bodyCode: "99999999") { id } }`)).toMatchObject({ code: 'NOT_FOUND', field: 'bodyCode' });
    expect(await failure(`{ partyBody(id: "x1") { id } }`)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    expect(await failure(`{ partyBody { id } }`)).toMatchObject({ code: 'BAD_USER_INPUT', field: 'partyBody' });
  });

  it('pages through the bodies with a stable totalCount and no overlap', async () => {
    const total = await countOf(hub, `select count(*)::int as n from party_bodies where dissolved_on is null`);
    expect(total).toBe(11);
    const { seen } = await allPages<{ id: string }>(
      `query($after: String) { partyBodies(first: 4, after: $after) { totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`,
      (d) => d.partyBodies as Page<{ id: string }>,
    );
    expect(seen).toHaveLength(total);
    expect(new Set(seen.map((b) => b.id)).size).toBe(total);
    expect(seen.map((b) => Number(b.id))).toEqual([...seen.map((b) => Number(b.id))].sort((a, b) => a - b));
  });

  it('filters bodies by division subtree, kind, industry committee and name', async () => {
    const q = `query($f: PartyBodyFilter) { partyBodies(filter: $f, first: 100) { totalCount nodes { bodyCode } } }`;
    const codes = async (f: Record<string, unknown>) => {
      const d = await ask<{ partyBodies: Page<{ bodyCode: string }> }>(q, { f });
      expect(d.partyBodies.totalCount).toBe(d.partyBodies.nodes.length);
      return d.partyBodies.nodes.map((b) => b.bodyCode);
    };
    const sql = async (where: string) =>
      (await hub.db.query<{ c: string }>(`select body_code as c from party_bodies where ${where} order by id`)).map((r) => r.c);
    expect(await codes({ divisionCode: '150304' })).toEqual(await sql(`division_code like '150304%'`));
    expect(await codes({ divisionCode: '150304' })).toHaveLength(4);
    expect(await codes({ divisionCode: '150302003012' })).toEqual(['15030200000005']);
    expect(await codes({ kind: 'BRANCH' })).toEqual(await sql(`kind = 'BRANCH'`));
    expect(await codes({ kind: 'JOINT_BRANCH' })).toEqual([JOINT]);
    expect(await codes({ nameContains: '两新组织' })).toEqual(await sql(`name like '%两新组织%'`));
    expect(await codes({ nameContains: '两新组织' })).toHaveLength(4);
    expect(await codes({ isIndustryCommittee: true })).toEqual([]);
    expect(await failure(q, { f: { divisionCode: '1503x' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.divisionCode' });
  });

  it('loads nested relations in a bounded number of statements, not one per row', async () => {
    const q = `{ partyBodies(first: 50) { nodes { bodyCode parent { name } children { name } department { name }
      covers { name members { idNumberMasked } guidanceOfficers { active } partyBodies { bodyCode } }
      members { name employer { name } body { name } } memberCount } } }`;
    const before = hub.db.statementCount();
    const d = await ask<{ partyBodies: { nodes: { members: { employer: { name: string } | null }[]; covers: unknown[] }[] } }>(q);
    const statements = hub.db.statementCount() - before;
    const nodes = d.partyBodies.nodes;
    const memberRows = nodes.flatMap((b) => b.members);
    expect(nodes).toHaveLength(11);
    expect(memberRows.length).toBeGreaterThan(30);
    expect(memberRows.every((m) => m.employer !== null)).toBe(true);
    // One query per relation and depth; a per-row implementation would need dozens.
    expect(statements).toBeLessThanOrEqual(12);
  });

  it("shows an organization's bodies, officers (withdrawn ones too) and mass organizations", async () => {
    const unit = await orgIdOf(hub, '91150303506077507J');
    const guided = await orgIdOf(hub, '91150304MALL96R44A');
    await hub.db.query(
      `insert into mass_organizations (organization_id, kind, name, founded_on, source) values ($1, 'TRADE_UNION', '工会委员会', '2021-05-01', 'manual')`,
      [unit],
    );
    const q = `query($id: ID) { organization(id: $id) { partyBodies { bodyCode kind } massOrganizations { kind name foundedOn source }
      guidanceOfficers { guidedKey assignedOn withdrawnOn active organization { uscc }
        officer { name phoneMasked sentBy sentByDepartment { code name } source } } } }`;
    const a = await ask<{ organization: Record<string, unknown> }>(q, { id: String(unit) });
    expect(a.organization).toEqual({
      partyBodies: [{ bodyCode: JOINT, kind: 'JOINT_BRANCH' }],
      massOrganizations: [{ kind: 'TRADE_UNION', name: '工会委员会', foundedOn: '2021-05-01', source: 'manual' }],
      guidanceOfficers: [],
    });
    const b = await ask<{ organization: Record<string, unknown> }>(q, { id: String(guided) });
    expect(b.organization).toEqual({
      partyBodies: [],
      massOrganizations: [],
      guidanceOfficers: [
        {
          guidedKey: '91150304MALL96R44A',
          assignedOn: '2023-07-05',
          withdrawnOn: null,
          active: true,
          organization: { uscc: '91150304MALL96R44A' },
          officer: {
            name: '魏刚欣',
            phoneMasked: '190****5705',
            sentBy: '乌海市市场监督管理局',
            sentByDepartment: { code: 'MARKET_REGULATION', name: '市场监督管理局' },
            source: 'guidance',
          },
        },
      ],
    });
  });

  it('pages through guidance officers and filters them by division, name and current assignment', async () => {
    const q = `query($f: GuidanceOfficerFilter, $after: String) { guidanceOfficers(filter: $f, first: 3, after: $after) {
      totalCount nodes { id name assignments { organization { divisionCode } active } } pageInfo { hasNextPage endCursor } } }`;
    const pick = (d: Record<string, unknown>) => d.guidanceOfficers as Page<{ id: string; name: string }>;
    const all = await allPages(q, pick);
    expect(all.total).toBe(await countOf(hub, `select count(*)::int as n from guidance_officers`));
    expect(all.seen).toHaveLength(all.total);
    expect(new Set(all.seen.map((o) => o.id)).size).toBe(all.total);

    const inWuda = await allPages(q, pick, { f: { divisionCode: '150304' } });
    const sqlWuda = await hub.db.query<{ id: number }>(
      `select distinct a.officer_id as id from guidance_assignments a join organizations o on o.id = a.organization_id
       where o.division_code like '150304%' order by 1`,
    );
    expect(sqlWuda.length).toBeGreaterThan(0);
    expect(inWuda.seen.map((o) => Number(o.id))).toEqual(sqlWuda.map((r) => r.id));
    expect(inWuda.total).toBe(sqlWuda.length);

    const named = await allPages(q, pick, { f: { nameContains: '魏' } });
    expect(named.seen.map((o) => o.name)).toEqual(['魏刚欣']);

    // Every sample assignment started on or before the as-of date and none was withdrawn.
    const active = await allPages(q, pick, { f: { activeOnly: true } });
    const assigned = await countOf(
      hub,
      `select count(distinct officer_id)::int as n from guidance_assignments where assigned_on <= $1::date and withdrawn_on is null`,
      [PARTY_AS_OF],
    );
    expect(active.total).toBe(assigned);
    expect(await failure(q, { f: { divisionCode: '1x' } })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.divisionCode' });
  });

  it('never shows a clear phone number, only the masked one', async () => {
    const sealed = await hub.db.query<{ enc: string; masked: string }>(
      `select phone_enc as enc, phone_masked as masked from guidance_officers where phone_enc is not null`,
    );
    expect(sealed.length).toBeGreaterThan(3);
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(server.url) },
      body: JSON.stringify({
        query: `{ guidanceOfficers(first: 100) { nodes { name phoneMasked sentBy assignments { guidedKey officer { phoneMasked } } } } }`,
      }),
    });
    const text = await res.text();
    for (const s of sealed) {
      const phone = hub.pii.decrypt(s.enc);
      expect(phone).toMatch(/^1\d{10}$/);
      expect(text).not.toContain(phone);
      expect(text).not.toContain(s.enc);
      expect(text).toContain(s.masked);
    }
  });
});
