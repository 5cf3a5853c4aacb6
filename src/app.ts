/**
 * Opening the hub: configuration, the database (PostgreSQL by URL or embedded PGlite),
 * migrations and seed data. Every entry point (CLI commands, server, worker, tests) starts here.
 */
import { loadEnv, type HubEnv } from './config/env.js';
import { openDatabase, type Database } from './db/client.js';
import { migrate } from './db/migrate.js';
import { seed } from './db/seed.js';
import { logger } from './log/logger.js';
import type { IngestServices } from './ingest/services.js';
import { KeyResolver } from './resolve/key-resolver.js';
import { piiFromEnv } from './security/pii.js';
import { sourcePriorityFromEnv } from './config/survivorship.js';
import { rulesFromEnv } from './facts/settings.js';

export interface Hub extends IngestServices {
  env: HubEnv;
  db: Database;
  close(): Promise<void>;
}

export interface OpenHubOptions {
  env?: HubEnv;
  /** Apply migrations and seed data (default true: the hub migrates on start). */
  migrate?: boolean;
}

export async function openHub(opts: OpenHubOptions = {}): Promise<Hub> {
  const env = opts.env ?? loadEnv();
  logger().level = env.LOG_LEVEL;
  // Settings that can be wrong are read before the database opens: a bad one must not leave
  // a connection holding the process open.
  const pii = piiFromEnv(env);
  const rules = rulesFromEnv(env);
  const priorities = sourcePriorityFromEnv(env.HUB_SOURCE_PRIORITY);
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.HUB_DATA_DIR });
  try {
    if (opts.migrate !== false) {
      await migrate(db);
      await seed(db);
    }
  } catch (err) {
    await db.close();
    throw err;
  }
  logger().debug({ engine: db.engine }, 'database ready');
  return {
    env,
    db,
    pii,
    resolver: new KeyResolver(env.HUB_HOME_REGION ?? ''),
    priorities,
    rules,
    close: () => db.close(),
  };
}
