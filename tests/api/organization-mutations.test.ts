/* eslint-disable @typescript-eslint/no-explicit-any -- GraphQL responses here are checked by assertions, not by types */
/**
 * What officials change on an organization, over real HTTP: a supervising department, a zone,
 * a 六同步 event; and a connector run started through the API. Both engines.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { startTestApi } from '../helpers/api.js';
import { getConnector } from '../../src/ingest/registry.js';
import { runConnector } from '../../src/ingest/pipeline.js';
import { assignZones } from '../../src/ingest/write/zones.js';
import { projectOrganizations } from '../../src/resolve/project.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { gql } from '../helpers/graphql.js';
import { CONTRACT_SAMPLES } from '../helpers/samples.js';

describe.each(testEngines())('organization mutations on %s', (engine) => {
  let hub: TestHub;
  let api: ApiServer;
  let dir = '';
  let social: { id: string; supervisor: string | null };

  beforeAll(async () => {
    hub = await createTestHub(engine);
    for (const id of ['business-registration', 'civil-affairs'])
      await runConnector(hub, await getConnector(id), { inboxRoot: CONTRACT_SAMPLES });
    api = await startTestApi(hub, { port: 0, host: '127.0.0.1' });
    const [row] = await hub.db.query<{ id: number; code: string | null }>(
      `select id, supervising_department_code as code from organizations
       where kind = 'SOCIAL_ORGANIZATION' and supervising_department_code is not null order by id limit 1`,
    );
    social = { id: String(row!.id), supervisor: row!.code };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-mut-'));
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await hub?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const events = async (cause: string) =>
    hub.db.query<{ entity_id: number; changes: Record<string, { old: unknown; new: unknown }> }>(
      `select entity_id, changes from change_events where cause = $1 order by seq`,
      [cause],
    );

  it('sets a supervising department as a manual statement that outranks the registrar and survives a rebuild, and clears it', async () => {
    const [other] = await hub.db.query<{ code: string; name: string }>(
      `select code, name from departments where code <> $1 and 'supervisor' = any(roles) order by code limit 1`,
      [social.supervisor],
    );
    const set = `mutation($id: ID!, $d: String) { setSupervisingDepartment(organizationId: $id, departmentCode: $d) {
      id supervisingDepartment { code } provenance(property: "supervisor") { value source chosen why } } }`;
    const r = await gql<{ setSupervisingDepartment: Record<string, any> }>(api.url, set, { id: social.id, d: other!.code });
    expect(r.errors).toBeUndefined();
    const o = r.data!.setSupervisingDepartment;
    expect(o.supervisingDepartment).toEqual({ code: other!.code });
    const chosen = o.provenance.find((p: { chosen: boolean }) => p.chosen);
    expect(chosen).toMatchObject({ value: other!.name, source: 'manual' });
    expect(chosen.why).toMatch(/^source priority: manual before civil-affairs|^only value/);
    expect((await events('mutation:setSupervisingDepartment')).some((e) => e.entity_id === Number(social.id))).toBe(true);

    // A rebuild from the statements keeps the official's choice.
    await hub.db.transaction((tx) => projectOrganizations(tx, [Number(social.id)], hub.priorities, 'test'));
    const [after] = await hub.db.query<{ code: string }>(`select supervising_department_code as code from organizations where id = $1`, [
      Number(social.id),
    ]);
    expect(after!.code).toBe(other!.code);

    const cleared = await gql<{ setSupervisingDepartment: Record<string, any> }>(api.url, set, { id: social.id, d: null });
    expect(cleared.errors).toBeUndefined();
    expect(cleared.data!.setSupervisingDepartment.supervisingDepartment).toEqual(social.supervisor ? { code: social.supervisor } : null);
  });

  it('answers NOT_FOUND for an unknown organization and BAD_USER_INPUT naming the field', async () => {
    const set = `mutation($id: ID!, $d: String) { setSupervisingDepartment(organizationId: $id, departmentCode: $d) { id } }`;
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ id: '999999999', d: null }, 'NOT_FOUND', /organization 999999999 not found/],
      [{ id: 'abc', d: null }, 'BAD_USER_INPUT', /^organizationId:/],
      [{ id: social.id, d: 'NO_SUCH_DEPT' }, 'BAD_USER_INPUT', /^departmentCode: no department "NO_SUCH_DEPT"/],
    ];
    for (const [vars, code, message] of cases) {
      const r = await gql(api.url, set, vars);
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(vars)).toBe(code);
      expect(r.errors?.[0]?.message).toMatch(message);
    }
    const zone = await gql(api.url, `mutation { setZone(organizationId: "${social.id}", zoneId: "424242") { id } }`);
    expect(zone.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const event = await gql(api.url, `mutation($i: LifecycleEventInput!) { recordLifecycleEvent(input: $i) { id } }`, {
      i: { organizationId: social.id, kind: 'TRAINING', occurredOn: '2026-02-30' },
    });
    expect(event.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('places an organization in a zone against the address words, and out of every zone', async () => {
    const [org] = await hub.db.query<{ id: number; address: string }>(
      `select id, coalesce(business_address, registered_address) as address from organizations
       where kind = 'ENTERPRISE' and coalesce(business_address, registered_address) is not null order by id limit 1`,
    );
    const word = org!.address.slice(0, 5);
    const [byWord] = await hub.db.query<{ id: number }>(
      `insert into zones (kind, name, division_code, keywords, source) values ('BUSINESS_DISTRICT', '测试商圈', '150302000000', $1, 'test') returning id`,
      [[word]],
    );
    const [other] = await hub.db.query<{ id: number }>(
      `insert into zones (kind, name, division_code, source) values ('BUILDING', '测试大厦', '150302000000', 'test') returning id`,
    );
    await hub.db.transaction((tx) => assignZones(tx, 'zones:test'));
    // Placed by its address words: a change partners hear about, as a manual placement is.
    const placed = (await events('zones:test')).find((e) => e.entity_id === org!.id);
    expect(placed?.changes).toEqual({ zoneId: { old: null, new: byWord!.id } });
    const zoneOf = async () =>
      (await gql<{ organization: { zone: { id: string } | null } }>(api.url, `{ organization(id: "${org!.id}") { zone { id } } }`)).data!
        .organization.zone;
    expect(await zoneOf()).toEqual({ id: String(byWord!.id) });

    const moved = await gql<{ setZone: { zone: { id: string; name: string } } }>(
      api.url,
      `mutation { setZone(organizationId: "${org!.id}", zoneId: "${other!.id}") { zone { id name } } }`,
    );
    expect(moved.errors).toBeUndefined();
    expect(moved.data!.setZone.zone).toEqual({ id: String(other!.id), name: '测试大厦' });
    await hub.db.transaction((tx) => assignZones(tx));
    expect(await zoneOf()).toEqual({ id: String(other!.id) });

    const out = await gql(api.url, `mutation { setZone(organizationId: "${org!.id}", zoneId: null) { zone { id } } }`);
    expect(out.data).toEqual({ setZone: { zone: null } });
    await hub.db.transaction((tx) => assignZones(tx));
    expect(await zoneOf()).toBeNull();
    const [evt] = await events('mutation:setZone');
    expect(evt!.changes.zoneId).toEqual({ old: byWord!.id, new: other!.id });
  });

  it('records a 六同步 event once, shown on the timeline with its details', async () => {
    const input = { organizationId: social.id, kind: 'GRADE_EVALUATION', occurredOn: '2026-03-15', detail: { grade: '4A' } };
    const m = `mutation($i: LifecycleEventInput!) { recordLifecycleEvent(input: $i) { timeline { date kind source detail } } }`;
    await gql(api.url, m, { i: input });
    const r = await gql<{ recordLifecycleEvent: { timeline: { date: string; kind: string; source: string; detail: unknown }[] } }>(
      api.url,
      m,
      {
        i: input,
      },
    );
    expect(r.errors).toBeUndefined();
    const recorded = r.data!.recordLifecycleEvent.timeline.filter((t) => t.source === 'manual');
    expect(recorded).toEqual([{ date: '2026-03-15', kind: 'GRADE_EVALUATION', source: 'manual', detail: { grade: '4A' } }]);
  });

  it('starts a connector run through the API, once per connector at a time, and reports it', async () => {
    const inbox = path.join(dir, 'social-security');
    fs.mkdirSync(inbox, { recursive: true });
    for (const f of fs.readdirSync(path.join(CONTRACT_SAMPLES, 'social-security')))
      fs.copyFileSync(path.join(CONTRACT_SAMPLES, 'social-security', f), path.join(inbox, f));
    await hub.db.query(
      `insert into connector_state (connector, config) values ('social-security', $1::text::jsonb)
       on conflict (connector) do update set config = excluded.config`,
      [JSON.stringify({ inbox })],
    );
    const start = `mutation { runConnector(id: "social-security") { mode jobId run { id status trigger connector } } }`;
    type Started = { runConnector: { mode: string; jobId: string | null; run: Record<string, string> } };
    const [a, b] = await Promise.all([gql<Started>(api.url, start), gql<Started>(api.url, start)]);
    expect(a.errors).toBeUndefined();
    expect(a.data!.runConnector).toMatchObject({ mode: 'INLINE', jobId: null });
    expect(a.data!.runConnector.run).toMatchObject({ status: 'RUNNING', trigger: 'api', connector: 'social-security' });
    expect(b.data!.runConnector.run.id).toBe(a.data!.runConnector.run.id);
    let run: Record<string, unknown> = {};
    for (let i = 0; i < 200; i++) {
      run = (
        await gql<{ syncRun: Record<string, unknown> }>(
          api.url,
          `{ syncRun(id: "${a.data!.runConnector.run.id}") { status rowsRead rowsAccepted } }`,
        )
      ).data!.syncRun;
      if (run.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(run.status).toBe('SUCCEEDED');
    expect(run.rowsRead).toBeGreaterThan(0);
    const inline = await gql<{ queue: unknown }>(api.url, `{ queue { mode waiting failedJobs { id } } }`);
    expect(inline.data!.queue).toEqual({ mode: 'INLINE', waiting: null, failedJobs: [] });
    const bad = await gql(api.url, `mutation { runConnector(id: "nope") { mode } }`);
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.message).toMatch(/^id: no connector "nope"/);
  });
});
