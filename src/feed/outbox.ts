/**
 * The change outbox: rows written in the same transaction as the change they describe. The
 * sequencer (./sequencer.ts) gives them their feed position once committed; subscriptions,
 * the `changes` query and webhooks read them by position. Personal data never goes in here:
 * members and officers appear by id only, legal representatives' names masked (./personal.ts).
 */
import type { Queryable } from '../db/client.js';
import { assertNoPersonalFields, eventValue } from './personal.js';

export type ChangeKind = 'CREATED' | 'UPDATED' | 'MERGED' | 'DELETED';
export type ChangeEntityType = 'organization' | 'partyBody' | 'member' | 'assignment';

export type FieldChanges = Record<string, { old: unknown; new: unknown }>;

export interface ChangeEventInput {
  entityType: ChangeEntityType;
  entityId: number;
  kind: ChangeKind;
  /** Field → old and new value; snake_case names are written in camelCase, as the API names fields. */
  changes: FieldChanges;
  divisionCode: string | null;
  orgKind: string | null;
  /** The organization the event concerns (default: the entity itself when it is one). */
  organizationId?: number | null;
  /** The run (`run:42`) or mutation (`mutation:createPartyBody`) that caused it. */
  cause: string;
}

/** Every process tailing the feed LISTENs here; writers NOTIFY at commit. */
export const FEED_CHANNEL = 'hub_changes';

/** Search keys the projection keeps for matching: not facts anyone subscribes to. */
const INTERNAL_FIELDS = new Set(['normalizedName', 'coreName']);

export const camelField = (name: string): string => name.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());

function publicChanges(changes: FieldChanges): FieldChanges {
  const out: FieldChanges = {};
  for (const [key, value] of Object.entries(changes)) {
    const field = camelField(key);
    if (!INTERNAL_FIELDS.has(field)) out[field] = { old: eventValue(field, value.old), new: eventValue(field, value.new) };
  }
  return out;
}

/**
 * One multi-row insert, and a NOTIFY that PostgreSQL delivers when (and only if) the
 * transaction commits: tailing processes wake without polling.
 */
export async function writeChangeEvents(tx: Queryable, events: readonly ChangeEventInput[]): Promise<void> {
  const list = events
    .map((e) => ({ ...e, changes: publicChanges(e.changes) }))
    .filter((e) => Object.keys(e.changes).length > 0 || e.kind !== 'UPDATED');
  if (list.length === 0) return;
  for (const e of list) assertNoPersonalFields(e.entityType, e.changes);
  await tx.query(
    `with written as (
       insert into change_events (entity_type, entity_id, kind, changes, division_code, org_kind, organization_id, cause)
       select v.et, v.id, v.kind, v.changes::jsonb, v.division, v.org_kind, v.org, v.cause
       from unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[])
         as v(et, id, kind, changes, division, org_kind, org, cause)
       returning 1)
     select pg_notify('${FEED_CHANNEL}', '') where exists (select 1 from written)`,
    [
      list.map((e) => e.entityType),
      list.map((e) => e.entityId),
      list.map((e) => e.kind),
      list.map((e) => JSON.stringify(e.changes)),
      list.map((e) => e.divisionCode),
      list.map((e) => e.orgKind),
      list.map((e) => (e.organizationId !== undefined ? e.organizationId : e.entityType === 'organization' ? e.entityId : null)),
      list.map((e) => e.cause),
    ],
  );
}
