/**
 * Zones (parks, business districts, buildings) and which organizations are in them: a zone
 * lists its units by USCC, or names address words; the listed units win over addresses.
 */
import type { Queryable } from '../../db/client.js';
import { writeChangeEvents } from '../../feed/outbox.js';
import type { ZoneRecord } from '../records.js';

export async function upsertZones(tx: Queryable, source: string, records: readonly ZoneRecord[]): Promise<void> {
  const list = [...new Map(records.map((r) => [`${r.kind}|${r.name}`, r])).values()];
  if (list.length === 0) return;
  await tx.query(
    `insert into zones (kind, name, division_code, keywords, units, source)
     select v.kind, v.name, v.division, v.keywords::text[], v.units::text[], $1
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) as v(kind, name, division, keywords, units)
     on conflict (kind, name) do update set division_code = excluded.division_code, keywords = excluded.keywords,
       units = excluded.units, source = excluded.source, updated_at = now()`,
    [
      source,
      list.map((r) => r.kind),
      list.map((r) => r.name),
      list.map((r) => r.divisionCode),
      // text[] of ragged lists travel as array literals, one per zone.
      list.map((r) => arrayLiteral(r.keywords)),
      list.map((r) => arrayLiteral(r.units)),
    ],
  );
}

const arrayLiteral = (items: readonly string[]) =>
  `{${items.map((i) => `"${i.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;

/**
 * Places every live organization in at most one zone, set-based: an official's choice
 * (a `manual` zone statement, '' for none) first, then a zone listing its USCC, else the first
 * zone (by id) whose keyword its business — else registered — address contains. Returns how
 * many organizations moved.
 */
export async function assignZones(tx: Queryable, cause = 'zones'): Promise<number> {
  const [any] = await tx.query<{ n: number }>(`select count(*)::int as n from zones`);
  const [placed] = await tx.query<{ n: number }>(`select count(*)::int as n from organizations where zone_id is not null`);
  // With no zones and nobody placed there is nothing to do (a manual placement needs a zone).
  if (any!.n === 0 && placed!.n === 0) return 0;
  const moved = await tx.query<{
    id: number;
    old_zone_id: number | null;
    zone_id: number | null;
    division_code: string | null;
    kind: string | null;
  }>(
    `with manual as (
       select distinct on (s.entity_id) s.entity_id as id, nullif(s.value, '')::bigint as zone_id
       from statements s where s.entity_type = 'organization' and s.property = 'zone' and s.source = 'manual'
       order by s.entity_id, s.last_seen desc),
     listed as (
       select distinct on (o.id) o.id, z.id as zone_id
       from zones z cross join lateral unnest(z.units) as u(uscc) join organizations o on o.uscc = u.uscc
       where o.merged_into_id is null and not exists (select 1 from manual m where m.id = o.id) order by o.id, z.id),
     by_address as (
       select distinct on (o.id) o.id, z.id as zone_id
       from organizations o join zones z on exists (
         select 1 from unnest(z.keywords) as k(word)
         where length(k.word) > 0 and strpos(coalesce(o.business_address, o.registered_address, ''), k.word) > 0)
       where o.merged_into_id is null and not exists (select 1 from listed l where l.id = o.id)
         and not exists (select 1 from manual m where m.id = o.id)
       order by o.id, z.id),
     wanted as (select * from manual union all select * from listed union all select * from by_address)
     update organizations o set zone_id = w.zone_id
     from (select o2.id, o2.zone_id as old_zone_id, wanted.zone_id from organizations o2 left join wanted on wanted.id = o2.id
           where o2.merged_into_id is null) w
     where o.id = w.id and o.zone_id is distinct from w.zone_id
     returning o.id, w.old_zone_id, o.zone_id, o.division_code, o.kind`,
  );
  // A move into or out of a zone is a change to the organization, as setZone's is.
  await writeChangeEvents(
    tx,
    moved.map((m) => ({
      entityType: 'organization' as const,
      entityId: m.id,
      kind: 'UPDATED' as const,
      changes: { zoneId: { old: m.old_zone_id, new: m.zone_id } },
      divisionCode: m.division_code,
      orgKind: m.kind,
      cause,
    })),
  );
  return moved.length;
}
