/** Every relation's loader, created per request for one client: what it may not see is not loaded. */
import DataLoader from 'dataloader';
import type { Access } from '../../security/access.js';
import type { Queryable } from '../../db/client.js';
import { loadMany, loadOne } from '../loaders.js';
import { ORGANIZATION_COLUMNS, type OrganizationRow, type SourceLinkRow } from './organization-row.js';
import { timelineLoader } from './timeline.js';
import { lastRunLoader } from './runs.js';
import { PARTY_BODY_COLUMNS, type PartyBodyRow } from './party-loaders.js';

export interface DepartmentRow {
  [k: string]: unknown;
  code: string;
  name: string;
  aliases: string[];
  roles: string[];
}

export interface RegionRow {
  [k: string]: unknown;
  code: string;
  name: string;
  level: number;
  parentCode: string | null;
}

export interface ZoneRow {
  [k: string]: unknown;
  id: number;
  kind: string;
  name: string;
  divisionCode: string | null;
  keywords: string[];
}

export const REGION_COLUMNS = `code, name, level, parent_code as "parentCode"`;
export const ZONE_COLUMNS = `id, kind, name, division_code as "divisionCode", keywords`;

export function createLoaders(db: Queryable, access: Access) {
  return {
    organizationById: loadOne<OrganizationRow>(
      db,
      `select ${ORGANIZATION_COLUMNS} from organizations o where o.id = any($1::bigint[]) and ${access.organizations('o')}`,
      'id',
    ),
    statementsByOrganizationProperty: statementsByOrganizationProperty(db),
    /** `${connector}\u0001${sourceKey}` → the organization the record is linked to now. */
    linkBySourceKey: new DataLoader<string, number | null>(async (keys) => {
      const pairs = keys.map((k) => k.split('\u0001') as [string, string]);
      const rows = await db.query<{ k: string; id: number }>(
        `select l.connector || chr(1) || l.source_key as k, coalesce(o.merged_into_id, o.id) as id
         from source_links l join unnest($1::text[], $2::text[]) as v(c, s) on l.connector = v.c and l.source_key = v.s
         join organizations o on o.id = l.entity_id`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
      const byKey = new Map(rows.map((r) => [r.k, r.id]));
      return keys.map((k) => byKey.get(k) ?? null);
    }),
    departmentByCode: loadOne<DepartmentRow>(db, `select code, name, aliases, roles from departments where code = any($1::text[])`, 'code'),
    regionByCode: loadOne<RegionRow>(db, `select ${REGION_COLUMNS} from regions where code = any($1::text[])`, 'code'),
    /** An organization's division → the most specific region the tree holds (it may stop above communities). */
    regionOfDivision: new DataLoader<string, RegionRow | null>(async (codes) => {
      const levels = (code: string) => [12, 9, 6, 4].map((keep) => code.slice(0, keep).padEnd(12, '0'));
      const rows = await db.query<RegionRow>(`select ${REGION_COLUMNS} from regions where code = any($1::text[])`, [
        [...new Set(codes.flatMap(levels))],
      ]);
      const byCode = new Map(rows.map((r) => [r.code, r]));
      return codes.map(
        (c) =>
          levels(c)
            .map((l) => byCode.get(l))
            .find((r) => r !== undefined) ?? null,
      );
    }),
    regionsByParent: loadMany<RegionRow>(
      db,
      `select ${REGION_COLUMNS} from regions where parent_code = any($1::text[]) order by code`,
      'parentCode',
    ),
    zoneById: loadOne<ZoneRow>(db, `select ${ZONE_COLUMNS} from zones where id = any($1::bigint[])`, 'id'),
    organizationCountByZone: new DataLoader<number, number>(async (ids) => {
      const rows = await db.query<{ id: number; n: number }>(
        `select o.zone_id as id, count(*)::int as n from organizations o
         where o.zone_id = any($1::bigint[]) and o.merged_into_id is null and ${access.organizations('o')} group by o.zone_id`,
        [ids],
      );
      const byId = new Map(rows.map((r) => [Number(r.id), r.n]));
      return ids.map((id) => byId.get(id) ?? 0);
    }),
    timelineByOrganization: timelineLoader(db),
    lastRunByConnector: lastRunLoader(db),
    industryCommitteesByDepartment: loadMany<PartyBodyRow & { departmentCode: string }>(
      db,
      `select ${PARTY_BODY_COLUMNS} from party_bodies b
       where b.department_code = any($1::text[]) and b.is_industry_committee and ${access.partyBodies('b')} order by b.id`,
      'departmentCode',
    ),
    sourcesByOrganization: loadMany<SourceLinkRow>(
      db,
      `select entity_id as "entityId", connector, source_key as "sourceKey", method, score from source_links
       where entity_type = 'organization' and entity_id = any($1::bigint[]) order by connector, source_key`,
      'entityId',
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

export interface StatementRow {
  id: string;
  entityId: number;
  property: string;
  value: string;
  source: string;
  sourceKey: string;
  period: string;
  firstSeen: string;
  lastSeen: string;
}

/** Statements of (organization, property) pairs, one query for every pair a request asks for. */
export function statementsByOrganizationProperty(db: Queryable): DataLoader<string, StatementRow[]> {
  return new DataLoader(async (keys) => {
    const pairs = keys.map((k) => k.split('\u0001') as [string, string]);
    const rows = await db.query<StatementRow>(
      `select s.id, s.entity_id as "entityId", s.property, s.value, s.source, s.source_key as "sourceKey", s.period,
              s.first_seen as "firstSeen", s.last_seen as "lastSeen"
       from statements s join unnest($1::bigint[], $2::text[]) as k(id, property)
         on s.entity_type = 'organization' and s.entity_id = k.id and s.property = k.property
       order by s.period desc, s.last_seen desc`,
      [pairs.map((p) => Number(p[0])), pairs.map((p) => p[1])],
    );
    const grouped = new Map<string, StatementRow[]>();
    for (const r of rows) {
      const key = `${r.entityId}\u0001${r.property}`;
      grouped.set(key, [...(grouped.get(key) ?? []), r]);
    }
    return keys.map((k) => grouped.get(k) ?? []);
  });
}
