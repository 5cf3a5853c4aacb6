/**
 * The officials' Party mutations over HTTP: each changes the data, writes its change event and
 * re-derives the organizations around it in the same transaction, so the response already
 * shows the new coverage. Invalid input is refused naming the field, and writes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { authHeaders, startTestApi } from '../helpers/api.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { gql } from '../helpers/graphql.js';
import { countOf, loadPartySamples, orgIdOf, PARTY_AS_OF } from '../helpers/party-samples.js';

/** Ledger organizations of the samples with no body, no temporary branch and no officer. */
const A = '91150302685981736Q';
const B = '911503025767833944';
const C = '91150300MAKK0JMW5X';
const D = '51150303MJUXFDKY76';
const E = '91150303MAC1AAYE2E';
const MORE = ['91150304MAC25T9L6P', '91150302MAF6WYD42G', '91150302MA0UK47A00', '51150303MJW7DKBG0X'];

const ORG = `id uscc coveredByBody coveredByWork facts { coveredByBody { holds } coveredByWork { holds } } partyBodies { bodyCode }`;
const BODY = `id bodyCode name kind source divisionCode foundedOn dissolvedOn department { code } parent { bodyCode } covers { ${ORG} }`;
const CREATE = `mutation($input: CreatePartyBodyInput!) { createPartyBody(input: $input) { ${BODY} } }`;
const UPDATE = `mutation($input: UpdatePartyBodyInput!) { updatePartyBody(input: $input) { ${BODY} } }`;
const ASSIGNMENT = `guidedKey assignedOn withdrawnOn active organization { ${ORG} }
  officer { id name phoneMasked sentBy sentByDepartment { code } source assignments(includeWithdrawn: false) { guidedKey } }`;
const ASSIGN = `mutation($input: AssignGuidanceOfficerInput!) { assignGuidanceOfficer(input: $input) { ${ASSIGNMENT} } }`;
const WITHDRAW = `mutation($input: WithdrawGuidanceOfficerInput!) { withdrawGuidanceOfficer(input: $input) { ${ASSIGNMENT} } }`;

interface Org {
  id: string;
  uscc: string;
  coveredByBody: boolean;
  coveredByWork: boolean;
  facts: { coveredByBody: { holds: boolean }; coveredByWork: { holds: boolean } };
  partyBodies: { bodyCode: string }[];
}
interface Body {
  id: string;
  bodyCode: string;
  name: string;
  divisionCode: string | null;
  dissolvedOn: string | null;
  covers: Org[];
  [k: string]: unknown;
}
interface Assignment {
  assignedOn: string;
  withdrawnOn: string | null;
  active: boolean;
  organization: Org;
  officer: { id: string; name: string; phoneMasked: string; assignments: { guidedKey: string }[]; [k: string]: unknown };
}
interface ChangeEvent {
  kind: string;
  changes: Record<string, { old: unknown; new: unknown }>;
  division_code: string | null;
  cause: string;
}

describe.each(testEngines())('Party mutations over HTTP on %s', (engine) => {
  let hub: TestHub;
  let server: ApiServer;
  const id: Record<string, string> = {};
  const run = async <T>(query: string, input: Record<string, unknown>) => {
    const r = await gql<Record<string, T>>(server.url, query, { input });
    expect(r.errors).toBeUndefined();
    return Object.values(r.data!)[0]!;
  };
  const refused = async (query: string, input: Record<string, unknown>) => {
    const r = await gql(server.url, query, { input });
    expect(r.data ?? null).toBeNull();
    expect(r.errors).toHaveLength(1);
    const { code, field } = r.errors![0]!.extensions as { code: string; field: string };
    return [code, field];
  };
  const coverage = (o: Org) => [o.coveredByBody, o.facts.coveredByBody.holds, o.coveredByWork, o.facts.coveredByWork.holds];
  const organization = async (uscc: string) =>
    (await gql<{ organization: Org }>(server.url, `query($id: ID) { organization(id: $id) { ${ORG} } }`, { id: id[uscc] })).data!
      .organization;
  const events = (type: string, entityId: string | number) =>
    hub.db.query<ChangeEvent>(
      `select kind, changes, division_code, cause from change_events where entity_type = $1 and entity_id = $2 order by seq`,
      [type, Number(entityId)],
    );
  /** An officer's assignment events: they name the assignment, found here by its officer. */
  const assignmentEvents = (officerId: string) =>
    hub.db.query<ChangeEvent>(
      `select kind, changes, division_code, cause from change_events
       where entity_type = 'assignment' and entity_id in (select id from guidance_assignments where officer_id = $1) order by seq`,
      [Number(officerId)],
    );
  const bodyId = async (code: string) =>
    String((await hub.db.query<{ id: number }>(`select id from party_bodies where body_code = $1`, [code]))[0]!.id);

  beforeAll(async () => {
    hub = await createTestHub(engine, { HUB_AS_OF: PARTY_AS_OF });
    await loadPartySamples(hub);
    server = await startTestApi(hub, { port: 0 });
    for (const uscc of [A, B, C, D, E, ...MORE]) id[uscc] = String(await orgIdOf(hub, uscc));
    const uncovered = await countOf(
      hub,
      `select count(*)::int as n from organizations where id = any($1::bigint[]) and in_ledger and not covered_by_work`,
      [Object.values(id).map(Number)],
    );
    expect(uncovered).toBe(Object.keys(id).length);
  });
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
  });

  it('creates a body; the organization it covers is covered by a body in the same response', async () => {
    const parent = await bodyId('15030200000002');
    const body = await run<Body>(CREATE, {
      bodyCode: ' m1503020001 ',
      name: ' 中共利和医药有限公司支部委员会 ',
      kind: 'BRANCH',
      formation: 'STANDALONE',
      parentId: parent,
      foundedOn: '2026-10-01',
      coveredOrganizationIds: [id[A]],
    });
    expect(body).toMatchObject({
      bodyCode: 'M1503020001',
      name: '中共利和医药有限公司支部委员会',
      kind: 'BRANCH',
      source: 'manual',
      divisionCode: '150302003014',
      foundedOn: '2026-10-01',
      department: null,
      parent: { bodyCode: '15030200000002' },
    });
    expect(body.covers.map((o) => [o.uscc, ...coverage(o)])).toEqual([[A, true, true, true, true]]);
    expect(body.covers[0]!.partyBodies.map((b) => b.bodyCode)).toEqual(['M1503020001']);
    const children = await gql<{ partyBody: { children: { bodyCode: string }[] } }>(
      server.url,
      `{ partyBody(bodyCode: "15030200000002") { children { bodyCode } } }`,
    );
    expect(children.data!.partyBody.children.map((c) => c.bodyCode)).toContain('M1503020001');

    const [created] = await events('partyBody', body.id);
    expect(created).toMatchObject({ kind: 'CREATED', cause: 'mutation:createPartyBody', division_code: '150302003014' });
    expect(created!.changes).toMatchObject({
      bodyCode: { old: null, new: 'M1503020001' },
      kind: { old: null, new: 'BRANCH' },
      parentId: { old: null, new: Number(parent) },
      source: { old: null, new: 'manual' },
      coveredOrganizationIds: { old: null, new: [Number(id[A])] },
      coveredUnits: { old: null, new: [A] },
    });
    const orgEvents = await events('organization', id[A]!);
    expect(orgEvents.at(-1)).toMatchObject({ kind: 'UPDATED', cause: 'mutation:createPartyBody' });
    expect(orgEvents.at(-1)!.changes.coveredByBody).toEqual({ old: false, new: true });
  });

  it('replaces what a body covers, then dissolves it: coverage follows in each response', async () => {
    const body = await bodyId('M1503020001');
    const moved = await run<Body>(UPDATE, {
      id: body,
      name: '中共辉丰贸易有限公司支部委员会',
      departmentCode: 'social_work',
      coveredOrganizationIds: [id[B]],
    });
    expect(moved).toMatchObject({
      name: '中共辉丰贸易有限公司支部委员会',
      department: { code: 'SOCIAL_WORK' },
      divisionCode: '150302003014',
    });
    expect(moved.covers.map((o) => [o.uscc, ...coverage(o)])).toEqual([[B, true, true, true, true]]);
    expect(coverage(await organization(A))).toEqual([false, false, false, false]);
    const [, update] = await events('partyBody', body);
    expect(update).toMatchObject({ kind: 'UPDATED', cause: 'mutation:updatePartyBody' });
    expect(update!.changes).toEqual({
      name: { old: '中共利和医药有限公司支部委员会', new: '中共辉丰贸易有限公司支部委员会' },
      departmentCode: { old: null, new: 'SOCIAL_WORK' },
      coveredOrganizationIds: { old: [Number(id[A])], new: [Number(id[B])] },
      coveredUnits: { old: [A], new: [B] },
    });

    const before = await countOf(hub, `select count(*)::int as n from change_events`);
    await run<Body>(UPDATE, { id: body, name: '中共辉丰贸易有限公司支部委员会', coveredOrganizationIds: [id[B]] });
    expect(await countOf(hub, `select count(*)::int as n from change_events`)).toBe(before);

    const dissolved = await run<Body>(UPDATE, { id: body, dissolvedOn: '2026-10-20' });
    expect(dissolved.dissolvedOn).toBe('2026-10-20');
    expect(dissolved.covers.map((o) => [o.uscc, ...coverage(o), o.partyBodies.length])).toEqual([[B, false, false, false, false, 0]]);
    const last = (await events('partyBody', body)).at(-1)!;
    expect(last.changes).toEqual({ dissolvedOn: { old: null, new: '2026-10-20' } });
    const list = `query($d: Boolean) { partyBodies(filter: { nameContains: "辉丰贸易", includeDissolved: $d }) { totalCount nodes { bodyCode } } }`;
    expect((await gql(server.url, list, { d: false })).data).toEqual({ partyBodies: { totalCount: 0, nodes: [] } });
    expect((await gql(server.url, list, { d: true })).data).toEqual({
      partyBodies: { totalCount: 1, nodes: [{ bodyCode: 'M1503020001' }] },
    });
  });

  it('creates a joint branch over two organizations, and refuses more than five', async () => {
    const joint = await run<Body>(CREATE, {
      bodyCode: 'M1503030001',
      name: '联合党支部',
      kind: 'JOINT_BRANCH',
      coveredOrganizationIds: [id[C], id[A]],
    });
    expect(joint.divisionCode).toBe('150303000000');
    expect(joint.covers.map((o) => `${o.uscc} ${o.coveredByBody}`).sort()).toEqual([`${A} true`, `${C} true`].sort());
    const six = [id[C], id[A], ...MORE.map((u) => id[u])];
    expect(await refused(UPDATE, { id: joint.id, coveredOrganizationIds: six })).toEqual([
      'BAD_USER_INPUT',
      'input.coveredOrganizationIds',
    ]);
    expect(await refused(CREATE, { bodyCode: 'M9', name: 'x', kind: 'JOINT_BRANCH', coveredOrganizationIds: six })).toEqual([
      'BAD_USER_INPUT',
      'input.coveredOrganizationIds',
    ]);
    expect(await refused(CREATE, { bodyCode: 'M9', name: 'x', kind: 'JOINT_BRANCH', coveredOrganizationIds: [id[B]] })).toEqual([
      'BAD_USER_INPUT',
      'input.coveredOrganizationIds',
    ]);
  });

  it('records an industry committee in its department; organizations covered below it fall under it', async () => {
    const committee = await run<Body>(CREATE, {
      bodyCode: 'M1503000001',
      name: '中共乌海市教育行业委员会',
      kind: 'COMMITTEE',
      formation: 'INDUSTRY',
      isIndustryCommittee: true,
      departmentCode: 'EDUCATION',
      divisionCode: '150300',
    });
    expect(committee).toMatchObject({ divisionCode: '150300000000', department: { code: 'EDUCATION' }, covers: [] });
    const d = await gql<{ department: { name: string } }>(server.url, `query($id: ID) { partyBody(id: $id) { department { name } } }`, {
      id: committee.id,
    });
    expect(d.data).toEqual({ partyBody: { department: { name: '教育局' } } });
    const unit = MORE[2]!;
    await run<Body>(CREATE, {
      bodyCode: 'M1503020003',
      name: '支部',
      kind: 'BRANCH',
      parentId: committee.id,
      coveredOrganizationIds: [id[unit]],
    });
    const [org] = await hub.db.query<{ committee: number | null }>(
      `select industry_committee_id as committee from organizations where id = $1`,
      [Number(id[unit])],
    );
    expect(org!.committee).toBe(Number(committee.id));
  });

  it('answers each of several mutations in one request with what that mutation left, not a cached earlier read', async () => {
    const unit = MORE[1]!;
    const body = await run<Body>(CREATE, { bodyCode: 'M1503020002', name: '支部', kind: 'BRANCH', coveredOrganizationIds: [id[unit]] });
    const d = await gql<Record<string, Body>>(
      server.url,
      `mutation($id: ID!) {
        gone: updatePartyBody(input: { id: $id, dissolvedOn: "2026-10-20" }) { dissolvedOn covers { ${ORG} } }
        back: updatePartyBody(input: { id: $id, dissolvedOn: null }) { dissolvedOn covers { ${ORG} } } }`,
      { id: body.id },
    );
    expect(d.errors).toBeUndefined();
    expect(d.data!.gone!.dissolvedOn).toBe('2026-10-20');
    expect(d.data!.gone!.covers.map(coverage)).toEqual([[false, false, false, false]]);
    expect(d.data!.back!.dissolvedOn).toBeNull();
    expect(d.data!.back!.covers.map(coverage)).toEqual([[true, true, true, true]]);
    expect(d.data!.back!.covers[0]!.partyBodies).toEqual([{ bodyCode: 'M1503020002' }]);
  });

  it('refuses invalid input naming the field, unknown ids with NOT_FOUND, and writes nothing', async () => {
    const tables = ['party_bodies', 'party_body_coverage', 'change_events', 'guidance_officers', 'guidance_assignments'];
    const counts = () => Promise.all(tables.map((t) => countOf(hub, `select count(*)::int as n from ${t}`)));
    const before = await counts();
    const base = { bodyCode: 'M1503040009', name: '支部', kind: 'BRANCH' };
    const root = await bodyId('15030000000001');
    const branch = await bodyId('15030300000003');
    const cases: [string, Record<string, unknown>, string, string][] = [
      [CREATE, { ...base, bodyCode: '15030300000003' }, 'BAD_USER_INPUT', 'input.bodyCode'],
      [CREATE, { ...base, bodyCode: '党支部' }, 'BAD_USER_INPUT', 'input.bodyCode'],
      [CREATE, { ...base, name: '   ' }, 'BAD_USER_INPUT', 'input.name'],
      [CREATE, { ...base, departmentCode: 'NOPE' }, 'BAD_USER_INPUT', 'input.departmentCode'],
      [CREATE, { ...base, divisionCode: '12345' }, 'BAD_USER_INPUT', 'input.divisionCode'],
      [CREATE, { ...base, divisionCode: '159999' }, 'BAD_USER_INPUT', 'input.divisionCode'],
      [CREATE, { ...base, coveredOrganizationIds: ['abc'] }, 'BAD_USER_INPUT', 'input.coveredOrganizationIds[0]'],
      [CREATE, { ...base, coveredOrganizationIds: [id[B], id[B]] }, 'BAD_USER_INPUT', 'input.coveredOrganizationIds[1]'],
      [CREATE, { ...base, coveredOrganizationIds: [id[B], id[D], '99999999'] }, 'NOT_FOUND', 'input.coveredOrganizationIds[2]'],
      [CREATE, { ...base, parentId: '99999999' }, 'NOT_FOUND', 'input.parentId'],
      [CREATE, { ...base, isIndustryCommittee: true }, 'BAD_USER_INPUT', 'input.isIndustryCommittee'],
      [UPDATE, { id: '99999999', name: 'x' }, 'NOT_FOUND', 'input.id'],
      [UPDATE, { id: root, parentId: await bodyId('15030300000002') }, 'BAD_USER_INPUT', 'input.parentId'],
      [UPDATE, { id: root, parentId: branch }, 'BAD_USER_INPUT', 'input.parentId'],
      [UPDATE, { id: branch, parentId: branch }, 'BAD_USER_INPUT', 'input.parentId'],
      [UPDATE, { id: branch, dissolvedOn: '2020-01-01' }, 'BAD_USER_INPUT', 'input.dissolvedOn'],
      [UPDATE, { id: branch, name: null }, 'BAD_USER_INPUT', 'input.name'],
      [UPDATE, { id: branch, coveredOrganizationIds: null }, 'BAD_USER_INPUT', 'input.coveredOrganizationIds'],
      [UPDATE, { id: branch, kind: 'BRANCH', isIndustryCommittee: true }, 'BAD_USER_INPUT', 'input.isIndustryCommittee'],
      [ASSIGN, { organizationId: id[D], assignedOn: '2026-10-01' }, 'BAD_USER_INPUT', 'input.name'],
      [ASSIGN, { name: '张三', organizationId: id[D], assignedOn: '2026-10-01' }, 'BAD_USER_INPUT', 'input.phone'],
      [ASSIGN, { name: '张三', phone: '12345', organizationId: id[D], assignedOn: '2026-10-01' }, 'BAD_USER_INPUT', 'input.phone'],
      [ASSIGN, { officerId: '1', name: '张三', organizationId: id[D], assignedOn: '2026-10-01' }, 'BAD_USER_INPUT', 'input.name'],
      [ASSIGN, { officerId: '99999999', organizationId: id[D], assignedOn: '2026-10-01' }, 'NOT_FOUND', 'input.officerId'],
      [
        ASSIGN,
        { name: '张三', phone: '13900005678', organizationId: '99999999', assignedOn: '2026-10-01' },
        'NOT_FOUND',
        'input.organizationId',
      ],
      [
        ASSIGN,
        { name: '张三', phone: '13900005678', organizationId: 'x', assignedOn: '2026-10-01' },
        'BAD_USER_INPUT',
        'input.organizationId',
      ],
      [WITHDRAW, { officerId: '99999999', organizationId: id[D], withdrawnOn: '2026-10-01' }, 'NOT_FOUND', 'input.officerId'],
    ];
    for (const [query, input, code, field] of cases) expect([field, ...(await refused(query, input))]).toEqual([field, code, field]);
    expect(await counts()).toEqual(before);
  });

  it('assigns a new officer (phone sealed, shown masked) and an existing one; work coverage follows', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(server.url) },
      body: JSON.stringify({
        query: ASSIGN,
        variables: {
          input: { name: ' 测试员 ', phone: '+86 139-0000-1234', sentBy: '乌海市民政局', organizationId: id[D], assignedOn: '2026-10-15' },
        },
      }),
    });
    const text = await res.text();
    expect(text).not.toContain('13900001234');
    const a = (JSON.parse(text) as { data: { assignGuidanceOfficer: Assignment } }).data.assignGuidanceOfficer;
    expect(a).toMatchObject({ guidedKey: D, assignedOn: '2026-10-15', withdrawnOn: null, active: true });
    expect(a.officer).toMatchObject({
      name: '测试员',
      phoneMasked: '139****1234',
      sentBy: '乌海市民政局',
      sentByDepartment: { code: 'CIVIL_AFFAIRS' },
      source: 'manual',
      assignments: [{ guidedKey: D }],
    });
    expect(coverage(a.organization)).toEqual([false, false, true, true]);
    const [stored] = await hub.db.query<{ hash: string; enc: string; key: string }>(
      `select phone_hash as hash, phone_enc as enc, officer_key as key from guidance_officers where id = $1`,
      [Number(a.officer.id)],
    );
    expect(hub.pii.decrypt(stored!.enc)).toBe('13900001234');
    expect(stored!.hash).toBe(hub.pii.hash('13900001234'));
    expect(stored!.key).toBe(`测试员|${hub.pii.hash('13900001234')}`);
    const [event] = await assignmentEvents(a.officer.id);
    expect(event).toMatchObject({ kind: 'CREATED', cause: 'mutation:assignGuidanceOfficer', division_code: '150303102400' });
    expect(event!.changes).toEqual({
      officerId: { old: null, new: Number(a.officer.id) },
      organizationId: { old: null, new: Number(id[D]) },
      guidedKey: { old: null, new: D },
      assignedOn: { old: null, new: '2026-10-15' },
    });
    expect(JSON.stringify(event)).not.toMatch(/1390000|测试员|139\*/);

    // The same person written another way is the same officer; an open assignment is not made twice.
    const again = await run<Assignment>(ASSIGN, { name: '测试员', phone: '13900001234', organizationId: id[E], assignedOn: '2026-10-16' });
    expect(again.officer.id).toBe(a.officer.id);
    expect(again.officer.assignments.map((x) => x.guidedKey).sort()).toEqual([D, E].sort());
    expect(await refused(ASSIGN, { officerId: a.officer.id, organizationId: id[D], assignedOn: '2026-10-20' })).toEqual([
      'BAD_USER_INPUT',
      'input.organizationId',
    ]);

    const wei = String((await hub.db.query<{ id: number }>(`select id from guidance_officers where name = '魏刚欣'`))[0]!.id);
    const future = await run<Assignment>(ASSIGN, { officerId: wei, organizationId: id[MORE[0]!], assignedOn: '2027-01-01' });
    expect(future.officer.name).toBe('魏刚欣');
    expect(future.active).toBe(false);
    expect(coverage(future.organization)).toEqual([false, false, false, false]);
  });

  it('withdraws an officer: the assignment turns inactive, work coverage ends, and it can be reopened', async () => {
    const officer = String((await hub.db.query<{ id: number }>(`select id from guidance_officers where name = '测试员'`))[0]!.id);
    const input = { officerId: officer, organizationId: id[D] };
    expect(await refused(WITHDRAW, { ...input, withdrawnOn: '2026-10-14' })).toEqual(['BAD_USER_INPUT', 'input.withdrawnOn']);
    expect(await refused(WITHDRAW, { officerId: officer, organizationId: id[A], withdrawnOn: '2026-10-20' })).toEqual([
      'NOT_FOUND',
      'input.organizationId',
    ]);
    const w = await run<Assignment>(WITHDRAW, { ...input, withdrawnOn: '2026-10-20' });
    expect(w).toMatchObject({ assignedOn: '2026-10-15', withdrawnOn: '2026-10-20', active: false });
    expect(w.officer.assignments.map((x) => x.guidedKey)).toEqual([E]);
    expect(coverage(w.organization)).toEqual([false, false, false, false]);
    const listed = await gql<{ organization: { guidanceOfficers: { withdrawnOn: string | null; active: boolean }[] } }>(
      server.url,
      `query($id: ID) { organization(id: $id) { guidanceOfficers { withdrawnOn active } } }`,
      { id: id[D] },
    );
    expect(listed.data!.organization.guidanceOfficers).toEqual([{ withdrawnOn: '2026-10-20', active: false }]);
    const last = (await assignmentEvents(officer)).at(-1)!;
    expect(last).toMatchObject({ kind: 'UPDATED', cause: 'mutation:withdrawGuidanceOfficer' });
    expect(last.changes).toEqual({ withdrawnOn: { old: null, new: '2026-10-20' } });
    expect(await refused(WITHDRAW, { ...input, withdrawnOn: '2026-10-25' })).toEqual(['BAD_USER_INPUT', 'input.withdrawnOn']);
    // Still active at E (another township of 150303), no longer at D's township.
    const officers = async (divisionCode: string, activeOnly: boolean) =>
      (
        await gql<{ guidanceOfficers: { totalCount: number } }>(
          server.url,
          `query($f: GuidanceOfficerFilter) { guidanceOfficers(filter: $f) { totalCount } }`,
          { f: { divisionCode, activeOnly, nameContains: '测试员' } },
        )
      ).data!.guidanceOfficers.totalCount;
    expect([await officers('150303102000', false), await officers('150303102000', true), await officers('150303', true)]).toEqual([
      1, 0, 1,
    ]);

    const reopened = await run<Assignment>(ASSIGN, { officerId: officer, organizationId: id[D], assignedOn: '2026-10-28' });
    expect(reopened).toMatchObject({ assignedOn: '2026-10-28', withdrawnOn: null, active: true });
    expect(coverage(reopened.organization)).toEqual([false, false, true, true]);
    expect((await assignmentEvents(officer)).at(-1)!.changes).toEqual({
      assignedOn: { old: '2026-10-15', new: '2026-10-28' },
      withdrawnOn: { old: '2026-10-20', new: null },
    });
  });
});
