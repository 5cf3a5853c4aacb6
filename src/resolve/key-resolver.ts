/**
 * Resolution by keys, strongest first: an existing link for the source key; a valid USCC;
 * a check-failed USCC that an organization already holds; the organization code; the old
 * registration number; the exact normalized name within the county (only when it names
 * one organization). What matches nothing is created when the record may create.
 */
import type { Queryable } from '../db/client.js';
import type { MatchMethod, Resolution, ResolveInput, Resolver } from './resolver.js';

interface MatchRow {
  [k: string]: unknown;
  idx: number;
  entity_id: number | null;
  method: MatchMethod | null;
}

const MATCH_SQL = `
with input as (
  select * from unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
    as t(idx, source_key, uscc, uscc_cf, org_code, reg_no, norm_name, county_code, county_name)
),
counties as (
  -- A county given by name resolves within the home region when one is configured.
  select i.idx, coalesce(i.county_code, (
    select substr(r.prefix, 1, 6) from regions r
    where r.level = 3 and r.name = i.county_name and r.prefix like $11 || '%'
    order by r.code limit 1)) as county
  from input i
)
select i.idx,
  coalesce(l.entity_id, u.id, cf.id, oc.id, rn.id, nm.id) as entity_id,
  case when l.entity_id is not null then 'LINK' when u.id is not null then 'USCC' when cf.id is not null then 'USCC_FLAGGED'
       when oc.id is not null then 'ORG_CODE' when rn.id is not null then 'REG_NO' when nm.id is not null then 'NAME' end as method
from input i
join counties c on c.idx = i.idx
left join source_links l on l.connector = $1 and l.source_key = i.source_key and l.entity_type = 'organization'
left join lateral (select o.id from organizations o where i.uscc is not null and o.uscc = i.uscc and o.merged_into_id is null limit 1) u on true
left join lateral (select o.id from organizations o where i.uscc_cf is not null and o.uscc = i.uscc_cf and o.merged_into_id is null limit 1) cf on true
left join lateral (
  select max(o.id) as id from organizations o
  where i.org_code is not null and i.uscc_cf is null and o.org_code = i.org_code and o.merged_into_id is null
  having count(*) = 1) oc on true
left join lateral (
  select max(o.id) as id from organizations o
  where i.reg_no is not null and i.uscc_cf is null and o.reg_no = i.reg_no and o.merged_into_id is null
  having count(*) = 1) rn on true
left join lateral (
  -- A record with a USCC may only claim a same-named organization that has none yet; a
  -- check-failed code never links by anything but the code itself (DOMAIN.md).
  select max(o.id) as id from organizations o
  where i.norm_name is not null and i.uscc_cf is null and c.county is not null and o.county_code = c.county
    and o.normalized_name = i.norm_name and o.merged_into_id is null
    and (i.uscc is null or o.uscc is null)
  having count(*) = 1) nm on true`;

const SCORES: Record<MatchMethod, number> = { LINK: 1, USCC: 1, USCC_FLAGGED: 0.95, ORG_CODE: 0.99, REG_NO: 0.99, NAME: 0.9, NEW: 1 };

export class KeyResolver implements Resolver {
  constructor(private readonly homeRegionPrefix = '') {}

  async resolve(tx: Queryable, connector: string, inputs: readonly ResolveInput[]): Promise<Map<string, Resolution>> {
    const out = new Map<string, Resolution>();
    // Records with codes first, so a name-only record of the same batch can meet the
    // organization a coded record has just created.
    const coded = inputs.filter((i) => i.keys.uscc || i.keys.usccCheckFailed || i.keys.orgCode || i.keys.regNo);
    const nameOnly = inputs.filter((i) => !coded.includes(i));
    await this.pass(tx, connector, coded, out);
    await this.pass(tx, connector, nameOnly, out);
    await upsertLinks(tx, connector, out);
    return out;
  }

  private async pass(tx: Queryable, connector: string, inputs: readonly ResolveInput[], out: Map<string, Resolution>): Promise<void> {
    if (inputs.length === 0) return;
    const col = <T>(f: (i: ResolveInput) => T | undefined) => inputs.map((i) => f(i) ?? null);
    const rows = await tx.query<MatchRow>(MATCH_SQL, [
      connector,
      inputs.map((_, i) => i),
      col((i) => i.sourceKey),
      col((i) => i.keys.uscc),
      col((i) => i.keys.usccCheckFailed),
      col((i) => i.keys.orgCode),
      col((i) => i.keys.regNo),
      col((i) => i.keys.normalizedName),
      col((i) => i.keys.countyCode),
      col((i) => i.keys.countyName),
      this.homeRegionPrefix,
    ]);
    const toCreate: ResolveInput[] = [];
    for (const row of rows) {
      const input = inputs[row.idx]!;
      if (row.entity_id !== null && row.method) {
        out.set(input.sourceKey, {
          resolved: true,
          entityId: row.entity_id,
          method: row.method,
          score: SCORES[row.method],
          created: false,
        });
      } else if (input.keys.usccCheckFailed && !input.keys.uscc) {
        out.set(input.sourceKey, {
          resolved: false,
          reason: `CHECK_DIGIT: USCC ${input.keys.usccCheckFailed} fails its check digit and no other source carries it`,
        });
      } else {
        toCreate.push(input);
      }
    }
    for (const [key, id] of await createOrganizations(tx, toCreate)) {
      out.set(key, { resolved: true, entityId: id, method: 'NEW', score: 1, created: true });
    }
  }
}

/**
 * New organizations with their keys; ids are drawn first so each input knows its own. A
 * check-failed USCC becomes the organization's code (flagged) only when corroborated.
 */
export async function createOrganizations(tx: Queryable, inputs: readonly ResolveInput[]): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  if (inputs.length === 0) return created;
  const ids = await tx.query<{ id: number }>(`select nextval('organizations_id_seq')::bigint as id from generate_series(1, $1::int)`, [
    inputs.length,
  ]);
  const rows = await tx.query<{ id: number }>(
    `insert into organizations (id, uscc, uscc_check_failed, org_code, reg_no, name, normalized_name, county_code)
     select v.id, coalesce(v.uscc, v.uscc_cf), v.uscc is null and v.uscc_cf is not null, v.org_code, v.reg_no, v.name, v.norm, v.county
     from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])
       as v(id, uscc, org_code, reg_no, name, norm, county, uscc_cf)
     on conflict (uscc) do nothing
     returning id`,
    [
      ids.map((r) => r.id),
      inputs.map((i) => i.keys.uscc ?? null),
      inputs.map((i) => i.keys.orgCode ?? null),
      inputs.map((i) => i.keys.regNo ?? null),
      inputs.map((i) => i.keys.name ?? null),
      inputs.map((i) => i.keys.normalizedName ?? null),
      inputs.map((i) => i.keys.countyCode ?? null),
      inputs.map((i) => i.keys.usccCheckFailed ?? null),
    ],
  );
  const inserted = new Set(rows.map((r) => r.id));
  const lost: ResolveInput[] = [];
  inputs.forEach((input, i) => {
    const id = ids[i]!.id;
    if (inserted.has(id)) created.set(input.sourceKey, id);
    else lost.push(input);
  });
  // Another run created the same USCC meanwhile: take its organization.
  if (lost.length > 0) {
    const existing = await tx.query<{ id: number; uscc: string }>(`select id, uscc from organizations where uscc = any($1::text[])`, [
      lost.map((i) => i.keys.uscc ?? i.keys.usccCheckFailed),
    ]);
    const byUscc = new Map(existing.map((r) => [r.uscc, r.id]));
    for (const input of lost) {
      const id = byUscc.get((input.keys.uscc ?? input.keys.usccCheckFailed)!);
      if (id !== undefined) created.set(input.sourceKey, id);
    }
  }
  return created;
}

export async function upsertLinks(tx: Queryable, connector: string, resolutions: ReadonlyMap<string, Resolution>): Promise<void> {
  const keys: string[] = [];
  const ids: number[] = [];
  const methods: string[] = [];
  const scores: number[] = [];
  for (const [key, r] of resolutions) {
    if (!r.resolved || r.method === 'LINK') continue;
    keys.push(key);
    ids.push(r.entityId);
    methods.push(r.method);
    scores.push(r.score);
  }
  if (keys.length === 0) return;
  await tx.query(
    `insert into source_links (connector, source_key, entity_type, entity_id, method, score)
     select $1, * from unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::real[]) as t(k, et, id, m, s)
     on conflict (connector, source_key) do update set entity_id = excluded.entity_id, method = excluded.method,
       score = excluded.score, updated_at = now()`,
    [connector, keys, keys.map(() => 'organization'), ids, methods, scores],
  );
}
