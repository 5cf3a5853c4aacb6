import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliEnv, exitOf, startCli } from '../helpers/cli.js';
import { gql } from '../helpers/graphql.js';

describe('hub demo on the embedded database (spawned, no DATABASE_URL)', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-demo-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('loads the demo city through the pipeline and serves real rows', async () => {
    const env = cliEnv({ DATABASE_URL: undefined, HUB_DATA_DIR: dataDir, HUB_PII_KEY: undefined });
    const { child, match, output } = await startCli(['demo', '--port', '0'], env, /Local admin key[^\n]*\n\s+(hub_\S+)/, 180_000);
    try {
      expect(output()).toMatch(/business-registration\s+SUCCEEDED/);
      const url = /GraphQL API at (http:\/\/\S+)/.exec(output())![1]!;
      // The demo works out of the box with the local administrator key it prints (and keeps in its data folder).
      expect(fs.readFileSync(path.join(dataDir, 'admin.key'), 'utf8').trim()).toBe(match[1]);
      expect((await gql(url, '{ health { ok } }', undefined, { authorization: '' })).status).toBe(401);
      const r = await gql<{ organizations: { totalCount: number; nodes: { uscc: string; name: string }[] } }>(
        url,
        '{ organizations(first: 3) { totalCount nodes { uscc name } } }',
        undefined,
        { authorization: `Bearer ${match[1]}` },
      );
      expect(r.errors).toBeUndefined();
      expect(r.data!.organizations.totalCount).toBeGreaterThan(100);
      expect(r.data!.organizations.nodes[0]!.name).toBeTruthy();
    } finally {
      child.kill('SIGINT');
    }
    expect(await exitOf(child)).toBe(0);
    // Without HUB_PII_KEY the embedded demo made its own key, readable only by its owner.
    const key = fs.statSync(path.join(dataDir, 'pii.key'));
    expect(key.mode & 0o077).toBe(0);
  });
});
