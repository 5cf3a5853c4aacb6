/**
 * What the Party queries and mutations share: reading division codes from arguments,
 * when an assignment counts as active, and the
 * cache entries a mutation must drop so its response reads what it wrote.
 */
import type { Queryable } from '../../db/client.js';
import { parseDivision, type Division } from '../../domain/division.js';
import { isPocketMember } from '../../rules/party-coverage.js';
import type { ApiContext } from '../context.js';
import { divisionPrefix } from '../organization-query.js';
import { badInput } from '../errors.js';
import type { AssignmentRow } from './party-loaders.js';

/** The `like` pattern of a division subtree, or null when no division was given. */
export function divisionPattern(code: string | null | undefined, field: string): string | null {
  const prefix = divisionPrefix(code?.trim() ? code : null, field);
  return prefix ? `${prefix}%` : null;
}

/**
 * A division code to store: well formed, and its county (or the province or prefecture it
 * names) in the national table. Townships and communities are not checked against the table:
 * the statistical codes below the county change yearly and the seed may lack them.
 */
export async function storableDivision(q: Queryable, code: string, field: string): Promise<Division> {
  const d = parseDivision(code);
  if (!d.ok) throw badInput(field, d.reason);
  const level = d.value.level;
  const known = level === 'PROVINCE' || level === 'PREFECTURE' ? d.value.code12 : `${d.value.county6}000000`;
  const rows = await q.query<{ code: string }>(`select code from regions where code = $1`, [known]);
  if (rows.length === 0) throw badInput(field, `${known.replace(/0{6}$/, '')} is not a division in the national table`);
  return d.value;
}

/** Assigned on or before the date and not withdrawn by then: the facts' reading (src/facts/load.ts). */
export const isActiveAssignment = (a: Pick<AssignmentRow, 'assignedOn' | 'withdrawnOn'>, asOf: string): boolean =>
  (a.assignedOn === null || a.assignedOn <= asOf) && (a.withdrawnOn === null || a.withdrawnOn > asOf);

/**
 * The stored 组织关系所在 values that make a member a pocket member, decided by the rule itself
 * (isPocketMember) so SQL filters never spell the condition a second time. The distinct values
 * are a handful (本单位, 社区, 人才服务中心 and their spellings).
 */
export async function pocketRelations(q: Queryable): Promise<string[]> {
  const rows = await q.query<{ r: string }>(`select distinct relation_held_at as r from members where relation_held_at is not null`);
  return rows.map((x) => x.r).filter((r) => isPocketMember(r));
}

/** Drops what a mutation changed from this request's caches, so the response is read fresh. */
export function forget(
  ctx: ApiContext,
  changed: { bodies?: Iterable<number | null>; organizations?: Iterable<number | null>; officers?: Iterable<number | null> },
): void {
  const l = ctx.loaders;
  for (const id of changed.bodies ?? []) {
    if (id == null) continue;
    l.partyBodyById.clear(id);
    l.partyBodyChildren.clear(id);
    l.coveredOrganizationIdsByBody.clear(id);
    l.membersByBody.clear(id);
    l.memberCountByBody.clear(id);
  }
  // Codes are few per request; dropping them all is simpler than tracking old and new codes.
  l.partyBodyByCode.clearAll();
  const asOf = ctx.rules.asOf();
  for (const id of changed.organizations ?? []) {
    if (id == null) continue;
    l.organizationById.clear(id);
    l.partyBodiesByOrganization.clear(id);
    l.assignmentsByOrganization.clear(id);
    l.membersByEmployer.clear(id);
    l.facts.clear(`${asOf}|${id}`);
  }
  for (const id of changed.officers ?? []) {
    if (id == null) continue;
    l.guidanceOfficerById.clear(id);
    l.assignmentsByOfficer.clear(id);
  }
}
