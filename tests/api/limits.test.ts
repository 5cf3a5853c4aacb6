import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema, getIntrospectionQuery, parse, specifiedRules, validate } from 'graphql';
import type { ApiServer } from '../../src/api/http.js';
import { startTestApi } from '../helpers/api.js';
import { limitsFromEnv, queryLimitRules, type LimitRequest, type QueryLimits } from '../../src/api/limits.js';
import { createTestHub, testEngines, testEnv, type TestHub } from '../helpers/db.js';
import { gql } from '../helpers/graphql.js';

const schema = buildSchema(`
  type Query {
    org(id: ID): Org
    orgs(first: Int = 50, after: String): OrgConnection!
    untyped(first: Int): OrgConnection!
    node: Node
  }
  interface Node { id: ID! }
  type OrgConnection { totalCount: Int! nodes: [Org!]! }
  type Org implements Node { id: ID! name: String parent: Org members(first: Int = 20): MemberConnection! }
  type MemberConnection { nodes: [Member!]! }
  type Member implements Node { id: ID! name: String }
`);

const LIMITS: QueryLimits = { maxDepth: 5, maxAliases: 3, maxCost: 1000, maxPageSize: 500 };

function check(query: string, request: LimitRequest = {}, limits = LIMITS) {
  const errors = validate(schema, parse(query), queryLimitRules(limits, request));
  return errors.map((e) => ({ code: e.extensions.code, measured: e.extensions.measured, limit: e.extensions.limit, message: e.message }));
}
const codes = (query: string, request?: LimitRequest, limits?: QueryLimits) => check(query, request, limits).map((e) => e.code);
/** The estimate in isolation: a cost limit of 0 reports what the query measures. */
const costOf = (query: string, request?: LimitRequest) =>
  check(query, request, { ...LIMITS, maxCost: 0, maxDepth: 100, maxAliases: 1000 }).find((e) => e.code === 'QUERY_TOO_COSTLY')?.measured;

describe('query limit rules', () => {
  it('reads the limits from the environment, with defaults', () => {
    expect(limitsFromEnv(testEnv())).toEqual({ maxDepth: 12, maxAliases: 30, maxCost: 20000, maxPageSize: 500 });
    const env = testEnv({ HUB_MAX_QUERY_DEPTH: '8', HUB_MAX_QUERY_ALIASES: '0', HUB_MAX_QUERY_COST: '5000', HUB_MAX_PAGE_SIZE: '100' });
    expect(limitsFromEnv(env)).toEqual({ maxDepth: 8, maxAliases: 0, maxCost: 5000, maxPageSize: 100 });
    expect(() => testEnv({ HUB_MAX_QUERY_DEPTH: '0' })).toThrow(/HUB_MAX_QUERY_DEPTH/);
  });

  it('measures depth through fragments and inline fragments', () => {
    expect(codes('{ org { parent { parent { parent { name } } } } }')).toEqual([]);
    const deep = check(`
      query { org { ...P } }
      fragment P on Org { parent { ... on Org { parent { parent { parent { name } } } } } }
    `);
    expect(deep).toEqual([
      { code: 'QUERY_TOO_DEEP', measured: 6, limit: 5, message: 'Query is too deep: depth 6 exceeds the limit of 5.' },
    ]);
  });

  it('counts aliases each time a fragment is used', () => {
    expect(codes('{ a: org { id } b: org { id } c: org { name } }')).toEqual([]);
    const spread = check(`{ x: org { ...F } y: org { ...F } } fragment F on Org { one: id two: name }`);
    expect(spread).toEqual([expect.objectContaining({ code: 'TOO_MANY_ALIASES', measured: 6, limit: 3 })]);
    expect(spread[0]!.message).toBe('Query has too many aliases: 6 exceed the limit of 3.');
  });

  it('multiplies the subtree under `first`: literal, variable, variable default, schema default', () => {
    // 1 (orgs) + 10 × (1 nodes + 1 id)
    expect(costOf('{ orgs(first: 10) { nodes { id } } }')).toBe(21);
    expect(costOf('query($n: Int) { orgs(first: $n) { nodes { id } } }', { variables: { n: 10 } })).toBe(21);
    expect(costOf('query($n: Int = 7) { orgs(first: $n) { nodes { id } } }')).toBe(15);
    // Not given, or a variable not sent: the schema default (50); no default: the resolvers' 50.
    expect(costOf('{ orgs { nodes { id } } }')).toBe(101);
    expect(costOf('query($n: Int) { orgs(first: $n) { nodes { id } } }')).toBe(101);
    expect(costOf('{ untyped { totalCount } }')).toBe(51);
    // An explicit null is not "not given": the resolver falls back to 50.
    expect(costOf('query($n: Int = 7) { orgs(first: $n) { nodes { id } } }', { variables: { n: null } })).toBe(101);
  });

  it('multiplies nested connections and stops at the page size the resolvers allow', () => {
    // 1 + 10 × (1 nodes + 1 members + 20 × (1 nodes + 1 name))
    expect(costOf('{ orgs(first: 10) { nodes { members { nodes { name } } } } }')).toBe(421);
    // first: 100000 is refused by the resolver itself (BAD_USER_INPUT), so it counts as 500.
    expect(costOf('{ orgs(first: 100000) { totalCount } }')).toBe(501);
    const product = check('{ orgs(first: 100) { nodes { members(first: 100) { nodes { name } } } } }');
    expect(product).toEqual([expect.objectContaining({ code: 'QUERY_TOO_COSTLY', measured: 1 + 100 * (2 + 100 * 2), limit: 1000 })]);
    expect(product[0]!.message).toMatch(/^Query is too costly: estimated cost 20201 exceeds the limit of 1000/);
  });

  it('lets introspection through, GraphiQL’s own query included', () => {
    const strict = { maxDepth: 2, maxAliases: 0, maxCost: 5, maxPageSize: 500 };
    expect(validate(schema, parse(getIntrospectionQuery()), [...specifiedRules, ...queryLimitRules(strict)])).toEqual([]);
    expect(codes('{ __type(name: "Org") { fields { type { ofType { ofType { ofType { name } } } } } } }', {}, strict)).toEqual([]);
  });

  it('survives fragment cycles and exponential fragment reuse', () => {
    const cyclic = parse('{ org { ...A } } fragment A on Org { parent { ...B } } fragment B on Org { parent { ...A } }');
    const errors = validate(schema, cyclic, [...specifiedRules, ...queryLimitRules(LIMITS)]);
    expect(errors.map((e) => e.message)).toContain('Cannot spread fragment "A" within itself via "B".');
    // 2^60 aliased fields once expanded; measured once per fragment, so this returns at once.
    const levels = Array.from({ length: 60 }, (_, i) => `fragment F${i} on Org { ...F${i + 1} ...F${i + 1} }`);
    const bomb = `{ org { ...F0 } } ${levels.join(' ')} fragment F60 on Org { a: id }`;
    const started = Date.now();
    const result = check(bomb, {}, { ...LIMITS, maxDepth: 100, maxCost: Infinity });
    expect(Date.now() - started).toBeLessThan(1000);
    // Past 2^53 the count is reported as the largest exact integer (Infinity would be null in JSON).
    expect(result).toEqual([expect.objectContaining({ code: 'TOO_MANY_ALIASES', measured: Number.MAX_SAFE_INTEGER })]);
  });

  it('measures only the operation that runs when the document holds several', () => {
    const doc = 'query Small { org { id } } query Big { a: org { id } b: org { id } c: org { id } d: org { id } }';
    expect(codes(doc, { operationName: 'Small' })).toEqual([]);
    expect(codes(doc, { operationName: 'Big' })).toEqual(['TOO_MANY_ALIASES']);
  });
});

describe.each(testEngines())('query limits over HTTP on %s', (engine) => {
  let hub: TestHub;
  let server: ApiServer;
  beforeAll(async () => {
    hub = await createTestHub(engine);
    server = await startTestApi(hub, { port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
  });

  it('runs a normal dashboard query', async () => {
    const r = await gql(
      server.url,
      `query Dashboard($division: String) {
        health { ok database }
        all: organizations(first: 100, filter: { divisionCode: $division }) {
          totalCount
          nodes { id uscc name kind status divisionCode registeredAddress establishedOn zone { id name } }
          pageInfo { hasNextPage endCursor }
        }
        enterprises: organizations(first: 20, filter: { divisionCode: $division, kind: ENTERPRISE }) { totalCount nodes { id name } }
        socialOrgs: organizations(first: 20, filter: { divisionCode: $division, kind: SOCIAL_ORGANIZATION }) { totalCount nodes { id name } }
      }`,
      { division: '1503' },
    );
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data).toMatchObject({ health: { ok: true }, all: { totalCount: expect.any(Number) } });
  });

  it('rejects deep nesting with 400 QUERY_TOO_DEEP before running it', async () => {
    const nested = 'parent { '.repeat(12) + 'name' + ' }'.repeat(12);
    const r = await gql(server.url, `{ region(code: "150300000000") { ${nested} } }`);
    expect(r.status).toBe(400);
    expect(r.data).toBeUndefined();
    expect(r.errors).toEqual([
      { message: 'Query is too deep: depth 14 exceeds the limit of 12.', extensions: { code: 'QUERY_TOO_DEEP', limit: 12, measured: 14 } },
    ]);
  });

  it('rejects an alias bomb with 400 TOO_MANY_ALIASES', async () => {
    const fields = Array.from({ length: 1000 }, (_, i) => `o${i}: organization(uscc: "91150300680371840R") { id name }`);
    const r = await gql(server.url, `{ ${fields.join(' ')} }`);
    expect(r.status).toBe(400);
    expect(r.errors?.[0]?.extensions).toEqual({ code: 'TOO_MANY_ALIASES', limit: 30, measured: 1000 });
    expect(r.errors?.[0]?.message).toBe('Query has too many aliases: 1000 exceed the limit of 30.');
  });

  it('rejects a nested `first` product with 400 QUERY_TOO_COSTLY, reading `first` from the variables', async () => {
    const q = `query Nested($n: Int) { organizations(first: $n) { nodes { id zone { organizations(first: $n) { nodes { id name } } } } } }`;
    // The same text twice: Apollo caches validation per text, the cost must follow the variables.
    const small = await gql(server.url, q, { n: 5 });
    expect(small.status).toBe(200);
    expect(small.errors).toBeUndefined();
    const big = await gql(server.url, q, { n: 200 });
    expect(big.status).toBe(400);
    expect(big.errors?.[0]?.extensions).toEqual({ code: 'QUERY_TOO_COSTLY', limit: 20000, measured: 1 + 200 * (1 + 1 + 1 + 1 + 200 * 3) });
    expect(big.errors?.[0]?.message).toMatch(/estimated cost 120801 exceeds the limit of 20000/);
  });

  it('lets the introspection query of GraphiQL through', async () => {
    const r = await gql<{ __schema: { queryType: { name: string } } }>(server.url, getIntrospectionQuery());
    expect(r.status).toBe(200);
    expect(r.errors).toBeUndefined();
    expect(r.data?.__schema.queryType.name).toBe('Query');
  });

  it('still refuses a page over HUB_MAX_PAGE_SIZE in the resolver with BAD_USER_INPUT', async () => {
    const r = await gql(server.url, `{ organizations(first: 100000) { totalCount } }`);
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(r.errors?.[0]?.message).toMatch(/first: must be at most 500/);
  });

  it('applies the limits the server was configured with', async () => {
    const strict = await startTestApi(
      { ...hub, env: { ...hub.env, HUB_MAX_QUERY_DEPTH: 2, HUB_MAX_QUERY_ALIASES: 0, HUB_MAX_QUERY_COST: 10 } },
      { port: 0 },
    );
    try {
      expect((await gql(strict.url, '{ health { ok } }')).errors).toBeUndefined();
      expect((await gql(strict.url, '{ organizations { nodes { id } } }')).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_DEEP');
      expect((await gql(strict.url, '{ a: health { ok } }')).errors?.[0]?.extensions?.code).toBe('TOO_MANY_ALIASES');
      expect((await gql(strict.url, '{ organizations(first: 10) { totalCount } }')).errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    } finally {
      await strict.close();
    }
  });
});
