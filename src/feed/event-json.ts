/**
 * A change event as consumers see it — the GraphQL `ChangeEvent` and a webhook's JSON alike:
 * the same names, the id equal to the feed position, an opaque cursor to resume after it.
 */
import { encodeCursor } from '../domain/cursor.js';
import { isoTimestamp } from '../domain/date.js';
import type { ChangeEntityType } from './outbox.js';
import type { ChangeRow } from './read.js';

export const ENTITY_TYPE_ENUM: Record<ChangeEntityType, string> = {
  organization: 'ORGANIZATION',
  partyBody: 'PARTY_BODY',
  member: 'MEMBER',
  assignment: 'ASSIGNMENT',
};

export interface ChangeEventJson {
  id: string;
  sequence: number;
  cursor: string;
  occurredAt: string;
  entityType: string;
  entityId: string;
  kind: string;
  changes: { field: string; old: unknown; new: unknown }[];
  divisionCode: string | null;
  organizationKind: string | null;
  organizationId: string | null;
  cause: string | null;
}

export function changeEventJson(e: ChangeRow): ChangeEventJson {
  return {
    id: String(e.position),
    sequence: e.position,
    cursor: encodeCursor(e.position),
    occurredAt: isoTimestamp(e.createdAt),
    entityType: ENTITY_TYPE_ENUM[e.entityType] ?? e.entityType,
    entityId: String(e.entityId),
    kind: e.kind,
    changes: Object.entries(e.changes).map(([field, v]) => ({ field, old: v.old ?? null, new: v.new ?? null })),
    divisionCode: e.divisionCode,
    organizationKind: e.orgKind,
    organizationId: e.organizationId === null ? null : String(e.organizationId),
    cause: e.cause,
  };
}
