/**
 * Per-request context: the services, who is asking (their access and audit trail), and a
 * fresh set of loaders (DataLoader caches per request) that only load what the client may see.
 */
import type { Database } from '../db/client.js';
import type { HubEnv } from '../config/env.js';
import type { SourcePriority } from '../config/survivorship.js';
import type { RulesSettings } from '../facts/settings.js';
import type { Pii } from '../security/pii.js';
import type { Resolver } from '../resolve/resolver.js';
import type { SyncQueue } from '../queue/sync-worker.js';
import type { FeedTail } from '../feed/tail.js';
import type { DeliveryQueue } from '../feed/webhooks/queue.js';
import { createLoaders, type Loaders } from './resolvers/loaders.js';
import { createPartyLoaders, type PartyLoaders } from './resolvers/party-loaders.js';
import { createFactsLoader } from './resolvers/rules.js';
import type { Access } from '../security/access.js';
import { AuditTrail } from '../security/audit.js';

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
  /** This process's tail of the change feed (subscriptions wait on it); set by the server. */
  feed?: FeedTail;
  /** Webhook deliveries to wake when a webhook is registered or replayed (with workers). */
  deliveries?: DeliveryQueue;
}

export interface ApiContext extends ApiServices {
  /** What the client may see and do (src/security/access.ts). */
  access: Access;
  /** Unmasked reads and mutations of this request, written before its answer leaves. */
  audit: AuditTrail;
  loaders: Loaders & PartyLoaders & { facts: ReturnType<typeof createFactsLoader> };
}

const freshLoaders = (services: ApiServices, access: Access): ApiContext['loaders'] => ({
  ...createLoaders(services.db, access),
  ...createPartyLoaders(services.db, access),
  facts: createFactsLoader(services),
});

export function createContext(services: ApiServices, access: Access): ApiContext {
  return { ...services, access, audit: new AuditTrail(services.db, access.principal), loaders: freshLoaders(services, access) };
}

/**
 * A subscription's context lives as long as the subscription: each event is resolved with new
 * loaders, or the organizations it names would be shown as they were at the first event.
 */
export function refreshLoaders(ctx: ApiContext): void {
  // Made when first used: most events of a busy feed are sent without a nested relation.
  Object.defineProperty(ctx, 'loaders', {
    configurable: true,
    enumerable: true,
    get() {
      const loaders = freshLoaders(ctx, ctx.access);
      Object.defineProperty(ctx, 'loaders', { value: loaders, writable: true, configurable: true, enumerable: true });
      return loaders;
    },
  });
}
