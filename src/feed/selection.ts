/**
 * Which change events a consumer wants: the one WHERE builder that the `changes` query, the
 * subscriptions and the webhooks share, so a filter means the same wherever it is used.
 * Values arrive validated and normalized (the API checks the caller's input).
 */
import { Conditions } from '../db/sql.js';
import type { ChangeEntityType, ChangeKind } from './outbox.js';

export interface ChangeSelection {
  entityTypes?: ChangeEntityType[] | undefined;
  kinds?: ChangeKind[] | undefined;
  /** Prefix of the 12-digit division code: a subtree (a county, a township…). */
  divisionPrefix?: string | undefined;
  /** Organization kinds (ENTERPRISE, SOCIAL_ORGANIZATION, …). */
  orgKinds?: string[] | undefined;
  /** Any of these fields changed (camelCase, as the events name them). */
  fields?: string[] | undefined;
  organizationIds?: number[] | undefined;
}

/** Adds the selection's conditions over `change_events` aliased `e`. */
export function addSelection(c: Conditions, s: ChangeSelection): void {
  if (s.entityTypes?.length) c.add((p) => `e.entity_type = any(${p}::text[])`, s.entityTypes);
  if (s.kinds?.length) c.add((p) => `e.kind = any(${p}::text[])`, s.kinds);
  if (s.divisionPrefix)
    // An organization that moved out of the subtree is news there too.
    c.add((p) => `(e.division_code like ${p} or e.changes->'divisionCode'->>'old' like ${p})`, `${s.divisionPrefix}%`);
  if (s.orgKinds?.length) c.add((p) => `e.org_kind = any(${p}::text[])`, s.orgKinds);
  if (s.fields?.length) c.add((p) => `e.changes ?| ${p}::text[]`, s.fields);
  if (s.organizationIds?.length) c.add((p) => `e.organization_id = any(${p}::bigint[])`, s.organizationIds);
}

/** The same selection, as a webhook stores it (JSON) and reads it back. */
export function selectionFromJson(json: Record<string, unknown>): ChangeSelection {
  const list = <T>(v: unknown): T[] | undefined => (Array.isArray(v) && v.length > 0 ? (v as T[]) : undefined);
  return {
    entityTypes: list<ChangeEntityType>(json.entityTypes),
    kinds: list<ChangeKind>(json.kinds),
    divisionPrefix: typeof json.divisionPrefix === 'string' && json.divisionPrefix ? json.divisionPrefix : undefined,
    orgKinds: list<string>(json.orgKinds),
    fields: list<string>(json.fields),
    organizationIds: list<number>(json.organizationIds),
  };
}
