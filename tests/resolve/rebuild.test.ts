import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourcePriorityFromEnv } from '../../src/config/survivorship.js';
import { getConnector } from '../../src/ingest/registry.js';
import { runConnector } from '../../src/ingest/pipeline.js';
import { rebuildAll } from '../../src/resolve/rebuild.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { CONTRACT_SAMPLES } from '../helpers/samples.js';

const SAMPLES = CONTRACT_SAMPLES;

describe.each(testEngines())('hub rebuild on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(engine);
    for (const id of ['business-registration', 'civil-affairs', 'tax'])
      await runConnector(hub, await getConnector(id), { inboxRoot: SAMPLES });
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  const snapshot = () =>
    hub.db.query(
      `select id, uscc, name, normalized_name, kind, registration_status, division_code, business_address, supervising_department_code
       from organizations order by id`,
    );
  const events = async () => (await hub.db.query<{ n: number }>(`select count(*)::int as n from change_events`))[0]!.n;

  it('yields the same organizations, with the same ids, and writes no event', async () => {
    const before = await snapshot();
    const eventsBefore = await events();
    const r = await rebuildAll(hub.db, hub);
    expect(r.projected).toBe(before.length);
    expect(r.updated).toBe(0);
    expect(await snapshot()).toEqual(before);
    expect(await events()).toBe(eventsBefore);
  });

  it('applies changed source priorities to every organization', async () => {
    const taxFirst = sourcePriorityFromEnv(JSON.stringify({ name: ['tax', 'business-registration', 'civil-affairs'] }));
    const r = await rebuildAll(hub.db, { ...hub, priorities: taxFirst }, 'rebuild:test');
    expect(r.updated).toBeGreaterThan(0);
    // Every organization the tax register names now shows the tax register's spelling.
    const mismatched = await hub.db.query(
      `select o.id from organizations o
       where exists (select 1 from statements s where s.entity_id = o.id and s.source = 'tax' and s.property = 'name')
         and not exists (select 1 from statements s where s.entity_id = o.id and s.source = 'tax' and s.property = 'name' and s.value = o.name)`,
    );
    expect(mismatched).toEqual([]);
    const [e] = await hub.db.query<{ n: number }>(`select count(*)::int as n from change_events where cause = 'rebuild:test'`);
    expect(e!.n).toBe(r.updated);
  });
});
