/**
 * The resolver interface: given a batch of organization records from one connector, find
 * (or create) the organization each refers to. Implementations run set-based SQL over the
 * whole batch, never a query per row.
 */
import type { Queryable } from '../db/client.js';
import type { OrganizationKeys } from '../ingest/records.js';

export type MatchMethod = 'LINK' | 'USCC' | 'USCC_FLAGGED' | 'ORG_CODE' | 'REG_NO' | 'NAME' | 'NEW';

export interface ResolveInput {
  sourceKey: string;
  keys: OrganizationKeys;
}

export type Resolution =
  { resolved: true; entityId: number; method: MatchMethod; score: number; created: boolean } | { resolved: false; reason: string };

export interface Resolver {
  resolve(tx: Queryable, connector: string, inputs: readonly ResolveInput[]): Promise<Map<string, Resolution>>;
}
