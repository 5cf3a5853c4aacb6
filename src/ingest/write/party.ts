/**
 * Party bodies with the units they cover, members, guidance officers with their
 * assignments: multi-row upserts per batch. Personal data is sealed before it is written.
 * Links to organizations go by USCC (and, for employers without one, a unique name).
 * Each returns the organizations whose coverage or members it may have changed, so their
 * derived facts are rebuilt, and writes change events for what it changed (./relation-events.ts).
 */
import type { Queryable } from '../../db/client.js';
import { maskPhone } from '../../domain/phone.js';
import { maskResidentId } from '../../domain/resident-id.js';
import type { Pii } from '../../security/pii.js';
import type { GuidanceOfficerRecord, MemberRecord, PartyBodyRecord } from '../records.js';
import { normalizeOrgName } from '../../domain/name.js';
import { matchDepartment } from '../../domain/departments.js';
import { writeChangeEvents } from '../../feed/outbox.js';
import { ASSIGNMENT_EVENTS, MEMBER_EVENTS, PARTY_BODY_EVENTS, relinkEvents, withRelationEvents, type Relinked } from './relation-events.js';

const lastByKey = <T>(items: readonly T[], key: (t: T) => string) => [...new Map(items.map((i) => [key(i), i])).values()];

export async function upsertPartyBodies(
  tx: Queryable,
  source: string,
  records: readonly PartyBodyRecord[],
  cause: string,
): Promise<number[]> {
  const list = lastByKey(records, (r) => r.bodyCode);
  if (list.length === 0) return [];
  return withRelationEvents(
    tx,
    PARTY_BODY_EVENTS,
    list.map((r) => r.bodyCode),
    cause,
    () => writePartyBodies(tx, source, list),
  );
}

async function writePartyBodies(tx: Queryable, source: string, list: readonly PartyBodyRecord[]): Promise<number[]> {
  const rows = await tx.query<{ id: number; body_code: string }>(
    `insert into party_bodies (body_code, name, kind, formation, parent_code, founded_on, division_code, is_industry_committee, source)
     select v.code, v.name, v.kind, v.formation, v.parent, v.founded::date, v.division, v.industry, $1
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::boolean[])
       as v(code, name, kind, formation, parent, founded, division, industry)
     on conflict (body_code) do update set name = excluded.name, kind = excluded.kind, formation = excluded.formation,
       parent_code = excluded.parent_code, founded_on = excluded.founded_on, division_code = excluded.division_code,
       is_industry_committee = excluded.is_industry_committee, updated_at = now()
     returning id, body_code`,
    [
      source,
      list.map((r) => r.bodyCode),
      list.map((r) => r.name),
      list.map((r) => r.kind),
      list.map((r) => r.formation),
      list.map((r) => r.parentCode),
      list.map((r) => r.foundedOn),
      list.map((r) => r.divisionCode),
      list.map((r) => /行业(党)?委员会|行业党委/.test(r.name) && r.kind === 'COMMITTEE'),
    ],
  );
  const idByCode = new Map(rows.map((r) => [r.body_code, r.id]));
  // The file states each body's full coverage: replace what the bodies of this batch cover.
  const bodyIds = list.map((r) => idByCode.get(r.bodyCode)!);
  const pairs = list.flatMap((r) => [...new Set(r.covered)].map((key) => [idByCode.get(r.bodyCode)!, key] as const));
  const uncovered = await tx.query<{ organization_id: number | null }>(
    `delete from party_body_coverage c where c.body_id = any($1::bigint[])
       and not exists (select 1 from unnest($2::bigint[], $3::text[]) as v(b, k) where v.b = c.body_id and v.k = c.covered_key)
     returning c.organization_id`,
    [bodyIds, pairs.map((p) => p[0]), pairs.map((p) => p[1])],
  );
  if (pairs.length > 0) {
    await tx.query(
      `insert into party_body_coverage (body_id, covered_key, organization_id)
       select v.b, v.k, o.id from unnest($1::bigint[], $2::text[]) as v(b, k)
       left join organizations o on o.uscc = v.k and o.merged_into_id is null
       on conflict (body_id, covered_key) do update set organization_id = coalesce(excluded.organization_id, party_body_coverage.organization_id)`,
      [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
    );
  }
  // A body's kind may have changed (temporary → branch): everything it covers is affected.
  const covered = await tx.query<{ organization_id: number | null }>(
    `select organization_id from party_body_coverage where body_id = any($1::bigint[]) and organization_id is not null`,
    [bodyIds],
  );
  return orgIds(uncovered, covered);
}

const orgIds = (...lists: { organization_id: number | null }[][]): number[] => [
  ...new Set(lists.flat().flatMap((r) => (r.organization_id === null ? [] : [r.organization_id]))),
];

export async function upsertMembers(
  tx: Queryable,
  source: string,
  records: readonly MemberRecord[],
  pii: Pii,
  cause: string,
): Promise<number[]> {
  const list = lastByKey(records, (r) => r.idNumber);
  if (list.length === 0) return [];
  const hashes = list.map((r) => pii.hash(r.idNumber));
  return withRelationEvents(tx, MEMBER_EVENTS, hashes, cause, () => writeMembers(tx, source, list, hashes, pii));
}

async function writeMembers(tx: Queryable, source: string, list: readonly MemberRecord[], hashes: string[], pii: Pii): Promise<number[]> {
  // A member who moved employer changes the counts of both.
  const before = await tx.query<{ organization_id: number | null }>(
    `select employer_id as organization_id from members where id_number_hash = any($1::text[])`,
    [hashes],
  );
  const after = await tx.query<{ organization_id: number | null }>(
    `insert into members (id_number_hash, id_number_enc, id_number_masked, name, gender, kind, joined_on, body_code, body_id,
                          employer_key, employer_name, employer_id, relation_held_at, is_mobile, source)
     select v.hash, v.enc, v.masked, v.name, v.gender, v.kind, v.joined::date, v.body, b.id, v.employer, v.employer_name,
            coalesce(o.id, n.id), v.relation, v.mobile, $1
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                 $11::text[], $12::text[], $13::text[], $14::boolean[])
       as v(hash, enc, masked, name, gender, kind, joined, body, employer, employer_name, employer_norm, relation, mobile)
     left join party_bodies b on b.body_code = v.body
     left join organizations o on o.uscc = v.employer and o.merged_into_id is null
     left join lateral (select max(x.id) as id from organizations x
                        where v.employer is null and v.employer_norm is not null and x.normalized_name = v.employer_norm
                          and x.merged_into_id is null having count(*) = 1) n on true
     on conflict (id_number_hash) do update set name = excluded.name, gender = excluded.gender, kind = excluded.kind,
       joined_on = excluded.joined_on, body_code = excluded.body_code, body_id = excluded.body_id,
       employer_key = excluded.employer_key, employer_name = excluded.employer_name, employer_id = excluded.employer_id,
       relation_held_at = excluded.relation_held_at, is_mobile = excluded.is_mobile, updated_at = now()
     returning employer_id as organization_id`,
    [
      source,
      hashes,
      list.map((r) => pii.encrypt(r.idNumber)),
      list.map((r) => maskResidentId(r.idNumber)),
      list.map((r) => r.name),
      list.map((r) => r.gender),
      list.map((r) => r.kind),
      list.map((r) => r.joinedOn),
      list.map((r) => r.bodyCode),
      list.map((r) => r.employerUscc),
      list.map((r) => r.employerName),
      list.map((r) => (r.employerName ? normalizeOrgName(r.employerName) : null)),
      list.map((r) => r.relationHeldAt),
      list.map((r) => r.isMobile),
    ],
  );
  return orgIds(before, after);
}

export async function upsertGuidanceOfficers(
  tx: Queryable,
  source: string,
  records: readonly GuidanceOfficerRecord[],
  pii: Pii,
  cause: string,
): Promise<number[]> {
  const keyOf = (r: GuidanceOfficerRecord) => `${r.name}|${r.phone ? pii.hash(r.phone) : (r.sentBy ?? '')}`;
  const list = lastByKey(records, keyOf);
  if (list.length === 0) return [];
  const rows = await tx.query<{ id: number; officer_key: string }>(
    `insert into guidance_officers (officer_key, name, phone_hash, phone_enc, phone_masked, sent_by, sent_by_code, source)
     select v.key, v.name, v.hash, v.enc, v.masked, v.sent_by, d.code, $1
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       as v(key, name, hash, enc, masked, sent_by, sent_by_code)
     left join departments d on d.code = v.sent_by_code
     on conflict (officer_key) do update set sent_by = excluded.sent_by, sent_by_code = excluded.sent_by_code, updated_at = now()
     returning id, officer_key`,
    [
      source,
      list.map(keyOf),
      list.map((r) => r.name),
      list.map((r) => (r.phone ? pii.hash(r.phone) : null)),
      list.map((r) => (r.phone ? pii.encrypt(r.phone) : null)),
      list.map((r) => (r.phone ? maskPhone(r.phone) : null)),
      list.map((r) => r.sentBy),
      list.map((r) => (r.sentBy ? (matchDepartment(r.sentBy)?.code ?? null) : null)),
    ],
  );
  const idByKey = new Map(rows.map((r) => [r.officer_key, r.id]));
  const pairs = list.flatMap((r) => [...new Set(r.guided)].map((g) => ({ officer: idByKey.get(keyOf(r))!, key: g, on: r.assignedOn })));
  if (pairs.length === 0) return [];
  const keys = pairs.map((p) => `${p.officer}|${p.key}`);
  const assigned = await withRelationEvents(tx, ASSIGNMENT_EVENTS, keys, cause, () =>
    tx.query<{ organization_id: number | null }>(
      `insert into guidance_assignments (officer_id, guided_key, organization_id, assigned_on)
     select v.officer, v.key, o.id, v.on_date::date from unnest($1::bigint[], $2::text[], $3::text[]) as v(officer, key, on_date)
     left join organizations o on o.uscc = v.key and o.merged_into_id is null
     on conflict (officer_id, guided_key) do update set assigned_on = excluded.assigned_on,
       organization_id = coalesce(excluded.organization_id, guidance_assignments.organization_id)
     returning organization_id`,
      [pairs.map((p) => p.officer), pairs.map((p) => p.key), pairs.map((p) => p.on)],
    ),
  );
  return orgIds(assigned);
}

/**
 * Links that could not be made when the row arrived (the organization came later): one
 * set-based pass per relation at the end of a run. Returns the organizations it linked to.
 */
export async function linkPendingRelations(tx: Queryable, cause: string): Promise<number[]> {
  // Bodies that gain their parent or a covered organization: their events come from snapshots.
  const bodies = await tx.query<{ body_code: string }>(
    `select c.body_code from party_bodies c join party_bodies p on p.body_code = c.parent_code where c.parent_id is distinct from p.id
     union
     select b.body_code from party_body_coverage c join party_bodies b on b.id = c.body_id
       join organizations o on o.uscc = c.covered_key and o.merged_into_id is null where c.organization_id is null`,
  );
  const covered = await withRelationEvents(
    tx,
    PARTY_BODY_EVENTS,
    bodies.map((b) => b.body_code),
    cause,
    async () => {
      await tx.query(`update party_bodies c set parent_id = p.id from party_bodies p
                      where p.body_code = c.parent_code and c.parent_id is distinct from p.id`);
      return tx.query<{ organization_id: number }>(`update party_body_coverage c set organization_id = o.id from organizations o
                      where c.organization_id is null and o.uscc = c.covered_key and o.merged_into_id is null returning o.id as organization_id`);
    },
  );
  const guided = await tx.query<LinkedRow>(`update guidance_assignments a set organization_id = o.id from organizations o
                  where a.organization_id is null and o.uscc = a.guided_key and o.merged_into_id is null
                  returning a.id, o.id as organization_id, o.division_code, o.kind`);
  const employed = await tx.query<LinkedRow>(`update members m set employer_id = o.id from organizations o
                  where m.employer_id is null and o.uscc = m.employer_key and o.merged_into_id is null
                  returning m.id, o.id as organization_id, o.division_code, o.kind`);
  await tx.query(`update members m set body_id = b.id from party_bodies b where m.body_id is null and b.body_code = m.body_code`);
  // A membership or assignment now names its organization: that is a change to it.
  const linked = (entityType: Relinked['entityType']) => (r: LinkedRow) => ({
    entityType,
    id: r.id,
    from: null,
    organization: { id: r.organization_id, divisionCode: r.division_code, kind: r.kind },
  });
  await writeChangeEvents(tx, relinkEvents([...guided.map(linked('assignment')), ...employed.map(linked('member'))], cause));
  return orgIds(covered, guided, employed);
}

interface LinkedRow {
  id: number;
  organization_id: number;
  division_code: string | null;
  kind: string | null;
}
