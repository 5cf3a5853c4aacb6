/**
 * Loaders of the Party side (bodies, members, officers, mass organizations), created per request
 * for one client, each query limited to what it may see (src/security/access.ts).
 * Rows carry only what the API may show: members and officers are selected without their
 * sealed or hashed personal data, so no resolver can leak it by accident.
 */
import DataLoader from 'dataloader';
import type { Access } from '../../security/access.js';
import type { Queryable } from '../../db/client.js';
import { loadMany, loadOne } from '../loaders.js';
import { selectCamel } from '../../db/sql.js';

export const PARTY_BODY_COLUMNS = selectCamel('b', [
  'id',
  'body_code',
  'name',
  'kind',
  'formation',
  'parent_id',
  'parent_code',
  'founded_on',
  'dissolved_on',
  'division_code',
  'is_industry_committee',
  'department_code',
  'source',
]);

export interface PartyBodyRow {
  [k: string]: unknown;
  id: number;
  bodyCode: string;
  name: string;
  kind: string;
  formation: string | null;
  parentId: number | null;
  parentCode: string | null;
  foundedOn: string | null;
  dissolvedOn: string | null;
  divisionCode: string | null;
  isIndustryCommittee: boolean;
  departmentCode: string | null;
  source: string;
}

/** No id_number_hash / id_number_enc: the masked number is all the API has. */
export const MEMBER_COLUMNS = selectCamel('m', [
  'id',
  'name',
  'id_number_masked',
  'gender',
  'kind',
  'joined_on',
  'body_code',
  'body_id',
  'employer_name',
  'employer_id',
  'relation_held_at',
  'is_mobile',
  'source',
]);

export interface MemberRow {
  [k: string]: unknown;
  id: number;
  name: string;
  idNumberMasked: string;
  gender: string | null;
  kind: string | null;
  joinedOn: string | null;
  bodyCode: string | null;
  bodyId: number | null;
  employerName: string | null;
  employerId: number | null;
  relationHeldAt: string | null;
  isMobile: boolean | null;
  source: string;
}

/** No phone_hash / phone_enc. */
export const OFFICER_COLUMNS = selectCamel('g', ['id', 'name', 'phone_masked', 'sent_by', 'sent_by_code', 'source']);

export interface OfficerRow {
  [k: string]: unknown;
  id: number;
  name: string;
  phoneMasked: string | null;
  sentBy: string | null;
  sentByCode: string | null;
  source: string;
}

export const ASSIGNMENT_COLUMNS = selectCamel('a', ['officer_id', 'guided_key', 'organization_id', 'assigned_on', 'withdrawn_on']);

export interface AssignmentRow {
  [k: string]: unknown;
  officerId: number;
  guidedKey: string;
  organizationId: number | null;
  assignedOn: string | null;
  withdrawnOn: string | null;
}

export interface MassOrganizationRow {
  [k: string]: unknown;
  id: number;
  organizationId: number;
  kind: string;
  name: string | null;
  foundedOn: string | null;
  source: string;
}

/** Many-to-many links as id lists: the other side goes through its own (cached) by-id loader. */
function linkedIds(db: Queryable, sql: string): DataLoader<number, number[]> {
  return new DataLoader(async (keys) => {
    const rows = await db.query<{ k: number; id: number }>(sql, [keys]);
    const byKey = new Map<number, number[]>();
    for (const r of rows) byKey.set(r.k, [...(byKey.get(r.k) ?? []), r.id]);
    return keys.map((k) => byKey.get(k) ?? []);
  });
}

function sealed(db: Queryable, sql: string): DataLoader<number, string | null> {
  return new DataLoader(async (ids) => {
    const rows = await db.query<{ id: number; sealed: string | null }>(sql, [ids]);
    const byId = new Map(rows.map((r) => [r.id, r.sealed]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

export function createPartyLoaders(db: Queryable, access: Access) {
  const bodies = access.partyBodies('b');
  const members = access.members('m');
  return {
    partyBodyById: loadOne<PartyBodyRow>(
      db,
      `select ${PARTY_BODY_COLUMNS} from party_bodies b where b.id = any($1::bigint[]) and ${bodies}`,
      'id',
    ),
    partyBodyByCode: loadOne<PartyBodyRow>(
      db,
      `select ${PARTY_BODY_COLUMNS} from party_bodies b where b.body_code = any($1::text[]) and ${bodies}`,
      'bodyCode',
    ),
    /** Every body listing the organization among the units it covers, dissolved ones included. */
    partyBodiesByOrganization: loadMany<PartyBodyRow & { organizationId: number }>(
      db,
      `select distinct c.organization_id as "organizationId", ${PARTY_BODY_COLUMNS}
       from party_body_coverage c join party_bodies b on b.id = c.body_id
       where c.organization_id = any($1::bigint[]) and ${bodies} order by "organizationId", "id"`,
      'organizationId',
    ),
    partyBodyChildren: loadMany<PartyBodyRow>(
      db,
      `select ${PARTY_BODY_COLUMNS} from party_bodies b where b.parent_id = any($1::bigint[]) and ${bodies} order by b.id`,
      'parentId',
    ),
    /** Covered keys not linked to an organization yet have no organization to show. */
    coveredOrganizationIdsByBody: linkedIds(
      db,
      `select distinct c.body_id as k, c.organization_id as id from party_body_coverage c join organizations o on o.id = c.organization_id
       where c.body_id = any($1::bigint[]) and ${access.organizations('o')} order by 1, 2`,
    ),
    memberById: loadOne<MemberRow>(db, `select ${MEMBER_COLUMNS} from members m where m.id = any($1::bigint[]) and ${members}`, 'id'),
    membersByEmployer: loadMany<MemberRow>(
      db,
      `select ${MEMBER_COLUMNS} from members m where m.employer_id = any($1::bigint[]) and ${members} order by m.id`,
      'employerId',
    ),
    membersByBody: loadMany<MemberRow>(
      db,
      `select ${MEMBER_COLUMNS} from members m where m.body_id = any($1::bigint[]) and ${members} order by m.id`,
      'bodyId',
    ),
    memberCountByBody: new DataLoader<number, number>(async (keys) => {
      const rows = await db.query<{ k: number; n: number }>(
        `select m.body_id as k, count(*)::int as n from members m where m.body_id = any($1::bigint[]) and ${members} group by m.body_id`,
        [keys],
      );
      const byKey = new Map(rows.map((r) => [r.k, r.n]));
      return keys.map((k) => byKey.get(k) ?? 0);
    }),
    guidanceOfficerById: loadOne<OfficerRow>(
      db,
      `select ${OFFICER_COLUMNS} from guidance_officers g where g.id = any($1::bigint[]) and ${access.officers('g')}`,
      'id',
    ),
    assignmentsByOrganization: loadMany<AssignmentRow>(
      db,
      `select ${ASSIGNMENT_COLUMNS} from guidance_assignments a where a.organization_id = any($1::bigint[]) and ${access.assignments('a')}
       order by a.assigned_on nulls first, a.officer_id, a.guided_key`,
      'organizationId',
    ),
    assignmentsByOfficer: loadMany<AssignmentRow>(
      db,
      `select ${ASSIGNMENT_COLUMNS} from guidance_assignments a where a.officer_id = any($1::bigint[]) and ${access.assignments('a')}
       order by a.assigned_on nulls first, a.guided_key`,
      'officerId',
    ),
    /** Sealed personal data, for the resolvers that reveal it to a client allowed to see it (../personal-data.ts). */
    sealedIdNumberByMember: sealed(
      db,
      `select m.id, m.id_number_enc as sealed from members m where m.id = any($1::bigint[]) and ${members}`,
    ),
    sealedPhoneByOfficer: sealed(
      db,
      `select g.id, g.phone_enc as sealed from guidance_officers g where g.id = any($1::bigint[]) and ${access.officers('g')}`,
    ),
    massOrganizationsByOrganization: loadMany<MassOrganizationRow>(
      db,
      `select ${selectCamel('x', ['id', 'organization_id', 'kind', 'name', 'founded_on', 'source'])}
       from mass_organizations x where x.organization_id = any($1::bigint[]) order by x.id`,
      'organizationId',
    ),
  };
}

export type PartyLoaders = ReturnType<typeof createPartyLoaders>;
