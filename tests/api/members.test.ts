/**
 * Members and pocket members (口袋党员) over HTTP after the contract samples went through the
 * real pipeline. Every list is checked against the database, the pocket condition against the
 * rule's own isPocketMember, and no response may carry a clear ID number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { authHeaders, startTestApi } from '../helpers/api.js';
import { isPocketMember } from '../../src/rules/party-coverage.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { gqlData, gqlRefusal } from '../helpers/graphql.js';
import { countOf, loadPartySamples, orgIdOf, PARTY_AS_OF } from '../helpers/party-samples.js';

interface Page<T> {
  totalCount: number;
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface MemberSql {
  id: number;
  name: string;
  relation: string | null;
  employerId: number | null;
  division: string | null;
  merged: boolean;
}

const MEMBER = `id name idNumberMasked gender kind joinedOn bodyCode body { bodyCode } employer { id uscc } employerName
  relationHeldAt isMobile isPocket source`;

describe.each(testEngines())('members API over HTTP on %s', (engine) => {
  let hub: TestHub;
  let server: ApiServer;
  let all: MemberSql[];
  const ask = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => gqlData<T>(server.url, query, variables);
  const refusedField = async (query: string, variables?: Record<string, unknown>) => {
    const e = await gqlRefusal(server.url, query, variables);
    return [e.code, e.field];
  };
  /** Ids of every page of `members` or `pocketMembers`, checking totalCount on each page. */
  const ids = async (field: 'members' | 'pocketMembers', args: Record<string, unknown>, first = 7) => {
    const decl = field === 'members' ? '$filter: MemberFilter' : '$divisionCode: String';
    const pass = field === 'members' ? 'filter: $filter' : 'divisionCode: $divisionCode';
    const q = `query(${decl}, $after: String) { ${field}(${pass}, first: ${first}, after: $after) {
      totalCount nodes { id } pageInfo { hasNextPage endCursor } } }`;
    const seen: number[] = [];
    let total = -1;
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: Page<{ id: string }> = (await ask<Record<string, Page<{ id: string }>>>(q, { ...args, after }))[field]!;
      if (total === -1) total = page.totalCount;
      expect(page.totalCount).toBe(total);
      seen.push(...page.nodes.map((n) => Number(n.id)));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    return seen;
  };
  const sqlIds = async (where: string, params: unknown[] = []) =>
    (await hub.db.query<{ id: number }>(`select m.id from members m where ${where} order by m.id`, params)).map((r) => r.id);

  beforeAll(async () => {
    hub = await createTestHub(engine, { HUB_AS_OF: PARTY_AS_OF });
    await loadPartySamples(hub);
    server = await startTestApi(hub, { port: 0 });
    all = await hub.db.query<MemberSql>(
      `select m.id, m.name, m.relation_held_at as relation, m.employer_id as "employerId", o.division_code as division,
              coalesce(o.merged_into_id is not null, false) as merged
       from members m left join organizations o on o.id = m.employer_id order by m.id`,
    );
  });
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
  });

  it('shows one member with the masked ID number, body, employer and pocket flag', async () => {
    const q = `query($id: ID!) { member(id: $id) { ${MEMBER} } }`;
    const [row] = await hub.db.query<{ id: number }>(`select id from members where name = '许志杰'`);
    const registered = await ask<{ member: Record<string, unknown> }>(q, { id: String(row!.id) });
    expect(registered.member).toEqual({
      id: String(row!.id),
      name: '许志杰',
      idNumberMasked: '1503**********3618',
      gender: '男',
      kind: 'FORMAL',
      joinedOn: '1972-04-12',
      bodyCode: '15030300000003',
      body: { bodyCode: '15030300000003' },
      employer: { id: String(await orgIdOf(hub, '91150303506077507J')), uscc: '91150303506077507J' },
      employerName: '通昌(乌海)文化传媒有限公司',
      relationHeldAt: '本单位',
      isMobile: false,
      isPocket: false,
      source: 'party-organization',
    });
    const [pocket] = await hub.db.query<{ id: number }>(`select id from members where name = '唐丽'`);
    const away = await ask<{ member: Record<string, unknown> }>(q, { id: String(pocket!.id) });
    expect(away.member).toMatchObject({ relationHeldAt: '原单位', isMobile: true, isPocket: true, body: null, bodyCode: null });
    expect(await refusedField(`{ member(id: "987654") { id } }`)).toEqual(['NOT_FOUND', 'id']);
    expect(await refusedField(`{ member(id: "1; drop") { id } }`)).toEqual(['BAD_USER_INPUT', 'id']);
  });

  it('pages through every member with a stable totalCount and no overlap', async () => {
    const seen = await ids('members', {});
    expect(seen).toEqual(all.map((m) => m.id));
    expect(seen.length).toBeGreaterThan(70);
  });

  it('filters members by employer, body, kind, mobility, pocket, name and division', async () => {
    const employer = await orgIdOf(hub, '91150303MAT0PT3W6C');
    const [body] = await hub.db.query<{ id: number }>(`select id from party_bodies where body_code = '15030400000004'`);
    const byEmployer = await ids('members', { filter: { employerId: String(employer) } });
    expect(byEmployer).toEqual(await sqlIds(`m.employer_id = $1`, [employer]));
    expect(byEmployer).toHaveLength(14);
    expect(await ids('members', { filter: { bodyId: String(body!.id) } })).toEqual(await sqlIds(`m.body_id = $1`, [body!.id]));
    const probationary = await ids('members', { filter: { kind: 'PROBATIONARY' } });
    expect(probationary).toEqual(await sqlIds(`m.kind = 'PROBATIONARY'`));
    expect(probationary.length).toBeGreaterThan(2);
    expect(await ids('members', { filter: { isMobile: true } })).toEqual(await sqlIds(`m.is_mobile`));
    expect(await ids('members', { filter: { nameContains: '涵' } })).toEqual(await sqlIds(`m.name like '%涵%'`));

    const pocket = all.filter((m) => isPocketMember(m.relation)).map((m) => m.id);
    expect(pocket.length).toBeGreaterThan(30);
    expect(await ids('members', { filter: { isPocket: true } })).toEqual(pocket);
    expect(await ids('members', { filter: { isPocket: false } })).toEqual(all.filter((m) => !pocket.includes(m.id)).map((m) => m.id));

    const inHainan = all.filter((m) => m.division?.startsWith('150303')).map((m) => m.id);
    expect(await ids('members', { filter: { divisionCode: '150303' } })).toEqual(inHainan);
    expect(await ids('members', { filter: { divisionCode: '150303', isPocket: true, kind: 'FORMAL' } })).toEqual(
      await sqlIds(`m.id = any($1::bigint[]) and m.kind = 'FORMAL'`, [inHainan.filter((i) => pocket.includes(i))]),
    );

    const q = `query($f: MemberFilter) { members(filter: $f) { totalCount } }`;
    expect(await refusedField(q, { f: { employerId: 'x' } })).toEqual(['BAD_USER_INPUT', 'filter.employerId']);
    expect(await refusedField(q, { f: { divisionCode: '15x3' } })).toEqual(['BAD_USER_INPUT', 'filter.divisionCode']);
  });

  it('lists pocket members employer by employer, by the rule, within a division subtree', async () => {
    const expected = (prefix: string) =>
      all
        .filter((m) => isPocketMember(m.relation) && m.employerId !== null && !m.merged && (m.division ?? '').startsWith(prefix))
        .sort((a, b) => a.employerId! - b.employerId! || a.id - b.id)
        .map((m) => m.id);
    const everywhere = await ids('pocketMembers', {}, 5);
    expect(everywhere).toEqual(expected(''));
    expect(everywhere.length).toBeGreaterThan(30);
    const hainan = await ids('pocketMembers', { divisionCode: '150303' }, 4);
    expect(hainan).toEqual(expected('150303'));
    expect(hainan.length).toBeGreaterThan(0);
    expect(hainan.length).toBeLessThan(everywhere.length);

    const nodes = await ask<{ pocketMembers: { nodes: { isPocket: boolean; employer: { divisionCode: string } }[] } }>(
      `{ pocketMembers(divisionCode: "150303", first: 100) { nodes { isPocket employer { divisionCode } } } }`,
    );
    expect(nodes.pocketMembers.nodes.every((n) => n.isPocket && n.employer.divisionCode.startsWith('150303'))).toBe(true);

    // An employer whose division is unknown still lists its pocket members when no division is asked for.
    const [employer] = await hub.db.query<{ id: number; division: string }>(
      `select id, division_code as division from organizations where id = $1`,
      [all.find((m) => m.id === everywhere[0])!.employerId],
    );
    await hub.db.query(`update organizations set division_code = null where id = $1`, [employer!.id]);
    try {
      expect(await ids('pocketMembers', {}, 50)).toEqual(everywhere);
    } finally {
      await hub.db.query(`update organizations set division_code = $2 where id = $1`, [employer!.id, employer!.division]);
    }

    const memberCursor = (await ask<{ members: Page<unknown> }>(`{ members(first: 1) { pageInfo { endCursor } } }`)).members.pageInfo
      .endCursor;
    expect(await refusedField(`query($a: String) { pocketMembers(after: $a) { totalCount } }`, { a: memberCursor })).toEqual([
      'BAD_USER_INPUT',
      'after',
    ]);
    expect(await refusedField(`{ pocketMembers(divisionCode: "abc") { totalCount } }`)).toEqual(['BAD_USER_INPUT', 'divisionCode']);
  });

  it("lists an organization's members, and a pocket member count matching the stored facts", async () => {
    const employer = await orgIdOf(hub, '91150303625946234D');
    const d = await ask<{ organization: { members: { id: string; isPocket: boolean }[]; facts: { members: { pocket: number } } } }>(
      `query($id: ID) { organization(id: $id) { members { id isPocket } facts { members { pocket } } } }`,
      { id: String(employer) },
    );
    expect(d.organization.members.map((m) => Number(m.id))).toEqual(await sqlIds(`m.employer_id = $1`, [employer]));
    // The facts count members who had joined by the as-of date; every member here had.
    expect(
      await countOf(hub, `select count(*)::int as n from members where employer_id = $1 and joined_on > $2::date`, [employer, PARTY_AS_OF]),
    ).toBe(0);
    expect(d.organization.members.filter((m) => m.isPocket)).toHaveLength(d.organization.facts.members.pocket);
  });

  it('never shows a clear ID number, only the masked one', async () => {
    const sealed = await hub.db.query<{ enc: string; masked: string }>(
      `select id_number_enc as enc, id_number_masked as masked from members`,
    );
    const texts: string[] = [];
    for (const query of [
      `{ members(first: 500) { nodes { ${MEMBER} } } }`,
      `{ pocketMembers(first: 500) { nodes { ${MEMBER} } } }`,
      `{ partyBodies(first: 50) { nodes { members { ${MEMBER} } covers { members { ${MEMBER} } } } } }`,
    ]) {
      const res = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authHeaders(server.url) },
        body: JSON.stringify({ query }),
      });
      const text = await res.text();
      expect(text).not.toContain('"errors"');
      texts.push(text);
    }
    const text = texts.join('\n');
    for (const s of sealed) {
      const clear = hub.pii.decrypt(s.enc);
      expect(clear).toMatch(/^\d{17}[\dX]$/);
      expect(text).not.toContain(clear);
      expect(text).not.toContain(clear.slice(4, 14));
      expect(text).not.toContain(s.enc);
      expect(texts[0]).toContain(s.masked);
    }
  });
});
