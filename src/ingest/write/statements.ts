/**
 * Statements of a batch in one multi-row upsert. A statement's id hashes what makes it the
 * same statement (source, source key, property, period, value), so a row seen again only
 * moves `last_seen`.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/client.js';

export interface StatementRow {
  entityId: number;
  property: string;
  value: string;
  source: string;
  sourceKey: string;
  period: string;
}

/** 128 bits, as a uuid: half the index of a hex text key, and collisions stay out of reach. */
export function statementId(s: Omit<StatementRow, 'entityId'>): string {
  const h = createHash('md5').update(`${s.source}\u0001${s.sourceKey}\u0001${s.property}\u0001${s.period}\u0001${s.value}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * Writes the statements; returns the entities that gained a statement they did not have
 * for one of `watched` properties (only those can project differently — a row seen again,
 * or a new month of headcount, changes no projected column).
 */
export async function upsertStatements(
  tx: Queryable,
  rows: readonly StatementRow[],
  runId: number,
  watched: readonly string[],
): Promise<Set<number>> {
  const byId = new Map<string, StatementRow>();
  for (const r of rows) byId.set(statementId(r), r);
  if (byId.size === 0) return new Set();
  const list = [...byId.entries()];
  const written = await tx.query<{ entity_id: number }>(
    `with written as (
     insert into statements (id, entity_type, entity_id, property, value, source, source_key, period, first_run_id, last_run_id)
     select v.id, 'organization', v.entity_id, v.property, v.value, v.source, v.source_key, v.period, $8, $8
     from unnest($1::uuid[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
       as v(id, entity_id, property, value, source, source_key, period)
     on conflict (id) do update set last_seen = now(), last_run_id = excluded.last_run_id, entity_id = excluded.entity_id
     returning entity_id, property, (xmax = 0) as inserted)
     select distinct entity_id from written where inserted and property = any($9::text[])`,
    [
      list.map(([id]) => id),
      list.map(([, r]) => r.entityId),
      list.map(([, r]) => r.property),
      list.map(([, r]) => r.value),
      list.map(([, r]) => r.source),
      list.map(([, r]) => r.sourceKey),
      list.map(([, r]) => r.period),
      runId,
      watched,
    ],
  );
  return new Set(written.map((w) => w.entity_id));
}
