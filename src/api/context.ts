/** Per-request context: the database and a fresh set of loaders (DataLoader caches per request). */
import type { Database } from '../db/client.js';
import type { HubEnv } from '../config/env.js';
import type { SourcePriority } from '../config/survivorship.js';
import type { RulesSettings } from '../facts/settings.js';
import { createLoaders, type Loaders } from './resolvers/loaders.js';
import { createFactsLoader } from './resolvers/rules.js';

export interface ApiContext {
  db: Database;
  env: HubEnv;
  priorities: SourcePriority;
  rules: RulesSettings;
  loaders: Loaders & { facts: ReturnType<typeof createFactsLoader> };
}

export function createContext(db: Database, env: HubEnv, priorities: SourcePriority, rules: RulesSettings): ApiContext {
  return { db, env, priorities, rules, loaders: { ...createLoaders(db), facts: createFactsLoader({ db, rules, priorities }) } };
}
