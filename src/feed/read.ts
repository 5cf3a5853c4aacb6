/**
 * Reading the feed: numbered events after a position, in position order, selected in SQL.
 * Only numbered rows are read (`position` not null), so what a reader sees never changes.
 */
import type { Queryable } from '../db/client.js';
import { Conditions } from '../db/sql.js';
import type { ChangeEntityType, ChangeKind, FieldChanges } from './outbox.js';
import { addSelection, type ChangeSelection } from './selection.js';

export interface ChangeRow {
  position: number;
  entityType: ChangeEntityType;
  entityId: number;
  kind: ChangeKind;
  changes: FieldChanges;
  divisionCode: string | null;
  orgKind: string | null;
  organizationId: number | null;
  cause: string | null;
  createdAt: string;
}

export interface ReadOptions {
  /** Exclusive lower bound (a cursor's position; 0 for the beginning). */
  after: number;
  /** Inclusive upper bound: the head the caller knows is complete. */
  upTo?: number | undefined;
  selection: ChangeSelection;
  limit: number;
  /** Extra conditions over `e` (a caller's scope), added by the one who knows them. */
  restrict?: ((c: Conditions) => void) | undefined;
}

export const CHANGE_COLUMNS = `e.position, e.entity_type as "entityType", e.entity_id as "entityId", e.kind, e.changes,
  e.division_code as "divisionCode", e.org_kind as "orgKind", e.organization_id as "organizationId", e.cause,
  e.created_at as "createdAt"`;

function whereOf(opts: Omit<ReadOptions, 'limit'>): Conditions {
  const c = new Conditions();
  c.add((p) => `e.position > ${p}`, opts.after);
  if (opts.upTo !== undefined) c.add((p) => `e.position <= ${p}`, opts.upTo);
  addSelection(c, opts.selection);
  opts.restrict?.(c);
  return c;
}

export async function readChanges(db: Queryable, opts: ReadOptions): Promise<ChangeRow[]> {
  const c = whereOf(opts);
  return db.query<ChangeRow>(
    `select ${CHANGE_COLUMNS} from change_events e where ${c.where()} order by e.position limit ${Math.max(0, Math.floor(opts.limit))}`,
    c.params,
  );
}

export async function countChanges(db: Queryable, opts: Omit<ReadOptions, 'limit'>): Promise<number> {
  const c = whereOf(opts);
  const [row] = await db.query<{ n: number }>(`select count(*)::bigint as n from change_events e where ${c.where()}`, c.params);
  return row?.n ?? 0;
}
