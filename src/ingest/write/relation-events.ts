/**
 * Change events for the Party relations a batch writes (bodies, memberships, guidance
 * assignments): the rows a batch touches are read before and after its upsert, each in one
 * query, and the difference becomes CREATED / UPDATED events in the same transaction. Only
 * the fields listed here travel; who a member or officer is never does (src/feed/personal.ts).
 */
import type { Queryable } from '../../db/client.js';
import { writeChangeEvents, type ChangeEntityType, type ChangeEventInput, type FieldChanges } from '../../feed/outbox.js';

interface Snapshot {
  id: number;
  divisionCode: string | null;
  orgKind: string | null;
  organizationId: number | null;
  fields: Record<string, unknown>;
}

export interface TrackedRelation {
  entityType: ChangeEntityType;
  /** `from` clause naming the row `r` (and any joins); `r.key` must be in the select list's `key`. */
  from: string;
  /** SQL of the row's key, compared with `= any($1::text[])`. */
  key: string;
  id: string;
  divisionCode: string;
  orgKind: string;
  organizationId: string;
  /** Event field → SQL over the row. */
  fields: Record<string, string>;
}

/**
 * Party bodies by body code; what they cover as the unit codes a source listed and the
 * organizations those are linked to (both sorted).
 */
export const PARTY_BODY_EVENTS: TrackedRelation = {
  entityType: 'partyBody',
  from: 'party_bodies r',
  key: 'r.body_code',
  id: 'r.id',
  divisionCode: 'r.division_code',
  orgKind: 'null::text',
  organizationId: 'null::bigint',
  fields: {
    bodyCode: 'r.body_code',
    name: 'r.name',
    kind: 'r.kind',
    formation: 'r.formation',
    parentCode: 'r.parent_code',
    parentId: 'r.parent_id',
    foundedOn: `to_char(r.founded_on, 'YYYY-MM-DD')`,
    dissolvedOn: `to_char(r.dissolved_on, 'YYYY-MM-DD')`,
    divisionCode: 'r.division_code',
    isIndustryCommittee: 'r.is_industry_committee',
    departmentCode: 'r.department_code',
    source: 'r.source',
    coveredOrganizationIds: `coalesce((select jsonb_agg(distinct c.organization_id order by c.organization_id) from party_body_coverage c
      where c.body_id = r.id and c.organization_id is not null), '[]'::jsonb)`,
    coveredUnits: `coalesce((select jsonb_agg(c.covered_key order by c.covered_key) from party_body_coverage c where c.body_id = r.id), '[]'::jsonb)`,
  },
};

/** Memberships by the ID number's keyed hash: the body, the employer, the kind — not the person. */
export const MEMBER_EVENTS: TrackedRelation = {
  entityType: 'member',
  from: 'members r left join organizations o on o.id = r.employer_id',
  key: 'r.id_number_hash',
  id: 'r.id',
  divisionCode: 'o.division_code',
  orgKind: 'o.kind',
  organizationId: 'r.employer_id',
  fields: {
    kind: 'r.kind',
    bodyCode: 'r.body_code',
    employerUscc: 'r.employer_key',
    employerId: 'r.employer_id',
    relationHeldAt: 'r.relation_held_at',
    isMobile: 'r.is_mobile',
  },
};

/** Guidance assignments by officer and guided unit. */
export const ASSIGNMENT_EVENTS: TrackedRelation = {
  entityType: 'assignment',
  from: 'guidance_assignments r left join organizations o on o.id = r.organization_id',
  key: `r.officer_id::text || '|' || r.guided_key`,
  id: 'r.id',
  divisionCode: 'o.division_code',
  orgKind: 'o.kind',
  organizationId: 'r.organization_id',
  fields: {
    officerId: 'r.officer_id',
    guidedKey: 'r.guided_key',
    organizationId: 'r.organization_id',
    assignedOn: `to_char(r.assigned_on, 'YYYY-MM-DD')`,
    withdrawnOn: `to_char(r.withdrawn_on, 'YYYY-MM-DD')`,
  },
};

/** `lock`: the rows are locked (in key order, as every writer takes them) until the transaction ends. */
export async function snapshot(tx: Queryable, t: TrackedRelation, keys: readonly string[], lock = false): Promise<Map<string, Snapshot>> {
  if (keys.length === 0) return new Map();
  const fields = Object.entries(t.fields)
    .map(([name, expr]) => `'${name}', ${expr}`)
    .join(', ');
  const rows = await tx.query<Snapshot & { key: string }>(
    `select ${t.key} as key, ${t.id} as id, ${t.divisionCode} as "divisionCode", ${t.orgKind} as "orgKind",
            ${t.organizationId} as "organizationId", jsonb_build_object(${fields}) as fields
     from ${t.from} where ${t.key} = any($1::text[])${lock ? ` order by 1 for update of r` : ''}`,
    [keys],
  );
  return new Map(rows.map((r) => [r.key, r]));
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** Pure: the events that take `before` to `after` (a key absent before is CREATED). */
export function relationEvents(
  entityType: ChangeEntityType,
  before: ReadonlyMap<string, Snapshot>,
  after: ReadonlyMap<string, Snapshot>,
  cause: string,
): ChangeEventInput[] {
  const events: ChangeEventInput[] = [];
  for (const [key, now] of after) {
    const old = before.get(key);
    const changes: FieldChanges = {};
    for (const [field, value] of Object.entries(now.fields)) {
      const was = old?.fields[field] ?? null;
      if (old ? !same(was, value) : value !== null) changes[field] = { old: was, new: value ?? null };
    }
    if (old && Object.keys(changes).length === 0) continue;
    events.push({
      entityType,
      entityId: now.id,
      kind: old ? 'UPDATED' : 'CREATED',
      changes,
      divisionCode: now.divisionCode,
      orgKind: now.orgKind,
      organizationId: now.organizationId,
      cause,
    });
  }
  return events;
}

/** The organization a membership (`employerId`) or guidance assignment (`organizationId`) names now. */
export interface Relinked {
  entityType: 'member' | 'assignment';
  id: number;
  from: number | null;
  organization: { id: number; divisionCode: string | null; kind: string | null };
}

/**
 * Pure: the events of memberships and assignments moved to another organization (a link made
 * at the end of a run, a merge): the only field that changed is the organization they name.
 */
export function relinkEvents(moves: readonly Relinked[], cause: string): ChangeEventInput[] {
  return moves.map((m) => ({
    entityType: m.entityType,
    entityId: m.id,
    kind: 'UPDATED',
    changes: { [m.entityType === 'member' ? 'employerId' : 'organizationId']: { old: m.from, new: m.organization.id } },
    divisionCode: m.organization.divisionCode,
    orgKind: m.organization.kind,
    organizationId: m.organization.id,
    cause,
  }));
}

/** Runs `write` between two snapshots of the rows under `keys` and records what it changed. */
export async function withRelationEvents<T>(
  tx: Queryable,
  t: TrackedRelation,
  keys: readonly string[],
  cause: string,
  write: () => Promise<T>,
): Promise<T> {
  const unique = [...new Set(keys)];
  // Locked, so a concurrent writer of the same rows waits: its own "before" then sees this
  // write, and neither event is lost (an unlocked read could miss a change made meanwhile).
  const before = await snapshot(tx, t, unique, true);
  const result = await write();
  const after = await snapshot(tx, t, unique);
  await writeChangeEvents(tx, relationEvents(t.entityType, before, after, cause));
  return result;
}
