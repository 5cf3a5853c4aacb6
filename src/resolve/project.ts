/**
 * Rebuilds the projection of the organizations a batch touched: their statements are read
 * in one query, projected in memory, and only the rows that changed are written back in one
 * multi-row update, with a change event for each in the same transaction.
 */
import type { SourcePriority } from '../config/survivorship.js';
import type { Queryable } from '../db/client.js';
import { writeChangeEvents, type ChangeEventInput } from '../feed/outbox.js';
import { PROJECTED_PROPERTIES, PROJECTION_COLUMNS, projectOrganization, type OrganizationProjection } from './projection.js';
import type { StatementView } from './survivorship.js';

type CurrentRow = OrganizationProjection & { id: number };

export interface ProjectResult {
  created: number;
  updated: number;
}

/** `createdIds`: organizations the caller created in this transaction (their event says CREATED). */
export async function projectOrganizations(
  tx: Queryable,
  ids: readonly number[],
  priorities: SourcePriority,
  cause: string,
  createdIds: ReadonlySet<number> = new Set(),
): Promise<ProjectResult> {
  if (ids.length === 0) return { created: 0, updated: 0 };
  // Latest statement per (organization, property, source): survivorship needs no more.
  const statements = await tx.query<StatementView & { entityId: number }>(
    `select distinct on (entity_id, property, source)
       entity_id as "entityId", id, property, value, source, period, last_seen as "lastSeen"
     from statements
     where entity_type = 'organization' and entity_id = any($1::bigint[]) and property = any($2::text[])
     order by entity_id, property, source, period desc, last_seen desc, id`,
    [ids, PROJECTED_PROPERTIES],
  );
  // Rows are locked in id order, as the derive locks them: two transactions rewriting
  // overlapping organizations (a run projecting, a worker deriving) then wait, not deadlock.
  const current = await tx.query<CurrentRow>(
    `select id, ${PROJECTION_COLUMNS.join(', ')} from organizations where id = any($1::bigint[]) order by id for update`,
    [ids],
  );
  const byOrg = new Map<number, StatementView[]>();
  for (const s of statements) {
    const list = byOrg.get(s.entityId);
    if (list) list.push(s);
    else byOrg.set(s.entityId, [s]);
  }
  const changedIds: number[] = [];
  const changedRows: OrganizationProjection[] = [];
  const events: ChangeEventInput[] = [];
  let created = 0;
  for (const row of current) {
    const next = projectOrganization(byOrg.get(row.id) ?? [], priorities);
    // Keys the resolver set at creation stay until a source states otherwise.
    next.uscc ??= row.uscc;
    next.org_code ??= row.org_code;
    next.reg_no ??= row.reg_no;
    // A new organization's event lists every known field, including the keys it was created with.
    const isNew = createdIds.has(row.id);
    const diff: Record<string, { old: unknown; new: unknown }> = {};
    for (const c of PROJECTION_COLUMNS) {
      const old = isNew ? null : row[c];
      if (String(old ?? '') !== String(next[c] ?? '')) diff[c] = { old: old ?? null, new: next[c] };
    }
    if (Object.keys(diff).length === 0) continue;
    changedIds.push(row.id);
    changedRows.push(next);
    if (isNew) created++;
    events.push({
      entityType: 'organization',
      entityId: row.id,
      kind: isNew ? 'CREATED' : 'UPDATED',
      changes: diff,
      divisionCode: next.division_code,
      orgKind: next.kind,
      cause,
    });
  }
  if (changedIds.length > 0) {
    const sets = PROJECTION_COLUMNS.map((c) => `${c} = v.${c}`).join(', ');
    const casts = PROJECTION_COLUMNS.map(
      (c, i) =>
        `$${i + 2}::${c === 'is_trade_association' ? 'boolean' : c === 'registered_capital_10k' ? 'numeric' : c === 'established_on' ? 'date' : 'text'}[]`,
    );
    await tx.query(
      `update organizations o set ${sets}, updated_at = now()
       from unnest($1::bigint[], ${casts.join(', ')}) as v(id, ${PROJECTION_COLUMNS.join(', ')})
       where o.id = v.id`,
      [changedIds, ...PROJECTION_COLUMNS.map((c) => changedRows.map((r) => r[c]))],
    );
    await writeChangeEvents(tx, events);
  }
  return { created: createdIds.size, updated: changedIds.length - created };
}
