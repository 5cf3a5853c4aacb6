/** What a run needs besides the connector: database, personal-data sealing, resolver, rules config. */
import type { SourcePriority } from '../config/survivorship.js';
import type { Database } from '../db/client.js';
import type { RulesSettings } from '../facts/settings.js';
import type { Resolver } from '../resolve/resolver.js';
import type { Pii } from '../security/pii.js';

export interface IngestServices {
  db: Database;
  pii: Pii;
  resolver: Resolver;
  priorities: SourcePriority;
  rules: RulesSettings;
}
