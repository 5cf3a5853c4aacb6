import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeChangeEvents, type ChangeEventInput, type FieldChanges } from '../../src/feed/outbox.js';
import { readChanges } from '../../src/feed/read.js';
import { feedHead, sequenceChanges } from '../../src/feed/sequencer.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { countOf, loadPartySamples } from '../helpers/party-samples.js';
import { readSampleText } from '../helpers/samples.js';

const event = (entityId: number, over: Partial<ChangeEventInput> = {}): ChangeEventInput => ({
  entityType: 'organization',
  entityId,
  kind: 'UPDATED',
  changes: { registration_status: { old: '存续', new: '注销' } },
  divisionCode: '150302003014',
  orgKind: 'ENTERPRISE',
  cause: 'test',
  ...over,
});

describe.each(testEngines())('change outbox on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(engine);
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  it('writes camelCase field names, names the organization, and drops the projection’s search keys', async () => {
    await hub.db.transaction((tx) =>
      writeChangeEvents(tx, [
        event(7, { changes: { registration_status: { old: 'a', new: 'b' }, normalized_name: { old: 'x', new: 'y' } } }),
        // Only a search key changed: not an event at all.
        event(8, { changes: { core_name: { old: 'x', new: 'y' } } }),
      ]),
    );
    const head = await sequenceChanges(hub.db);
    const rows = await readChanges(hub.db, { after: 0, upTo: head, selection: {}, limit: 10 });
    expect(rows.map((r) => [r.entityId, r.organizationId, r.changes])).toEqual([[7, 7, { registrationStatus: { old: 'a', new: 'b' } }]]);
  });

  it('refuses personal data in an event: a writer that tries is a bug', async () => {
    const personal: FieldChanges[] = [
      { idNumber: { old: null, new: 'x' } },
      { phone: { old: null, new: 'x' } },
      { name: { old: null, new: 'x' } },
    ];
    for (const changes of personal) {
      await expect(hub.db.transaction((tx) => writeChangeEvents(tx, [event(1, { entityType: 'member', changes })]))).rejects.toThrow(
        /personal data/,
      );
    }
    // An organization's name is no person's.
    await hub.db.transaction((tx) => writeChangeEvents(tx, [event(9, { changes: { name: { old: 'a', new: 'b' } } })]));
  });

  it('numbers committed events once, in order, in chunks, and numbering again changes nothing', async () => {
    const before = await sequenceChanges(hub.db);
    // More than one sequencer chunk (20,000), written in one statement.
    await hub.db.query(
      `insert into change_events (entity_type, entity_id, kind, changes, cause)
       select 'organization', g, 'UPDATED', '{"x":{"old":1,"new":2}}', 'bulk' from generate_series(1, 20500) g`,
    );
    const head = await sequenceChanges(hub.db);
    expect(head - before).toBe(20_500);
    const [check] = await hub.db.query<{ n: number; gaps: number; ordered: boolean }>(
      `select count(*)::int as n, (max(position) - min(position) + 1 - count(*))::int as gaps,
              bool_and(position - $1 = entity_id) as ordered
       from change_events where cause = 'bulk'`,
      [before],
    );
    expect(check).toEqual({ n: 20_500, gaps: 0, ordered: true });
    expect(await sequenceChanges(hub.db)).toBe(head);
    expect(await countOf(hub, `select count(*)::int as n from change_events where position is null`)).toBe(0);
  });

  it.runIf(engine === 'postgres')('numbers in commit order: an event committed late comes after those committed before it', async () => {
    const start = await sequenceChanges(hub.db);
    // A transaction writes first (lower seq) and commits last.
    let commitLate!: () => void;
    const late = new Promise<void>((resolve) => (commitLate = resolve));
    let written!: () => void;
    const wroteEarly = new Promise<void>((resolve) => (written = resolve));
    const slow = hub.db.transaction(async (tx) => {
      await writeChangeEvents(tx, [event(101, { cause: 'late' })]);
      written();
      await late;
    });
    await wroteEarly;
    await hub.db.transaction((tx) => writeChangeEvents(tx, [event(102, { cause: 'early' })]));
    const mid = await sequenceChanges(hub.db);
    const seen = await readChanges(hub.db, { after: start, upTo: mid, selection: {}, limit: 10 });
    expect(seen.map((r) => r.cause)).toEqual(['early']);
    commitLate();
    await slow;
    const end = await sequenceChanges(hub.db);
    // A reader resuming after what it saw still gets the late one: nothing is skipped.
    const rest = await readChanges(hub.db, { after: mid, upTo: end, selection: {}, limit: 10 });
    expect(rest.map((r) => r.cause)).toEqual(['late']);
    const [seqs] = await hub.db.query<{ late: number; early: number }>(
      `select max(seq) filter (where cause = 'late') as late, max(seq) filter (where cause = 'early') as early from change_events`,
    );
    expect(seqs!.late).toBeLessThan(seqs!.early);
  });

  it('keeps numbers unique under sequencers running side by side', async () => {
    await hub.db.query(
      `insert into change_events (entity_type, entity_id, kind, changes, cause)
       select 'organization', g, 'UPDATED', '{}', 'race' from generate_series(1, 3000) g`,
    );
    await Promise.all([sequenceChanges(hub.db), sequenceChanges(hub.db), sequenceChanges(hub.db)]);
    const [r] = await hub.db.query<{ n: number; distinct: number; head: number; total: number }>(
      `select count(*)::int as n, count(distinct position)::int as distinct, max(position)::int as head, (select count(*)::int from change_events) as total
       from change_events where position is not null`,
    );
    expect(r!.n).toBe(r!.total);
    expect(r!.distinct).toBe(r!.n);
    expect(await feedHead(hub.db)).toBe(r!.head);
  });
});

describe.each(testEngines())('Party relations in the outbox on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(engine);
    await loadPartySamples(hub);
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  const events = (type: string) =>
    hub.db.query<{ kind: string; changes: Record<string, { old: unknown; new: unknown }>; organization_id: number | null; cause: string }>(
      `select kind, changes, organization_id, cause from change_events where entity_type = $1 order by seq`,
      [type],
    );

  it('writes an event for every Party body, membership and guidance assignment a run creates', async () => {
    const bodies = await countOf(hub, `select count(*)::int as n from party_bodies`);
    const members = await countOf(hub, `select count(*)::int as n from members`);
    const assignments = await countOf(hub, `select count(*)::int as n from guidance_assignments`);
    expect(bodies * members * assignments).toBeGreaterThan(0);
    const created = async (type: string) => (await events(type)).filter((e) => e.kind === 'CREATED').length;
    expect([await created('partyBody'), await created('member'), await created('assignment')]).toEqual([bodies, members, assignments]);
    const [body] = (await events('partyBody')).filter((e) => e.kind === 'CREATED');
    expect(Object.keys(body!.changes)).toEqual(expect.arrayContaining(['bodyCode', 'name', 'kind', 'coveredUnits']));
    expect(body!.cause).toMatch(/^run:\d+$/);
    const employed = (await events('member')).find((e) => e.organization_id !== null);
    expect(employed?.changes.employerId?.new).toBe(employed?.organization_id);
    // Parents are linked once every body of the file is in: each link is an event of its own.
    const children = await countOf(hub, `select count(*)::int as n from party_bodies where parent_id is not null`);
    const linked = (await events('partyBody')).filter((e) => e.kind === 'UPDATED' && e.changes.parentId?.new != null);
    expect(children).toBeGreaterThan(0);
    expect(linked.length).toBe(children);
  });

  it('carries no personal data: no ID number, phone number or member name of the samples appears in any event', async () => {
    const all = JSON.stringify(await hub.db.query(`select * from change_events`));
    const cells = (text: string, column: number) =>
      text
        .split(/\r?\n/)
        .slice(1)
        .map((line) => line.split(',')[column]?.trim() ?? '')
        .filter(Boolean);
    const members = await readSampleText('party-organization/party_members_a.csv');
    const ids = cells(members, 1).filter((c) => /^\d{17}[\dXx]$/.test(c));
    const names = cells(members, 0).filter((n) => /^[\u4e00-\u9fa5]{2,3}$/.test(n));
    const phones = [...(await readSampleText('guidance/guidance_officers_2025.csv')).matchAll(/\b1[3-9]\d{9}\b/g)].map((m) => m[0]);
    expect([ids.length > 5, names.length > 5, phones.length > 2]).toEqual([true, true, true]);
    const leaked = [...ids, ...ids.map((i) => i.toUpperCase()), ...phones].filter((secret) => all.includes(secret));
    expect(leaked).toEqual([]);
    // Names are checked where a person's could come from: a two-character name can be part of a company's.
    const relations = JSON.stringify(await hub.db.query(`select * from change_events where entity_type <> 'organization'`));
    expect(names.filter((n) => relations.includes(n))).toEqual([]);
  });

  it('writes nothing when the same files come again', async () => {
    const before = await countOf(hub, `select count(*)::int as n from change_events`);
    await hub.db.query(`delete from processed_files`);
    await loadPartySamples(hub);
    expect(await countOf(hub, `select count(*)::int as n from change_events`)).toBe(before);
  });
});
