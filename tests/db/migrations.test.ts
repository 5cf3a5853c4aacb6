import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/db/migrate.js';
import { seed } from '../../src/db/seed.js';
import { DEPARTMENTS } from '../../src/domain/departments.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';

const TABLES = [
  'organizations',
  'statements',
  'source_links',
  'match_reviews',
  'party_bodies',
  'party_body_coverage',
  'members',
  'guidance_officers',
  'guidance_assignments',
  'mass_organizations',
  'departments',
  'regions',
  'zones',
  'lifecycle_events',
  'sync_runs',
  'processed_files',
  'connector_state',
  'quarantine',
  'change_events',
  'webhooks',
  'webhook_deliveries',
  'api_clients',
  'audit_log',
];

describe.each(testEngines())('migrations on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(engine);
  });
  afterAll(async () => {
    await hub?.destroy();
  });

  it('creates every table of the entity graph', async () => {
    const rows = await hub.db.query<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public'`,
    );
    const names = rows.map((r) => r.table_name);
    for (const t of TABLES) expect(names, t).toContain(t);
  });

  it('enforces a unique USCC and the trigram index on names', async () => {
    await hub.db.query(`insert into organizations (uscc, name) values ('91150300680371840R', 'a')`);
    await expect(hub.db.query(`insert into organizations (uscc, name) values ('91150300680371840R', 'b')`)).rejects.toThrow(
      /unique|duplicate/i,
    );
    const idx = await hub.db.query<{ indexdef: string }>(`select indexdef from pg_indexes where indexname = 'organizations_name_trgm_idx'`);
    expect(idx[0]?.indexdef).toMatch(/gin_trgm_ops/);
    const [sim] = await hub.db.query<{ s: number }>(`select similarity('乌海市岩丰门窗制造有限公司', '乌海岩丰门窗制造有限公司') as s`);
    expect(sim!.s).toBeGreaterThan(0.5);
  });

  it('seeds the nineteen departments and the division tree', async () => {
    const [d] = await hub.db.query<{ n: number }>(`select count(*)::int as n from departments`);
    expect(d!.n).toBe(DEPARTMENTS.length);
    expect(DEPARTMENTS).toHaveLength(19);
    const wuhai = await hub.db.query<{ code: string; name: string; level: number }>(
      `select code, name, level from regions where parent_code = '150300000000' order by code`,
    );
    expect(wuhai.map((r) => r.name)).toEqual(['海勃湾区', '海南区', '乌达区']);
    const [towns] = await hub.db.query<{ n: number }>(`select count(*)::int as n from regions where level = 4 and prefix like '150302%'`);
    expect(towns!.n).toBeGreaterThan(3);
  });

  it('is idempotent: migrating and seeding again changes nothing', async () => {
    const before = await hub.db.query<{ n: number }>(`select count(*)::int as n from regions`);
    await migrate(hub.db);
    await seed(hub.db);
    const after = await hub.db.query<{ n: number }>(`select count(*)::int as n from regions`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
