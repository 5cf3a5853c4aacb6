import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { startTestApi } from '../helpers/api.js';
import { getConnector } from '../../src/ingest/registry.js';
import { runConnector } from '../../src/ingest/pipeline.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { gql } from '../helpers/graphql.js';
import { CONTRACT_SAMPLES } from '../helpers/samples.js';

const SAMPLES = CONTRACT_SAMPLES;

interface Value {
  value: string;
  source: string;
  period: string | null;
  chosen: boolean;
  why: string | null;
}

describe.each(testEngines())('Organization.provenance over HTTP on %s', (engine) => {
  let hub: TestHub;
  let server: ApiServer;
  beforeAll(async () => {
    hub = await createTestHub(engine);
    for (const id of ['business-registration', 'tax']) await runConnector(hub, await getConnector(id), { inboxRoot: SAMPLES });
    server = await startTestApi(hub, { port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
  });

  it('shows every value of a property with its source and period, and which one was chosen and why', async () => {
    // 泰骏贸易: business address from its annual report (2023) and from the tax register (monthly).
    const r = await gql<{ organization: { businessAddress: string; provenance: Value[] } }>(
      server.url,
      `{ organization(uscc: "911503021409864309") { businessAddress provenance(property: "business_address") { value source period chosen why firstSeen lastSeen } } }`,
    );
    expect(r.errors).toBeUndefined();
    const values = r.data!.organization.provenance;
    expect(new Set(values.map((v) => v.source))).toEqual(new Set(['business-registration', 'tax']));
    const chosen = values.filter((v) => v.chosen);
    expect(chosen).toHaveLength(1);
    expect(chosen[0]!.source).toBe('business-registration');
    expect(chosen[0]!.value).toBe(r.data!.organization.businessAddress);
    expect(values.filter((v) => !v.chosen).every((v) => v.why === null)).toBe(true);
    expect(values.map((v) => v.period)).toEqual([...values.map((v) => v.period)].sort().reverse());
  });

  it('lists monthly measures too, with nothing chosen', async () => {
    const r = await gql<{ organization: { provenance: Value[] } }>(
      server.url,
      `{ organization(uscc: "911503021409864309") { provenance(property: "tax_state") { value source period chosen } } }`,
    );
    const values = r.data!.organization.provenance;
    expect(values.length).toBeGreaterThan(1);
    expect(values.every((v) => v.source === 'tax' && /^\d{4}-\d{2}$/.test(v.period!) && !v.chosen)).toBe(true);
  });

  it('rejects a malformed property name', async () => {
    const r = await gql(
      server.url,
      `{ organization(uscc: "911503021409864309") { provenance(property: "name; drop table x") { value } } }`,
    );
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('batches provenance and sources for a whole page into a bounded number of statements', async () => {
    const count = async (first: number) => {
      const before = hub.db.statementCount();
      const r = await gql(
        server.url,
        `{ organizations(first: ${first}) { nodes { name sources { connector } provenance(property: "name") { value } } } }`,
      );
      expect(r.errors).toBeUndefined();
      return hub.db.statementCount() - before;
    };
    const small = await count(2);
    const large = await count(40);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(4);
  });
});
