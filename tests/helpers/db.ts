/**
 * Test databases: each test file gets its own — a fresh PostgreSQL database on the local
 * server (created and dropped here), or an in-memory PGlite — migrated and seeded.
 * `HUB_TEST_ENGINES=postgres,pglite` (default: both) chooses which engines run.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { openHub, type Hub } from '../../src/app.js';
import { loadEnv } from '../../src/config/env.js';

export type Engine = 'postgres' | 'pglite';

export const TEST_PII_KEY = 'ab'.repeat(32);
const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function testEngines(): Engine[] {
  const list = (process.env.HUB_TEST_ENGINES ?? 'postgres,pglite').split(',').map((s) => s.trim());
  return list.filter((e): e is Engine => e === 'postgres' || e === 'pglite');
}

export interface TestHub extends Hub {
  engine: Engine;
  /** Drops the database (PostgreSQL) after closing the hub. */
  destroy(): Promise<void>;
}

export function testEnv(overrides: Record<string, string | undefined> = {}) {
  return loadEnv({ HUB_PII_KEY: TEST_PII_KEY, HUB_HOME_REGION: '1503', LOG_LEVEL: 'silent', ...overrides });
}

export async function createTestHub(engine: Engine, envOverrides: Record<string, string | undefined> = {}): Promise<TestHub> {
  if (engine === 'pglite') {
    const hub = await openHub({ env: testEnv({ HUB_DATA_DIR: 'memory://', ...envOverrides }) });
    return { ...hub, engine, destroy: () => hub.close() };
  }
  const database = await createEmptyPostgresDatabase();
  const hub = await openHub({ env: testEnv({ DATABASE_URL: database.url, ...envOverrides }) });
  return {
    ...hub,
    engine,
    async destroy() {
      await hub.close();
      await database.drop();
    },
  };
}

/** A new, empty PostgreSQL database (also for tests that spawn the CLI against their own). */
export async function createEmptyPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hub_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  return {
    url: ADMIN_URL.replace(/\/[^/]*$/, `/${name}`),
    async drop() {
      const a = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
