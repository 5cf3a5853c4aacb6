/** Per-request context: the database and a fresh set of loaders (DataLoader caches per request). */
import type { Database } from '../db/client.js';
import type { HubEnv } from '../config/env.js';
import type { SourcePriority } from '../config/survivorship.js';
import type { RulesSettings } from '../facts/settings.js';
import type { Pii } from '../security/pii.js';
import type { Resolver } from '../resolve/resolver.js';
import type { SyncQueue } from '../queue/sync-worker.js';
import { createLoaders, type Loaders } from './resolvers/loaders.js';
import { createPartyLoaders, type PartyLoaders } from './resolvers/party-loaders.js';
import { createFactsLoader } from './resolvers/rules.js';

export interface ApiServices {
  db: Database;
  env: HubEnv;
  priorities: SourcePriority;
  rules: RulesSettings;
  pii: Pii;
  /** For runs started through the API. */
  resolver: Resolver;
  /** The sync queue when runs go to workers (HUB_RUN_MODE=queue); absent: runs are inline. */
  queue?: SyncQueue;
}

export interface ApiContext extends ApiServices {
  loaders: Loaders & PartyLoaders & { facts: ReturnType<typeof createFactsLoader> };
}

export function createContext(services: ApiServices): ApiContext {
  const { db } = services;
  return {
    ...services,
    loaders: { ...createLoaders(db), ...createPartyLoaders(db), facts: createFactsLoader(services) },
  };
}
