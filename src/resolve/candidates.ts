/**
 * Candidate lookups for a batch of records: one indexed query per key kind (`= any($1)`),
 * never one per record. Choosing among the candidates is pure (`pickMatch`).
 */
import type { Queryable } from '../db/client.js';
import type { MatchMethod, ResolveInput } from './resolver.js';

interface NameCandidate {
  id: number;
  hasUscc: boolean;
}

export interface Candidates {
  links: Map<string, number>;
  byUscc: Map<string, number>;
  /** organization code → ids (several means ambiguous: no match) */
  byOrgCode: Map<string, number[]>;
  byRegNo: Map<string, number[]>;
  /** `${county}|${normalizedName}` → organizations */
  byName: Map<string, NameCandidate[]>;
  /** county name (所属区县) → 6-digit code */
  counties: Map<string, string>;
}

const unique = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => Boolean(v)))];

function group<K>(rows: { k: K; id: number }[]): Map<K, number[]> {
  const out = new Map<K, number[]>();
  for (const r of rows) out.set(r.k, [...(out.get(r.k) ?? []), r.id]);
  return out;
}

export async function findCandidates(
  tx: Queryable,
  connector: string,
  inputs: readonly ResolveInput[],
  homeRegion: string,
): Promise<Candidates> {
  const links = await tx.query<{ k: string; id: number }>(
    `select source_key as k, entity_id as id from source_links where connector = $1 and entity_type = 'organization' and source_key = any($2::text[])`,
    [connector, inputs.map((i) => i.sourceKey)],
  );
  const codes = unique(inputs.flatMap((i) => [i.keys.uscc, i.keys.usccCheckFailed]));
  const uscc = codes.length
    ? await tx.query<{ k: string; id: number }>(
        `select uscc as k, id from organizations where uscc = any($1::text[]) and merged_into_id is null`,
        [codes],
      )
    : [];
  const orgCodes = unique(inputs.filter((i) => !i.keys.usccCheckFailed).map((i) => i.keys.orgCode));
  const org = orgCodes.length
    ? await tx.query<{ k: string; id: number }>(
        `select org_code as k, id from organizations where org_code = any($1::text[]) and merged_into_id is null`,
        [orgCodes],
      )
    : [];
  const regNos = unique(inputs.filter((i) => !i.keys.usccCheckFailed).map((i) => i.keys.regNo));
  const reg = regNos.length
    ? await tx.query<{ k: string; id: number }>(
        `select reg_no as k, id from organizations where reg_no = any($1::text[]) and merged_into_id is null`,
        [regNos],
      )
    : [];
  const countyNames = unique(inputs.map((i) => (i.keys.countyCode ? undefined : i.keys.countyName)));
  const counties = countyNames.length
    ? await tx.query<{ name: string; code: string }>(
        `select distinct on (name) name, substr(prefix, 1, 6) as code from regions
         where level = 3 and name = any($1::text[]) and prefix like $2 || '%' order by name, code`,
        [countyNames, homeRegion],
      )
    : [];
  const countyByName = new Map(counties.map((c) => [c.name, c.code]));
  const named = inputs.filter((i) => i.keys.normalizedName && !i.keys.usccCheckFailed);
  const pairs = named
    .map(
      (i) => [i.keys.countyCode ?? (i.keys.countyName ? countyByName.get(i.keys.countyName) : undefined), i.keys.normalizedName!] as const,
    )
    .filter((p): p is readonly [string, string] => Boolean(p[0]));
  const names = pairs.length
    ? await tx.query<{ county: string; name: string; id: number; has_uscc: boolean }>(
        `select o.county_code as county, o.normalized_name as name, o.id, o.uscc is not null as has_uscc
         from organizations o join unnest($1::text[], $2::text[]) as v(county, name) on o.county_code = v.county and o.normalized_name = v.name
         where o.merged_into_id is null`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      )
    : [];
  const byName = new Map<string, NameCandidate[]>();
  for (const n of names) {
    const key = `${n.county}|${n.name}`;
    const list = byName.get(key) ?? [];
    if (!list.some((c) => c.id === n.id)) list.push({ id: n.id, hasUscc: n.has_uscc });
    byName.set(key, list);
  }
  return {
    links: new Map(links.map((l) => [l.k, l.id])),
    byUscc: new Map(uscc.map((r) => [r.k, r.id])),
    byOrgCode: group(org),
    byRegNo: group(reg),
    byName,
    counties: countyByName,
  };
}

/**
 * The strongest match for one record: its existing link; its USCC; a check-failed USCC held
 * by an organization (that code links by nothing else, DOMAIN.md); a unique organization
 * code; a unique registration number; a unique same-named organization in its county — for
 * a record with a USCC, only one that has no USCC yet.
 */
export function pickMatch(input: ResolveInput, c: Candidates): { id: number; method: MatchMethod } | null {
  const link = c.links.get(input.sourceKey);
  if (link !== undefined) return { id: link, method: 'LINK' };
  const { keys } = input;
  if (keys.uscc && c.byUscc.has(keys.uscc)) return { id: c.byUscc.get(keys.uscc)!, method: 'USCC' };
  if (keys.usccCheckFailed) {
    const id = c.byUscc.get(keys.usccCheckFailed);
    return id === undefined ? null : { id, method: 'USCC_FLAGGED' };
  }
  const only = (ids: number[] | undefined) => (ids && new Set(ids).size === 1 ? ids[0]! : undefined);
  const byOrg = keys.orgCode ? only(c.byOrgCode.get(keys.orgCode)) : undefined;
  if (byOrg !== undefined) return { id: byOrg, method: 'ORG_CODE' };
  const byReg = keys.regNo ? only(c.byRegNo.get(keys.regNo)) : undefined;
  if (byReg !== undefined) return { id: byReg, method: 'REG_NO' };
  const county = countyOf(input, c);
  if (county && keys.normalizedName) {
    const list = (c.byName.get(`${county}|${keys.normalizedName}`) ?? []).filter((o) => !keys.uscc || !o.hasUscc);
    if (list.length === 1) return { id: list[0]!.id, method: 'NAME' };
  }
  return null;
}

/** The record's county: its code, or its county name resolved within the home region. */
export function countyOf(input: ResolveInput, c: Candidates): string | undefined {
  const { keys } = input;
  return keys.countyCode ?? (keys.countyName ? c.counties.get(keys.countyName) : undefined);
}
