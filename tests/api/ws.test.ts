import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import type { ApiServer } from '../../src/api/http.js';
import { authHeaders, startTestApi } from '../helpers/api.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';

/** One operation over the socket: its single result, or what the server sent as the error. */
function run(
  client: Client,
  query: string,
  variables?: Record<string, unknown>,
): Promise<FormattedExecutionResult<Record<string, unknown>, unknown>> {
  return new Promise((resolve, reject) => {
    let result: FormattedExecutionResult<Record<string, unknown>, unknown> | undefined;
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value),
        error: reject,
        complete: () => (result ? resolve(result) : reject(new Error('completed without a result'))),
      },
    );
  });
}

/** graphql-ws reports refused operations as the list of GraphQL errors the server sent. */
async function refusal(promise: Promise<unknown>): Promise<{ message: string; extensions?: Record<string, unknown> }[]> {
  const err: unknown = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(Array.isArray(err), `expected a list of GraphQL errors, got ${String(err)}`).toBe(true);
  return err as { message: string; extensions?: Record<string, unknown> }[];
}

describe.each(testEngines())('GraphQL over WebSocket on %s', (engine) => {
  let hub: TestHub;
  let server: ApiServer;
  let client: Client;
  beforeAll(async () => {
    hub = await createTestHub(engine);
    server = await startTestApi(hub, { port: 0 });
    client = createClient({
      url: server.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: authHeaders(server.url),
    });
  });
  afterAll(async () => {
    await client?.dispose();
    await server?.close();
    await hub?.destroy();
  });

  it('runs a query on the /graphql port and path', async () => {
    expect(await run(client, '{ health { ok database } }')).toEqual({ data: { health: { ok: true, database: engine } } });
  });

  it('runs a query with variables against the database', async () => {
    const result = await run(client, 'query($u: String) { organization(uscc: $u) { id } }', { u: '91350100M000100Y43' });
    expect(result.data).toEqual({ organization: null });
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('answers a query that does not validate, or does not parse, with its errors and keeps the socket', async () => {
    const invalid = await refusal(run(client, '{ health { nope } }'));
    expect(invalid[0]?.message).toBe('Cannot query field "nope" on type "Health".');
    const syntax = await refusal(run(client, '{ health { ok }'));
    expect(syntax[0]?.message).toMatch(/^Syntax Error/);
    expect(await run(client, '{ health { ok } }')).toEqual({ data: { health: { ok: true } } });
  });

  it('reports resolver errors with their code, like HTTP', async () => {
    const result = await run(client, '{ organization(uscc: "12345") { id } }');
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('applies the query limits', async () => {
    const fields = Array.from({ length: 100 }, (_, i) => `h${i}: health { ok }`).join(' ');
    const aliases = await refusal(run(client, `{ ${fields} }`));
    expect(aliases[0]?.extensions).toEqual({ code: 'TOO_MANY_ALIASES', limit: 30, measured: 100 });
    const q = 'query($n: Int) { organizations(first: $n) { nodes { zone { organizations(first: $n) { nodes { id } } } } } }';
    const costly = await refusal(run(client, q, { n: 300 }));
    expect(costly[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
    expect(await run(client, q, { n: 2 })).toEqual({ data: { organizations: { nodes: [] } } });
  });

  it('closes connected clients when the server closes, without waiting on them', async () => {
    const own = await startTestApi(hub, { port: 0 });
    let closedWith: number | undefined;
    const nonLazyErrors: unknown[] = [];
    // Not lazy: the socket stays open between operations, as a browser's would.
    const connected = createClient({
      url: own.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: authHeaders(own.url),
      onNonLazyError: (err) => nonLazyErrors.push(err),
      on: { closed: (event) => (closedWith = (event as { code: number }).code) },
    });
    try {
      await run(connected, '{ health { ok } }');
      expect(closedWith).toBeUndefined();
      const started = Date.now();
      await own.close();
      expect(Date.now() - started).toBeLessThan(3_000);
      await vi.waitFor(() => expect(closedWith).toBe(1001));
    } finally {
      await connected.dispose();
    }
  });
});
