/** Per-request context: the database and a fresh set of loaders (DataLoader caches per request). */
import type { Database } from '../db/client.js';
import type { HubEnv } from '../config/env.js';
import { createLoaders, type Loaders } from './resolvers/loaders.js';

export interface ApiContext {
  db: Database;
  env: HubEnv;
  loaders: Loaders;
}

export function createContext(db: Database, env: HubEnv): ApiContext {
  return { db, env, loaders: createLoaders(db) };
}
