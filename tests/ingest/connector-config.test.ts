import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectorConfigFromEnv, resolveConnectorConfig } from '../../src/ingest/config.js';
import { getConnector } from '../../src/ingest/registry.js';
import { runConnector } from '../../src/ingest/pipeline.js';
import { createTestHub, type TestHub } from '../helpers/db.js';

describe('connector configuration', () => {
  it('reads HUB_CONNECTOR_<ID>_<KEY> into camelCase keys', () => {
    expect(
      connectorConfigFromEnv('tax', {
        HUB_CONNECTOR_TAX_BASE_URL: 'http://127.0.0.1:9/api',
        HUB_CONNECTOR_TAX_PAGE_SIZE: '50',
        HUB_OTHER: 'x',
      }),
    ).toEqual({
      baseUrl: 'http://127.0.0.1:9/api',
      pageSize: '50',
    });
    expect(connectorConfigFromEnv('social-security', { HUB_CONNECTOR_SOCIAL_SECURITY_INBOX: '/data/in' })).toEqual({ inbox: '/data/in' });
  });

  it('validates with the connector schema; stored settings win over the environment', async () => {
    const tax = await getConnector('tax');
    expect(resolveConnectorConfig(tax, { pageSize: 20 }, { HUB_CONNECTOR_TAX_PAGE_SIZE: '50' })).toMatchObject({ pageSize: 20 });
    expect(resolveConnectorConfig(tax, {}, { HUB_CONNECTOR_TAX_PAGE_SIZE: '50' })).toMatchObject({ pageSize: 50 });
    expect(() => resolveConnectorConfig(tax, {}, { HUB_CONNECTOR_TAX_BASE_URL: 'ftp://nope' })).toThrow(
      /connector tax: invalid configuration \(baseUrl/,
    );
  });

  describe('a run with a bad configuration', () => {
    let hub: TestHub;
    beforeAll(async () => {
      hub = await createTestHub('postgres');
    });
    afterAll(async () => {
      await hub?.destroy();
    });
    it('is recorded as FAILED with the setting named, without throwing', async () => {
      process.env.HUB_CONNECTOR_TAX_PAGE_SIZE = 'many';
      try {
        const s = await runConnector(hub, await getConnector('tax'), {});
        expect(s.status).toBe('FAILED');
        expect(s.error).toMatch(/pageSize/);
        const [run] = await hub.db.query<{ status: string; error: string }>(`select status, error from sync_runs where id = $1`, [s.runId]);
        expect(run).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/HUB_CONNECTOR_TAX_/) });
      } finally {
        delete process.env.HUB_CONNECTOR_TAX_PAGE_SIZE;
      }
    });
  });
});
