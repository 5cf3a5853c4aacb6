/**
 * The change outbox: rows written in the same transaction as the change they describe, read
 * by subscriptions and webhooks in `seq` order. Personal data never goes in here.
 */
import type { Queryable } from '../db/client.js';

export type ChangeKind = 'CREATED' | 'UPDATED' | 'MERGED' | 'DELETED';

export interface ChangeEventInput {
  entityType: 'organization' | 'partyBody' | 'member' | 'assignment';
  entityId: number;
  kind: ChangeKind;
  changes: Record<string, { old: unknown; new: unknown }>;
  divisionCode: string | null;
  orgKind: string | null;
  /** The run (`run:42`) or mutation (`mutation:createPartyBody by client 3`) that caused it. */
  cause: string;
}

export async function writeChangeEvents(tx: Queryable, events: readonly ChangeEventInput[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `insert into change_events (entity_type, entity_id, kind, changes, division_code, org_kind, cause)
     select v.et, v.id, v.kind, v.changes::jsonb, v.division, v.org_kind, v.cause
     from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       as v(et, id, kind, changes, division, org_kind, cause)`,
    [
      events.map((e) => e.entityType),
      events.map((e) => e.entityId),
      events.map((e) => e.kind),
      events.map((e) => JSON.stringify(e.changes)),
      events.map((e) => e.divisionCode),
      events.map((e) => e.orgKind),
      events.map((e) => e.cause),
    ],
  );
}
