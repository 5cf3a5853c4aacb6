/** Key rotation: a new first key seals new values at once; `hub pii reseal` moves the stored ones to it. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { piiFromEnv } from '../../src/security/pii.js';
import { resealAll } from '../../src/security/reseal.js';
import { createTestHub, TEST_PII_KEY, type TestHub } from '../helpers/db.js';
import { loadPartySamples } from '../helpers/party-samples.js';
import { cliEnv, runCli } from '../helpers/cli.js';

describe('personal-data key rotation', () => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub('postgres');
    await loadPartySamples(hub);
  });
  afterAll(async () => hub?.destroy());

  it('reseals every stored value with the new key; values and lookup hashes stay the same; a second run does nothing', async () => {
    const before = await hub.db.query<{ id: number; enc: string; hash: string }>(
      `select id, id_number_enc as enc, id_number_hash as hash from members order by id`,
    );
    const plain = before.map((r) => hub.pii.decrypt(r.enc));
    expect(before.every((r) => r.enc.startsWith('k1.'))).toBe(true);
    const rotated = piiFromEnv({ HUB_PII_KEY: `k2:${'cd'.repeat(32)},k1:${TEST_PII_KEY}`, HUB_DATA_DIR: 'memory://', DATABASE_URL: 'x' });
    const counts = await resealAll(hub.db, rotated);
    expect(counts.members).toBe(before.length);
    expect(counts.guidance_officers).toBeGreaterThan(0);
    const after = await hub.db.query<{ enc: string; hash: string }>(
      `select id_number_enc as enc, id_number_hash as hash from members order by id`,
    );
    expect(after.every((r) => r.enc.startsWith('k2.'))).toBe(true);
    expect(after.map((r) => rotated.decrypt(r.enc))).toEqual(plain);
    // Lookups by hash still find the same people (the hash key is the last, oldest key).
    expect(plain.map((p) => rotated.hash(p))).toEqual(before.map((r) => r.hash));
    expect(await resealAll(hub.db, rotated)).toEqual({ members: 0, guidance_officers: 0, webhooks: 0 });
    // The old key alone can no longer read them.
    expect(() => hub.pii.decrypt(after[0]!.enc)).toThrow();
  });

  it('hub pii reseal does the same from the command line', async () => {
    const r = await runCli(
      ['pii', 'reseal'],
      cliEnv({ DATABASE_URL: hub.db.url, HUB_PII_KEY: `k3:${'ef'.repeat(32)},k2:${'cd'.repeat(32)},k1:${TEST_PII_KEY}` }),
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/resealed with key k3: \d+ in members, \d+ in guidance_officers, 0 in webhooks/);
    const [row] = await hub.db.query<{ n: number }>(`select count(*)::int as n from members where not starts_with(id_number_enc, 'k3.')`);
    expect(row!.n).toBe(0);
  });
});
