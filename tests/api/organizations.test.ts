import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { authHeaders, startTestApi } from '../helpers/api.js';
import { getConnector } from '../../src/ingest/registry.js';
import { runConnector } from '../../src/ingest/pipeline.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';
import { gql } from '../helpers/graphql.js';
import { CONTRACT_SAMPLES } from '../helpers/samples.js';

const SAMPLES = CONTRACT_SAMPLES;

interface OrgPage {
  organizations: {
    totalCount: number;
    nodes: { id: string; uscc: string | null; name: string }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

describe.each(testEngines())('organizations API over HTTP on %s', (engine) => {
  let hub: TestHub;
  let server: ApiServer;
  beforeAll(async () => {
    hub = await createTestHub(engine);
    await runConnector(hub, await getConnector('business-registration'), { inboxRoot: SAMPLES });
    server = await startTestApi(hub, { port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
  });

  it('finds an organization by a USCC written in lower case, full width or with spaces', async () => {
    const q = `query($u: String) { organization(uscc: $u) { uscc name kind registrationStatus divisionCode countyCode sources { connector sourceKey method } } }`;
    for (const variant of [
      '91150300680371840R',
      '91150300680371840r',
      '９１１５０３００６８０３７１８４０Ｒ',
      ' 9115 0300 6803 7184 0R ',
    ]) {
      const r = await gql<{ organization: Record<string, unknown> }>(server.url, q, { u: variant });
      expect(r.errors).toBeUndefined();
      expect(r.data?.organization).toEqual({
        uscc: '91150300680371840R',
        name: '嘉远（乌海）生物科技有限公司',
        kind: 'ENTERPRISE',
        registrationStatus: 'ACTIVE',
        divisionCode: '150304000000',
        countyCode: '150304',
        sources: [{ connector: 'business-registration', sourceKey: 'uscc:91150300680371840R', method: 'NEW' }],
      });
    }
  });

  it('answers null for an unknown USCC and BAD_USER_INPUT for a malformed or masked one', async () => {
    const unknown = await gql(server.url, `{ organization(uscc: "91350100M000100Y43") { id } }`);
    expect(unknown.data).toEqual({ organization: null });
    for (const bad of ['12345', '911503******92690J']) {
      const r = await gql(server.url, `query($u: String) { organization(uscc: $u) { id } }`, { u: bad });
      expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(r.errors?.[0]?.message).toMatch(/^uscc:/);
    }
  });

  it('pages through organizations with a stable totalCount and no overlap', async () => {
    const q = `query($after: String) { organizations(first: 7, after: $after) { totalCount nodes { id uscc name } pageInfo { hasNextPage endCursor } } }`;
    const [{ n }] = (await hub.db.query<{ n: number }>(`select count(*)::int as n from organizations where merged_into_id is null`)) as [
      { n: number },
    ];
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const r: Awaited<ReturnType<typeof gql<OrgPage>>> = await gql<OrgPage>(server.url, q, { after });
      expect(r.errors).toBeUndefined();
      const page: OrgPage['organizations'] = r.data!.organizations;
      expect(page.totalCount).toBe(n);
      seen.push(...page.nodes.map((o) => o.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(n);
    expect(new Set(seen).size).toBe(n);
  });

  it('filters by division subtree and kind', async () => {
    const r = await gql<OrgPage>(
      server.url,
      `{ organizations(first: 100, filter: { divisionCode: "150304", kind: ENTERPRISE }) { totalCount nodes { id uscc name } } }`,
    );
    const [{ n }] = (await hub.db.query<{ n: number }>(
      `select count(*)::int as n from organizations where division_code like '150304%' and kind = 'ENTERPRISE'`,
    )) as [{ n: number }];
    expect(n).toBeGreaterThan(0);
    expect(r.data?.organizations.totalCount).toBe(n);
  });

  it('rejects a forged cursor and an oversized page with BAD_USER_INPUT', async () => {
    const forged = await gql(server.url, `{ organizations(after: "bm90LWEtY3Vyc29y") { totalCount } }`);
    expect(forged.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const huge = await gql(server.url, `{ organizations(first: 100000) { totalCount } }`);
    expect(huge.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(huge.errors?.[0]?.message).toMatch(/first: must be at most/);
  });

  it('answers a malformed request with a GraphQL error, not a crash', async () => {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authHeaders(server.url) },
      body: '{"query": ',
    });
    expect(res.status).toBe(400);
    const syntax = await gql(server.url, '{ organizations( }');
    expect(syntax.status).toBe(400);
    expect(syntax.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });
});
