/**
 * The change feed over real HTTP and websockets: the `changes` query, and subscriptions that
 * replay from a cursor and go on live — across a dropped connection, an API instance
 * restarted mid-stream, and several instances on one database.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { startTestApi } from '../helpers/api.js';
import { writeChangeEvents, type ChangeEventInput } from '../../src/feed/outbox.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { FeedConsumer, type FeedEvent } from '../helpers/feed-consumer.js';
import { gql, gqlData, gqlRefusal } from '../helpers/graphql.js';
import { loadPartySamples, orgIdOf, PARTY_AS_OF } from '../helpers/party-samples.js';

const EVENT = 'id sequence cursor kind entityType entityId divisionCode organizationKind cause changes { field old new }';
const CHANGES = `subscription($after: String, $filter: ChangeFilter) { changes(after: $after, filter: $filter) { ${EVENT} } }`;
const PAGE = `query($after: String, $filter: ChangeFilter, $first: Int) {
  changes(after: $after, filter: $filter, first: $first) { totalCount resumeCursor nodes { ${EVENT} } pageInfo { hasNextPage endCursor } } }`;

/** Ledger organizations of the samples that no body covers yet (as in the Party mutation tests). */
const UNCOVERED = '91150302685981736Q';

let serial = 0;
/** Events written straight into the outbox, one transaction each, as the hub's writers do. */
async function emit(hub: TestHub, count: number, over: Partial<ChangeEventInput> = {}): Promise<void> {
  for (let i = 0; i < count; i++) {
    const n = ++serial;
    await hub.db.transaction((tx) =>
      writeChangeEvents(tx, [
        {
          entityType: 'organization',
          entityId: 900_000 + n,
          kind: 'UPDATED',
          changes: { registrationStatus: { old: 'ACTIVE', new: `S${n}` } },
          divisionCode: '150302003014',
          orgKind: 'ENTERPRISE',
          cause: 'test',
          ...over,
        },
      ]),
    );
  }
}

const marks = (events: FeedEvent[]) => events.map((e) => e.changes.find((c) => c.field === 'registrationStatus')?.new);
const strictlyIncreasing = (events: FeedEvent[]) => events.every((e, i) => i === 0 || e.sequence > events[i - 1]!.sequence);

describe.each(testEngines())('change feed over HTTP and websockets on %s', (engine) => {
  let hub: TestHub;
  let server: ApiServer;
  const consumers: FeedConsumer[] = [];
  const consumer = (url: () => string, query: string, variables: Record<string, unknown>, after: string | null, field?: string) => {
    const c = new FeedConsumer(url, query, variables, after, field);
    consumers.push(c);
    return c;
  };
  /** A cursor at the feed's current end: a page selecting nothing has read everything up to it. */
  const headCursor = async () =>
    (await gqlData<{ changes: { resumeCursor: string } }>(server.url, PAGE, { filter: { fields: ['noSuchField'] } })).changes.resumeCursor;

  beforeAll(async () => {
    hub = await createTestHub(engine, { HUB_AS_OF: PARTY_AS_OF, HUB_FEED_POLL_MS: '200' });
    await loadPartySamples(hub);
    server = await startTestApi(hub, { port: 0 });
  });
  afterAll(async () => {
    for (const c of consumers) await c.stop();
    await server?.close();
    await hub?.destroy();
  });

  it('pages through the events after a cursor, with a filter, and says where to resume', async () => {
    const start = await headCursor();
    await emit(hub, 3);
    await emit(hub, 2, { entityType: 'partyBody', divisionCode: '150303001000', orgKind: null, changes: { name: { old: 'a', new: 'b' } } });
    const first = await gqlData<{
      changes: { totalCount: number; resumeCursor: string; nodes: FeedEvent[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    }>(server.url, PAGE, { after: start, first: 2 });
    expect(first.changes.totalCount).toBe(5);
    expect(first.changes.nodes.map((e) => e.entityType)).toEqual(['ORGANIZATION', 'ORGANIZATION']);
    expect(first.changes.pageInfo.hasNextPage).toBe(true);
    expect(first.changes.resumeCursor).toBe(first.changes.pageInfo.endCursor);
    const rest = await gqlData<{ changes: { nodes: FeedEvent[]; pageInfo: { hasNextPage: boolean } } }>(server.url, PAGE, {
      after: first.changes.resumeCursor,
      first: 10,
    });
    expect(rest.changes.nodes.map((e) => e.entityType)).toEqual(['ORGANIZATION', 'PARTY_BODY', 'PARTY_BODY']);
    expect(rest.changes.pageInfo.hasNextPage).toBe(false);
    expect(strictlyIncreasing([...first.changes.nodes, ...rest.changes.nodes])).toBe(true);
    expect(first.changes.nodes[0]!.id).toBe(String(first.changes.nodes[0]!.sequence));

    const bodies = await gqlData<{ changes: { nodes: FeedEvent[]; resumeCursor: string } }>(server.url, PAGE, {
      after: start,
      filter: { entityTypes: ['PARTY_BODY'], divisionCode: '150303' },
    });
    expect(bodies.changes.nodes.map((e) => [e.entityType, e.divisionCode])).toEqual([
      ['PARTY_BODY', '150303001000'],
      ['PARTY_BODY', '150303001000'],
    ]);
    // Nothing selected after the last one: resuming from resumeCursor reads nothing again.
    const again = await gqlData<{ changes: { nodes: FeedEvent[] } }>(server.url, PAGE, {
      after: bodies.changes.resumeCursor,
      filter: { entityTypes: ['PARTY_BODY'] },
    });
    expect(again.changes.nodes).toEqual([]);
  });

  it('refuses a bad cursor, division, field name or page size, naming the argument', async () => {
    expect(await gqlRefusal(server.url, PAGE, { after: 'nope' })).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect(await gqlRefusal(server.url, PAGE, { filter: { divisionCode: '99x' } })).toMatchObject({ field: 'filter.divisionCode' });
    expect(await gqlRefusal(server.url, PAGE, { filter: { fields: ['ok', 'no such'] } })).toMatchObject({ field: 'filter.fields[1]' });
    expect(await gqlRefusal(server.url, PAGE, { first: 100_000 })).toMatchObject({ field: 'first' });
    const bad = await gql(server.url, PAGE, { filter: { kinds: ['EXPLODED'] } });
    expect(bad.status).toBe(400);
  });

  it('replays after a cursor, then streams live events in order', async () => {
    const start = await headCursor();
    await emit(hub, 3);
    const c = consumer(() => server.url, CHANGES, {}, start).start();
    await c.waitFor(3);
    await emit(hub, 4);
    await c.waitFor(7);
    expect(c.events).toHaveLength(7);
    expect(strictlyIncreasing(c.events)).toBe(true);
    await c.stop();
  });

  it('a subscriber that disconnects and resumes with its cursor gets exactly the missed events, once, in order', async () => {
    const start = await headCursor();
    const c = consumer(() => server.url, CHANGES, { filter: { entityTypes: ['ORGANIZATION'] } }, start).start();
    await emit(hub, 3);
    await c.waitFor(3);
    await c.drop();
    const missedFrom = serial + 1;
    await emit(hub, 5);
    await emit(hub, 2, { entityType: 'partyBody', orgKind: null, changes: { name: { old: 'x', new: 'y' } } });
    c.start();
    await c.waitFor(8);
    await new Promise((r) => setTimeout(r, 300));
    expect(c.events).toHaveLength(8);
    expect(marks(c.events.slice(3))).toEqual([0, 1, 2, 3, 4].map((i) => `S${missedFrom + i}`));
    expect(new Set(c.events.map((e) => e.id)).size).toBe(8);
    expect(strictlyIncreasing(c.events)).toBe(true);
    await c.stop();
  });

  it('an API instance restarted mid-stream loses nothing for a subscriber that resumes', async () => {
    const own = await startTestApi(hub, { port: 0 });
    const port = own.port;
    let current = own;
    const url = `http://127.0.0.1:${port}/graphql`;
    const start = await headCursor();
    const c = consumer(() => url, CHANGES, { filter: { fields: ['registrationStatus'] } }, start).start();
    const first = serial + 1;
    const producing = emit(hub, 60);
    await c.waitFor(10);
    await current.close();
    await new Promise((r) => setTimeout(r, 300));
    current = await startTestApi(hub, { port });
    await producing;
    await c.waitFor(60);
    await new Promise((r) => setTimeout(r, 300));
    expect(c.reconnects).toBeGreaterThan(0);
    expect(marks(c.events)).toEqual(Array.from({ length: 60 }, (_, i) => `S${first + i}`));
    await c.stop();
    await current.close();
  });

  it('several API instances: a change made through one reaches subscribers on every one', async () => {
    const other = await startTestApi(hub, { port: 0 });
    try {
      const start = await headCursor();
      const filter = { entityTypes: ['ORGANIZATION'], fields: ['supervisingDepartmentCode'] };
      const a = consumer(() => server.url, CHANGES, { filter }, start).start();
      const b = consumer(() => other.url, CHANGES, { filter }, start).start();
      const id = String(await orgIdOf(hub, UNCOVERED));
      await gqlData(
        other.url,
        `mutation($o: ID!) { setSupervisingDepartment(organizationId: $o, departmentCode: "CIVIL_AFFAIRS") { id } }`,
        {
          o: id,
        },
      );
      const [ea] = await a.waitFor(1);
      const [eb] = await b.waitFor(1);
      expect(ea).toEqual(eb);
      expect(ea).toMatchObject({ entityType: 'ORGANIZATION', entityId: id, cause: 'mutation:setSupervisingDepartment' });
      expect(ea!.changes.find((c) => c.field === 'supervisingDepartmentCode')).toMatchObject({ new: 'CIVIL_AFFAIRS' });
    } finally {
      await other.close();
    }
  });

  it('filters deliver only what they select; organizationChanged and coverageChanged follow one organization and one county', async () => {
    const start = await headCursor();
    const orgId = String(await orgIdOf(hub, UNCOVERED));
    const bodies = consumer(() => server.url, CHANGES, { filter: { entityTypes: ['PARTY_BODY'], divisionCode: '150302' } }, start).start();
    const covered = consumer(() => server.url, CHANGES, { filter: { kinds: ['UPDATED'], fields: ['coveredByBody'] } }, start).start();
    const elsewhere = consumer(() => server.url, CHANGES, { filter: { divisionCode: '150304' } }, start).start();
    const one = consumer(
      () => server.url,
      `subscription($after: String) { organizationChanged(uscc: "${UNCOVERED}", after: $after) { ${EVENT} organization { uscc coveredByBody } } }`,
      {},
      start,
      'organizationChanged',
    ).start();
    const before = await gqlData<{ coverage: { coveredByBody: number } }>(
      server.url,
      `{ coverage(divisionCode: "150302") { coveredByBody } }`,
    );
    const coverage = consumer(
      () => server.url,
      `subscription { coverageChanged(divisionCode: "150302") { cursor coverage { coveredByBody organizationalCoverageRate } previous { coveredByBody } } }`,
      {},
      null,
      'coverageChanged',
    ).start();
    // The coverage subscription compares with the figures when it starts: let it start first.
    await new Promise((r) => setTimeout(r, 500));
    await emit(hub, 2, { divisionCode: '150304000000' });
    await gqlData(server.url, `mutation($input: CreatePartyBodyInput!) { createPartyBody(input: $input) { id } }`, {
      input: { bodyCode: 'FEED0001', name: '中共利和医药有限公司支部委员会', kind: 'BRANCH', coveredOrganizationIds: [orgId] },
    });
    const [body] = await bodies.waitFor(1);
    expect(body).toMatchObject({ entityType: 'PARTY_BODY', kind: 'CREATED', cause: 'mutation:createPartyBody' });
    const [org] = await covered.waitFor(1);
    expect(org).toMatchObject({ entityType: 'ORGANIZATION', entityId: orgId });
    expect(org!.changes.find((c) => c.field === 'coveredByBody')).toEqual({ field: 'coveredByBody', old: false, new: true });
    await elsewhere.waitFor(2);
    const [mine] = await one.waitFor(1);
    expect(mine).toMatchObject({ entityId: orgId, organization: { uscc: UNCOVERED, coveredByBody: true } });
    const [moved] = await coverage.waitFor(1);
    expect(moved).toMatchObject({
      coverage: { coveredByBody: before.coverage.coveredByBody + 1 },
      previous: { coveredByBody: before.coverage.coveredByBody },
    });
    await new Promise((r) => setTimeout(r, 300));
    expect(bodies.events).toHaveLength(1);
    expect(covered.events).toHaveLength(1);
    expect(elsewhere.events.every((e) => String(e.divisionCode).startsWith('150304'))).toBe(true);
    expect(one.events.every((e) => e.entityId === orgId || e.organizationId === orgId)).toBe(true);
  });

  it('refuses a subscription with a bad argument with a clear error, and keeps the socket', async () => {
    const bad = consumer(
      () => server.url,
      `subscription { organizationChanged(uscc: "123") { id } }`,
      {},
      null,
      'organizationChanged',
    ).start();
    await expect(bad.waitFor(1, 5_000)).rejects.toThrow(/BAD_USER_INPUT|uscc/);
    const unknown = consumer(
      () => server.url,
      `subscription { organizationChanged(uscc: "91150302MA0000000X") { id } }`,
      {},
      null,
      'organizationChanged',
    ).start();
    await expect(unknown.waitFor(1, 5_000)).rejects.toThrow(/NOT_FOUND|not found|uscc/);
  });
});
