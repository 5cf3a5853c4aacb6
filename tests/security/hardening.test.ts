/**
 * Hardening: per-client rate limits (429, Retry-After; over the websocket too), CORS for the
 * configured origins only, a bounded request body, and no personal data in clear in logs,
 * error messages or change events, whatever a request throws at the hub.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiServer } from '../../src/api/http.js';
import { logger, useLogDestination } from '../../src/log/logger.js';
import { clientKey, startTestApi } from '../helpers/api.js';
import { createTestHub, type TestHub } from '../helpers/db.js';
import { FeedConsumer } from '../helpers/feed-consumer.js';
import { gql } from '../helpers/graphql.js';
import { loadPartySamples, PARTY_AS_OF } from '../helpers/party-samples.js';
import { readSampleText } from '../helpers/samples.js';

const ORIGIN = 'https://dashboard.example.gov.cn';

describe('hardening', () => {
  let hub: TestHub;
  let server: ApiServer;
  let logs = '';

  beforeAll(async () => {
    useLogDestination(
      new Writable({
        write(chunk: Buffer, _enc, done) {
          logs += chunk.toString();
          done();
        },
      }),
      'debug',
    );
    hub = await createTestHub('postgres', {
      HUB_AS_OF: PARTY_AS_OF,
      HUB_CORS_ORIGINS: ORIGIN,
      HUB_MAX_BODY_BYTES: '20000',
      LOG_LEVEL: 'debug',
    });
    await loadPartySamples(hub);
    server = await startTestApi(hub);
  });
  afterAll(async () => {
    await server?.close();
    await hub?.destroy();
  });

  it('answers 429 with Retry-After once a client is over its limit, and other clients go on', async () => {
    const slow = await clientKey(hub.db, { name: 'slow', role: 'ANALYST', rateLimitPerMinute: 3 });
    const ask = () => gql(server.url, '{ health { ok } }', undefined, { authorization: `Bearer ${slow}` });
    expect([(await ask()).status, (await ask()).status, (await ask()).status]).toEqual([200, 200, 200]);
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${slow}` },
      body: '{"query":"{ health { ok } }"}',
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
    expect((await gql(server.url, '{ health { ok } }')).status).toBe(200);
    // The websocket counts each operation the same way.
    const sub = new FeedConsumer(() => server.url, `subscription { changes { id } }`, {}, null, 'changes', {
      authorization: `Bearer ${slow}`,
    });
    sub.start();
    await expect(sub.waitFor(1, 5_000)).rejects.toThrow(/RATE_LIMITED/);
    await sub.stop();
  });

  it('allows the configured origin only (CORS)', async () => {
    const preflight = (origin: string) =>
      fetch(server.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
    const ok = await preflight(ORIGIN);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example.com');
    expect(other.status).toBe(403);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const answered = await gql(server.url, '{ health { ok } }', undefined, { origin: 'https://evil.example.com' });
    expect(answered.status).toBe(200);
    const res = await fetch(server.url, { method: 'POST', headers: { origin: ORIGIN, 'content-type': 'application/json' }, body: '{}' });
    expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  });

  it('refuses a body over the configured limit with 413', async () => {
    const r = await gql(server.url, `{ health { ok } } # ${'x'.repeat(30_000)}`);
    expect(r.status).toBe(413);
  });

  it('no ID or phone number in clear reaches logs, error messages or change events', async () => {
    const members = await readSampleText('party-organization/party_members_a.csv');
    const ids = members
      .split(/\r?\n/)
      .slice(1)
      .map((l) => l.split(',')[1]?.trim().toUpperCase() ?? '')
      .filter((c) => /^\d{17}[\dX]$/.test(c));
    const phones = [...(await readSampleText('guidance/guidance_officers_2025.csv')).matchAll(/\b1[3-9]\d{9}\b/g)].map((m) => m[0]);
    const id = ids[0]!;
    const phone = phones[0]!;
    const answers: string[] = [];
    const send = async (query: string, variables?: Record<string, unknown>) =>
      answers.push(JSON.stringify(await gql(server.url, query, variables)));
    // Personal data sent where it does not belong: errors repeat what they were given.
    await send(`query($n: Int) { organizations(first: $n) { totalCount } }`, { n: phone });
    await send(`query($u: String) { organization(uscc: $u) { id } }`, { u: id });
    await send(`query($id: ID!) { member(id: $id) { id } }`, { id });
    await send(`{ organizations(filter: { divisionCode: "${id}" }) { totalCount } }`);
    await send(`mutation($i: AssignGuidanceOfficerInput!) { assignGuidanceOfficer(input: $i) { active } }`, {
      i: { name: '测试员', phone: `${phone}x`, organizationId: '1', assignedOn: '2026-10-01' },
    });
    await send(`mutation($i: AssignGuidanceOfficerInput!) { assignGuidanceOfficer(input: $i) { active } }`, {
      i: { name: '测试员', phone, organizationId: '987654321', assignedOn: '2026-10-01' },
    });
    await send(`{ members(first: 50) { nodes { idNumberMasked } } guidanceOfficers(first: 50) { nodes { phoneMasked } } }`);
    logger().error({ note: `a caller logged ${id} and ${phone}`, phone, nested: { idNumber: id, text: `call ${phone}` } }, `bad row ${id}`);
    logger().flush();
    await new Promise((r) => setTimeout(r, 200));
    const events = JSON.stringify(await hub.db.query(`select * from change_events`));
    expect(logs).toContain('bad row');
    expect(answers.join('\n')).toContain('BAD_USER_INPUT');
    for (const [where, text] of Object.entries({ logs, answers: answers.join('\n'), events })) {
      const leaked = [...ids, ...phones].filter((secret) => text.includes(secret));
      expect(leaked, where).toEqual([]);
    }
    // The masked forms are what remains.
    expect(logs).toContain(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
  });
});
