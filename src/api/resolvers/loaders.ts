/** Every relation's loader, created per request. */
import DataLoader from 'dataloader';
import type { Queryable } from '../../db/client.js';
import { loadMany, loadOne } from '../loaders.js';
import { ORGANIZATION_COLUMNS, type OrganizationRow, type SourceLinkRow } from './organization-row.js';

export function createLoaders(db: Queryable) {
  return {
    organizationById: loadOne<OrganizationRow>(
      db,
      `select ${ORGANIZATION_COLUMNS} from organizations o where o.id = any($1::bigint[])`,
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
