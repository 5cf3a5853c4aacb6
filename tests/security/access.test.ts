/**
 * Access control over real HTTP and websockets: keys, roles and scopes. Every role is checked
 * against what the database says it should see, in lists, counts, coverage, lookups,
 * mutations, exports and the change feed.
 */
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { writeChangeEvents } from '../../src/feed/outbox.js';
import { signDownload } from '../../src/security/download-token.js';
import { revokeClient } from '../../src/security/clients.js';
import { clientKey, startTestApi } from '../helpers/api.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { FeedConsumer } from '../helpers/feed-consumer.js';
import { gql, gqlData } from '../helpers/graphql.js';
import { countOf, loadPartySamples, PARTY_AS_OF } from '../helpers/party-samples.js';

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

describe.each(testEngines())('access control on %s', (engine) => {
  let hub: TestHub;
  let server: ApiServer;
  const keys: Record<string, string> = {};
  const as = (who: string) => bearer(keys[who]!);
  const consumers: FeedConsumer[] = [];

  beforeAll(async () => {
    hub = await createTestHub(engine, { HUB_AS_OF: PARTY_AS_OF, HUB_AUTH_CACHE_MS: '0', HUB_FEED_POLL_MS: '200' });
    await loadPartySamples(hub);
    server = await startTestApi(hub);
    keys.admin = await clientKey(hub.db, { name: 'admin', role: 'ADMIN' });
    keys.analyst = await clientKey(hub.db, { name: 'analyst', role: 'ANALYST' });
    keys.haibowan = await clientKey(hub.db, { name: '海勃湾区委组织部', role: 'DEPARTMENT', divisions: ['150302'] });
    keys.civil = await clientKey(hub.db, { name: '卫健委', role: 'DEPARTMENT', departmentCode: 'HEALTH' });
    keys.partner = await clientKey(hub.db, { name: '海南区伙伴', role: 'PARTNER', divisions: ['150303'] });
    keys.piiDept = await clientKey(hub.db, {
      name: '海勃湾区 with pii',
      role: 'DEPARTMENT',
      divisions: ['150302'],
      permissions: ['pii:read'],
    });
  });
  afterAll(async () => {
    for (const c of consumers) await c.stop();
    await server?.close();
    await hub?.destroy();
  });

  /** The first organization of a division (ids differ between engines). */
  const firstIn = async (division: string) =>
    (
      await hub.db.query<{ id: number }>(`select id from organizations where division_code like $1 order by id limit 1`, [`${division}%`])
    )[0];
  const post = (path: string, headers: Record<string, string> = {}, body = '{"query":"{ health { ok } }"}') =>
    fetch(new URL(path, server.url), { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('without a valid key: 401 for GraphQL and downloads; the explorer page and /health stay open', async () => {
    for (const headers of [{}, bearer('hub_00000000_' + 'x'.repeat(43)), bearer('not-a-key'), { authorization: 'Basic abc' }]) {
      const res = await post('/graphql', headers);
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    }
    expect((await fetch(new URL('/graphql?query={health{ok}}', server.url), { headers: { 'apollo-require-preflight': '1' } })).status).toBe(
      401,
    );
    expect((await fetch(new URL('/ledgers/enterprises.csv', server.url))).status).toBe(401);
    expect((await fetch(new URL('/health', server.url))).status).toBe(200);
    expect((await fetch(new URL('/explorer', server.url))).status).toBe(200);
    expect((await post('/graphql', as('analyst'))).status).toBe(200);
  });

  it('a revoked key gets 401 from then on', async () => {
    const key = await clientKey(hub.db, { name: 'soon revoked', role: 'ANALYST' });
    expect((await post('/graphql', bearer(key))).status).toBe(200);
    await revokeClient(hub.db, { prefix: key.slice(4, 12) });
    expect((await post('/graphql', bearer(key))).status).toBe(401);
  });

  it('tells a client who it is', async () => {
    const v = await gqlData<{ viewer: Record<string, unknown> }>(
      server.url,
      `{ viewer { name role divisions permissions unrestricted } }`,
      undefined,
      as('haibowan'),
    );
    expect(v.viewer).toMatchObject({ name: '海勃湾区委组织部', role: 'DEPARTMENT', divisions: ['150302'], unrestricted: false });
    expect(v.viewer.permissions).toEqual(['feed:read', 'org:read', 'org:write', 'webhook:manage']);
  });

  /** The organizations a client's lists must give: asked of the database directly. */
  const expected = async (where: string) =>
    countOf(hub, `select count(*)::int as n from organizations o where o.merged_into_id is null and (${where})`);
  const listed = async (who: string, filter: Record<string, unknown> = {}) =>
    (
      await gqlData<{
        organizations: { totalCount: number; nodes: { divisionCode: string | null; supervisingDepartment: { code: string } | null }[] };
      }>(
        server.url,
        `query($f: OrganizationFilter) { organizations(filter: $f, first: 500) { totalCount nodes { divisionCode supervisingDepartment { code } } } }`,
        { f: filter },
        as(who),
      )
    ).organizations;

  it('each role lists and counts exactly its scope', async () => {
    const all = await expected('true');
    const haibowan = await expected(`o.division_code like '150302%'`);
    const civil = await expected(`o.supervising_department_code = 'HEALTH'`);
    expect([haibowan, civil].every((n) => n > 0 && n < all)).toBe(true);
    expect((await listed('admin')).totalCount).toBe(all);
    expect((await listed('analyst')).totalCount).toBe(all);
    const h = await listed('haibowan');
    expect(h.totalCount).toBe(haibowan);
    expect(h.nodes.every((n) => n.divisionCode?.startsWith('150302'))).toBe(true);
    const c = await listed('civil');
    expect(c.totalCount).toBe(civil);
    expect(c.nodes.every((n) => n.supervisingDepartment?.code === 'HEALTH')).toBe(true);
    // A filter outside the scope finds nothing; it does not widen it.
    expect((await listed('haibowan', { divisionCode: '150303' })).totalCount).toBe(0);
  });

  it('coverage figures count only the scope', async () => {
    const q = `query($d: String) { coverage(divisionCode: $d) { inScope ledgerOrganizations coveredByBody organizationalCoverageRate } }`;
    const own = await gqlData<{ coverage: Record<string, unknown> }>(server.url, q, {}, as('haibowan'));
    const adminView = await gqlData<{ coverage: Record<string, unknown> }>(server.url, q, { d: '150302' }, as('admin'));
    expect(own.coverage).toEqual(adminView.coverage);
    const elsewhere = await gqlData<{ coverage: Record<string, unknown> }>(server.url, q, { d: '150303' }, as('haibowan'));
    expect(elsewhere.coverage).toEqual({ inScope: 0, ledgerOrganizations: 0, coveredByBody: 0, organizationalCoverageRate: null });
    const breakdown = await gqlData<{ coverageBreakdown: { key: string | null }[] }>(
      server.url,
      `{ coverageBreakdown(by: COUNTY) { key total } }`,
      undefined,
      as('haibowan'),
    );
    expect(breakdown.coverageBreakdown.filter((g) => g.key).map((g) => g.key)).toEqual(['150302']);
  });

  it('Party bodies, members, officers and pocket members: only those around the scope', async () => {
    const q = `{ partyBodies(first: 200) { totalCount nodes { divisionCode covers { divisionCode } } }
      members(first: 500) { totalCount nodes { employer { divisionCode } body { divisionCode } } }
      guidanceOfficers(first: 200) { totalCount nodes { assignments { organization { divisionCode } } } }
      pocketMembers(first: 500) { totalCount nodes { employer { divisionCode } } } }`;
    type R = {
      partyBodies: { totalCount: number; nodes: { divisionCode: string | null; covers: { divisionCode: string }[] }[] };
      members: { totalCount: number; nodes: { employer: { divisionCode: string } | null; body: { divisionCode: string } | null }[] };
      guidanceOfficers: { totalCount: number; nodes: { assignments: { organization: { divisionCode: string } | null }[] }[] };
      pocketMembers: { totalCount: number; nodes: { employer: { divisionCode: string } | null }[] };
    };
    const mine = await gqlData<R>(server.url, q, undefined, as('haibowan'));
    const all = await gqlData<R>(server.url, q, undefined, as('admin'));
    const in150302 = (d: string | null | undefined) => !!d?.startsWith('150302');
    for (const key of ['partyBodies', 'members', 'guidanceOfficers'] as const) {
      expect(mine[key].totalCount, key).toBeGreaterThan(0);
      expect(mine[key].totalCount, key).toBeLessThan(all[key].totalCount);
    }
    expect(mine.partyBodies.nodes.every((b) => in150302(b.divisionCode) || b.covers.some((o) => in150302(o.divisionCode)))).toBe(true);
    expect(mine.members.nodes.every((m) => in150302(m.employer?.divisionCode) || in150302(m.body?.divisionCode))).toBe(true);
    // An officer's assignments elsewhere are not shown to this client.
    expect(mine.guidanceOfficers.nodes.every((g) => g.assignments.every((a) => in150302(a.organization?.divisionCode)))).toBe(true);
    expect(mine.pocketMembers.nodes.every((m) => in150302(m.employer?.divisionCode))).toBe(true);
    const expectedMembers = await countOf(
      hub,
      `select count(*)::int as n from members m where exists (select 1 from organizations o where o.id = m.employer_id and o.division_code like '150302%')
         or exists (select 1 from party_bodies b where b.id = m.body_id and (b.division_code like '150302%' or exists (
           select 1 from party_body_coverage c join organizations o on o.id = c.organization_id where c.body_id = b.id and o.division_code like '150302%')))`,
    );
    expect(mine.members.totalCount).toBe(expectedMembers);
  });

  it('a lookup outside the scope answers exactly as one of nothing: NOT_FOUND', async () => {
    const [other] = await hub.db.query<{ id: number; uscc: string }>(
      `select id, uscc from organizations where division_code like '150303%' and uscc is not null order by id limit 1`,
    );
    const unknown = await gql(server.url, `{ organization(id: "987654321") { id } }`, undefined, as('haibowan'));
    const hidden = await gql(server.url, `{ organization(id: "${other!.id}") { id } }`, undefined, as('haibowan'));
    expect(hidden.errors?.[0]?.extensions).toEqual(unknown.errors?.[0]?.extensions);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message).toBe(`id: organization ${other!.id} not found`);
    const byUscc = await gql(server.url, `{ organization(uscc: "${other!.uscc}") { id } }`, undefined, as('haibowan'));
    expect(byUscc.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const seen = await gql(server.url, `{ organization(uscc: "${other!.uscc}") { id } }`, undefined, as('admin'));
    expect(seen.errors).toBeUndefined();
    const [body] = await hub.db.query<{ id: number }>(`select id from party_bodies where division_code like '150304%' order by id limit 1`);
    const b = await gql(server.url, `{ partyBody(id: "${body!.id}") { id } }`, undefined, as('haibowan'));
    expect(b.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('a DEPARTMENT changes only its own organizations; ANALYST and PARTNER change nothing', async () => {
    const [mine, theirs] = [await firstIn('150302'), await firstIn('150303')];
    const record = `mutation($o: ID!) { recordLifecycleEvent(input: { organizationId: $o, kind: TRAINING, occurredOn: "2026-10-01" }) { id } }`;
    const denied = await gql(server.url, record, { o: String(theirs!.id) }, as('haibowan'));
    expect(denied.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.organizationId' });
    const done = await gql(server.url, record, { o: String(mine!.id) }, as('haibowan'));
    expect(done.errors).toBeUndefined();
    const body = `mutation($o: [ID!]) { createPartyBody(input: { bodyCode: "ACL0001", name: "中共测试支部委员会", kind: BRANCH, coveredOrganizationIds: $o }) { id } }`;
    const elsewhere = await gql(server.url, body, { o: [String(theirs!.id)] }, as('haibowan'));
    expect(elsewhere.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.coveredOrganizationIds[0]' });
    expect(await countOf(hub, `select count(*)::int as n from party_bodies where body_code = 'ACL0001'`)).toBe(0);
    for (const who of ['analyst', 'partner']) {
      const r = await gql(server.url, record, { o: String(mine!.id) }, as(who));
      expect(r.errors?.[0]?.extensions, who).toMatchObject({ code: 'FORBIDDEN', permission: 'org:write' });
    }
    const ops = await gql(server.url, `mutation { runConnector(id: "tax") { mode } }`, undefined, as('haibowan'));
    expect(ops.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("a body seen only because it covers one of the client's organizations is readable, not changeable; its other units stay", async () => {
    const [mine, theirs] = [await firstIn('150302'), await firstIn('150303')];
    const made = await gqlData<{ createPartyBody: { id: string } }>(
      server.url,
      `mutation($o: [ID!]) { createPartyBody(input: { bodyCode: "ACLJOINT", name: "中共跨区联合支部委员会", kind: JOINT_BRANCH,
         divisionCode: "150303", coveredOrganizationIds: $o }) { id } }`,
      { o: [String(mine!.id), String(theirs!.id)] },
      as('admin'),
    );
    const id = made.createPartyBody.id;
    const seen = await gqlData<{ partyBody: { covers: { id: string }[] } }>(
      server.url,
      `{ partyBody(id: "${id}") { covers { id } } }`,
      undefined,
      as('haibowan'),
    );
    expect(seen.partyBody.covers.map((o) => o.id)).toEqual([String(mine!.id)]);
    for (const input of [
      { id, dissolvedOn: '2026-10-01' },
      { id, coveredOrganizationIds: [String(mine!.id)] },
    ]) {
      const r = await gql(
        server.url,
        `mutation($i: UpdatePartyBodyInput!) { updatePartyBody(input: $i) { id } }`,
        { i: input },
        as('haibowan'),
      );
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', field: 'input.id' });
    }
    expect(await countOf(hub, `select count(*)::int as n from party_body_coverage where body_id = $1`, [Number(id)])).toBe(2);
    const own = await clientKey(hub.db, { name: '海南区委组织部', role: 'DEPARTMENT', divisions: ['150303'] });
    // Its owner replaces what it can see; the unit in the other county stays covered.
    const r = await gql(
      server.url,
      `mutation($i: UpdatePartyBodyInput!) { updatePartyBody(input: $i) { id } }`,
      { i: { id, kind: 'BRANCH', coveredOrganizationIds: [String(theirs!.id)] } },
      bearer(own),
    );
    expect(r.errors).toBeUndefined();
    expect(await countOf(hub, `select count(*)::int as n from party_body_coverage where body_id = $1`, [Number(id)])).toBe(2);
  });

  it('a cursor beyond the feed is refused rather than skipping what comes first', async () => {
    const far = Buffer.from('k:999999999').toString('base64url');
    const r = await gql(server.url, `query($a: String) { changes(after: $a) { nodes { id } } }`, { a: far }, as('admin'));
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('unscoped permissions cannot be given to a scoped client', async () => {
    await expect(clientKey(hub.db, { name: 'x', role: 'DEPARTMENT', divisions: ['150302'], permissions: ['ops:read'] })).rejects.toThrow(
      /ops:read/,
    );
    await expect(clientKey(hub.db, { name: 'x', role: 'PARTNER', divisions: ['150302'], permissions: ['audit:read'] })).rejects.toThrow(
      /audit:read/,
    );
  });

  it('a PARTNER reads the feed only: other queries are FORBIDDEN, and its queries are held to tighter limits', async () => {
    const r = await gql(server.url, `{ organizations(first: 1) { totalCount } }`, undefined, as('partner'));
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', permission: 'org:read' });
    expect((await gql(server.url, `{ quarantine { totalCount } }`, undefined, as('haibowan'))).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
    const deep = `{ changes(first: 1) { nodes { organization { division { parent { parent { parent { parent { name } } } } } } } } }`;
    const tooDeep = await gql(server.url, deep, undefined, as('partner'));
    expect(tooDeep.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
    expect((await gql(server.url, deep, undefined, as('admin'))).errors).toBeUndefined();
  });

  it('exports carry only the scope; a signed link works without a key, a tampered or expired one does not', async () => {
    const csv = async (headers: Record<string, string>, q = '') => {
      const res = await fetch(new URL(`/ledgers/enterprises.csv${q}`, server.url), { headers });
      expect(res.status).toBe(200);
      return (await res.text()).trim().split(/\r\n/).slice(1);
    };
    const mine = await csv(as('haibowan'));
    const theirs = await csv(as('admin'), '?division=150302');
    expect(mine.length).toBeGreaterThan(0);
    expect(mine).toEqual(theirs);
    const link = await gqlData<{ ledgerDownload: { url: string } }>(
      server.url,
      `{ ledgerDownload(kind: ENTERPRISES, format: CSV) { url } }`,
      undefined,
      as('haibowan'),
    );
    expect(await csv({}, link.ledgerDownload.url.replace('/ledgers/enterprises.csv', ''))).toEqual(mine);
    const tampered = link.ledgerDownload.url.replace(/token=([^.]+)/, (_, body: string) => `token=${body}x`);
    expect((await fetch(new URL(tampered, server.url))).status).toBe(401);
    const otherFile = link.ledgerDownload.url.replace('enterprises.csv', 'social-organizations.csv');
    expect((await fetch(new URL(otherFile, server.url))).status).toBe(401);
    const [client] = await hub.db.query<{ id: number }>(`select id from api_clients where name = '海勃湾区委组织部'`);
    const expired = signDownload(hub.pii, { clientId: client!.id, resource: '/ledgers/enterprises.csv', expiresAt: Date.now() - 1 });
    expect((await fetch(new URL(`/ledgers/enterprises.csv?token=${expired}`, server.url))).status).toBe(401);
  });

  it('the change feed and subscriptions give each client only its scope', async () => {
    const head = await gqlData<{ changes: { resumeCursor: string } }>(
      server.url,
      `{ changes(filter: { fields: ["none"] }) { resumeCursor } }`,
    );
    const sub = `subscription($after: String) { changes(after: $after) { cursor divisionCode entityId } }`;
    const partner = new FeedConsumer(() => server.url, sub, {}, head.changes.resumeCursor, 'changes', as('partner'));
    const admin = new FeedConsumer(() => server.url, sub, {}, head.changes.resumeCursor, 'changes', as('admin'));
    consumers.push(partner.start(), admin.start());
    for (const [i, division] of ['150302001001', '150303001001', '150304001001', '150303002002'].entries())
      await hub.db.transaction((tx) =>
        writeChangeEvents(tx, [
          {
            entityType: 'organization',
            entityId: 800_000 + i,
            kind: 'UPDATED',
            changes: { x: { old: 0, new: i } },
            divisionCode: division,
            orgKind: 'ENTERPRISE',
            cause: 'acl',
          },
        ]),
      );
    await admin.waitFor(4);
    await partner.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(partner.events.map((e) => e.divisionCode)).toEqual(['150303001001', '150303002002']);
    const page = await gqlData<{ changes: { nodes: { divisionCode: string }[] } }>(
      server.url,
      `query($a: String) { changes(after: $a) { nodes { divisionCode } } }`,
      { a: head.changes.resumeCursor },
      as('partner'),
    );
    expect(page.changes.nodes.map((n) => n.divisionCode)).toEqual(['150303001001', '150303002002']);
    // A subscription to an organization the client may not see is NOT_FOUND, as a lookup is.
    const [other] = await hub.db.query<{ uscc: string }>(
      `select uscc from organizations where division_code like '150302%' and uscc is not null limit 1`,
    );
    const hidden = new FeedConsumer(
      () => server.url,
      `subscription { organizationChanged(uscc: "${other!.uscc}") { id } }`,
      {},
      null,
      'organizationChanged',
      as('partner'),
    );
    consumers.push(hidden.start());
    await expect(hidden.waitFor(1, 5_000)).rejects.toThrow(/NOT_FOUND/);
  });

  /** A connected graphql-ws client (not lazy) and the close code the server ends it with. */
  const socketWith = (connectionParams: Record<string, string>) => {
    let closedWith: number | undefined;
    const client = createClient({
      url: server.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      connectionParams,
      on: { closed: (e) => (closedWith = (e as { code: number }).code) },
    });
    const closed = async () => {
      const end = Date.now() + 5_000;
      while (closedWith === undefined && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
      return closedWith;
    };
    return { client, closed, closedYet: () => closedWith };
  };

  it('an open websocket whose key is revoked is closed with 4401', async () => {
    const key = await clientKey(hub.db, { name: 'revoked while connected', role: 'ANALYST' });
    const socket = socketWith(bearer(key));
    socket.client.subscribe({ query: `subscription { changes { id } }` }, { next: () => {}, error: () => {}, complete: () => {} });
    await new Promise((r) => setTimeout(r, 300));
    expect(socket.closedYet()).toBeUndefined();
    await revokeClient(hub.db, { prefix: key.slice(4, 12) });
    expect(await socket.closed()).toBe(4401);
    await socket.client.dispose();
  });

  it('a websocket without a key is closed with 4401', async () => {
    const socket = socketWith({});
    expect(await socket.closed()).toBe(4401);
    await socket.client.dispose();
  });

  it('personal data: masked without pii:read, in clear with it, and every clear read is in the audit log', async () => {
    const q = `{ members(first: 5) { nodes { id idNumber idNumberMasked } } guidanceOfficers(first: 5) { nodes { id phone phoneMasked } } }`;
    type R = {
      members: { nodes: { id: string; idNumber: string; idNumberMasked: string }[] };
      guidanceOfficers: { nodes: { id: string; phone: string | null; phoneMasked: string | null }[] };
    };
    const before = await countOf(hub, `select count(*)::int as n from audit_log where action = 'pii:read'`);
    const masked = await gqlData<R>(server.url, q, undefined, as('haibowan'));
    expect(masked.members.nodes.every((m) => m.idNumber === m.idNumberMasked && m.idNumber.includes('*'))).toBe(true);
    expect(await countOf(hub, `select count(*)::int as n from audit_log where action = 'pii:read'`)).toBe(before);
    const clear = await gqlData<R>(server.url, q, undefined, as('piiDept'));
    expect(clear.members.nodes.every((m) => /^\d{17}[\dX]$/.test(m.idNumber))).toBe(true);
    const log = await hub.db.query<{ actor: string; entity_type: string; entity_id: number; fields: string[] }>(
      `select actor, entity_type, entity_id, fields from audit_log where action = 'pii:read' order by id offset $1`,
      [before],
    );
    const officers = clear.guidanceOfficers.nodes.filter((g) => g.phone !== null);
    expect(log).toHaveLength(clear.members.nodes.length + officers.length);
    expect(log.every((l) => l.actor === '海勃湾区 with pii')).toBe(true);
    expect(
      log
        .filter((l) => l.entity_type === 'member')
        .map((l) => String(l.entity_id))
        .sort(),
    ).toEqual(clear.members.nodes.map((m) => m.id).sort());
    expect(log.find((l) => l.entity_type === 'member')?.fields).toEqual(['idNumber']);
    const audit = await gqlData<{ auditLog: { totalCount: number; nodes: { action: string; actor: string }[] } }>(
      server.url,
      `{ auditLog(filter: { action: "pii:read" }, first: 100) { totalCount nodes { action actor } } }`,
      undefined,
      as('admin'),
    );
    expect(audit.auditLog.totalCount).toBe(before + log.length);
    const refused = await gql(server.url, `{ auditLog { totalCount } }`, undefined, as('piiDept'));
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('every mutation is in the audit log with who, which arguments and how it went; secrets are withheld', async () => {
    const mine = await firstIn('150302');
    await gql(
      server.url,
      `mutation($o: ID!) { setZone(organizationId: $o, zoneId: null) { id } }`,
      { o: String(mine!.id) },
      as('haibowan'),
    );
    await gql(server.url, `mutation { setZone(organizationId: "987654321", zoneId: null) { id } }`, undefined, as('haibowan'));
    await gql(
      server.url,
      `mutation { registerWebhook(input: { name: "x", url: "https://hooks.example.com/x", secret: "a-secret-that-is-long-enough" }) { webhook { id } } }`,
      undefined,
      as('haibowan'),
    );
    const rows = await hub.db.query<{
      actor: string;
      action: string;
      entity_id: number | null;
      fields: string[];
      detail: Record<string, unknown>;
    }>(`select actor, action, entity_id, fields, detail from audit_log where action like 'mutation:%' order by id desc limit 3`);
    const [hook, refused, done] = rows;
    expect(done).toMatchObject({
      actor: '海勃湾区委组织部',
      action: 'mutation:setZone',
      entity_id: mine!.id,
      fields: ['organizationId', 'zoneId'],
    });
    expect(done!.detail).toMatchObject({ organizationId: String(mine!.id), zoneId: null, outcome: 'done' });
    expect(refused!.detail).toMatchObject({ outcome: 'refused: NOT_FOUND' });
    expect(hook!.action).toBe('mutation:registerWebhook');
    expect(JSON.stringify(hook)).not.toContain('a-secret-that-is-long-enough');
    expect(hook!.detail).toMatchObject({ input: { secret: '[withheld]' } });
  });

  it('webhooks: a client sees and manages only its own; private addresses are refused', async () => {
    const register = (who: string, url: string) =>
      gql<{ registerWebhook: { webhook: { id: string } } }>(
        server.url,
        `mutation($u: String!) { registerWebhook(input: { name: "w", url: $u, secret: "another-secret-long-enough" }) { webhook { id } } }`,
        { u: url },
        as(who),
      );
    const mine = await register('partner', 'https://93.184.216.34/hook');
    expect(mine.errors).toBeUndefined();
    const id = mine.data!.registerWebhook.webhook.id;
    const list = async (who: string) =>
      (await gqlData<{ webhooks: { id: string }[] }>(server.url, `{ webhooks { id } }`, undefined, as(who))).webhooks.map((w) => w.id);
    expect(await list('partner')).toEqual([id]);
    expect(await list('haibowan')).not.toContain(id);
    expect(await list('admin')).toContain(id);
    const foreign = await gql(server.url, `mutation($id: ID!) { deleteWebhook(id: $id) }`, { id }, as('haibowan'));
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    for (const url of ['http://127.0.0.1:8080/x', 'http://10.0.0.8/x', 'http://169.254.169.254/latest/meta-data', 'http://localhost/x']) {
      const r = await register('partner', url);
      expect(r.errors?.[0]?.extensions, url).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.url' });
    }
  });
});
