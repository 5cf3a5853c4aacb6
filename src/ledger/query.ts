/**
 * Reads a ledger page by page (keyset on id), from the stored facts or from facts computed
 * for another as-of date, and labels codes in Chinese for the export.
 */
import type { Queryable } from '../db/client.js';
import { coverageRate } from '../rules/rates.js';
import { ADVICE_LABELS, BODY_KIND_LABELS, ZONE_KIND_LABELS, type LedgerKind } from './columns.js';

export type LedgerRow = Record<string, string | number | boolean | null>;

const PAGE = 2000;

const REGION_JOINS = `
  left join regions rc on rc.code = rpad(substr(o.division_code, 1, 6), 12, '0')
  left join regions rt on rt.code = rpad(substr(o.division_code, 1, 9), 12, '0') and substr(o.division_code, 7, 3) <> '000'`;

const PARTY_COLUMNS = `
  (select string_agg(b->>'name', '；') from jsonb_array_elements(o.facts->'coverage'->'byBody'->'bodies') b) as body_names,
  (select string_agg(distinct b->>'kind', ',') from jsonb_array_elements(o.facts->'coverage'->'byBody'->'bodies') b) as body_kinds,
  o.facts->'coverage'->'byWork'->'evidence'->0->>'property' as work_via,
  (select string_agg(e->>'value', '；') from jsonb_array_elements(o.facts->'coverage'->'byWork'->'evidence') e
     where e->>'property' = 'guidance_officer') as officer_names,
  o.covered_by_body, o.covered_by_work, o.members_total, o.members_formal, o.members_pocket, o.advice, o.facts_as_of::text as facts_as_of`;

function organizationSql(relation: string, kind: 'ENTERPRISE' | 'SOCIAL_ORGANIZATION', scope: string): string {
  const specific =
    kind === 'ENTERPRISE'
      ? `o.enterprise_type, o.industry_code, o.business_address, o.legal_representative, o.headcount, o.headcount_source,
         o.facts->'threeHaves'->'headcount'->>'period' as headcount_period`
      : `o.social_org_type, o.supervising_department_name, o.is_trade_association, o.registered_address,
         o.facts->'operatesNormally'->'evidence'->0->>'period' as inspection_year,
         o.facts->'operatesNormally'->'evidence'->0->>'value' as inspection_result`;
  return `select o.id, o.uscc, o.name, o.division_code, rc.name as county_name, rt.name as township_name, ${specific}, ${PARTY_COLUMNS}
    from ${relation} o ${REGION_JOINS}
    where o.in_ledger and o.merged_into_id is null and o.scope_kind = '${kind}' and o.division_code like $1 || '%' and o.id > $2
      and ${scope}
    order by o.id limit ${PAGE}`;
}

const SOCIAL_TYPE_LABELS: Record<string, string> = { ASSOCIATION: '社会团体', SOCIAL_SERVICE: '社会服务机构', FOUNDATION: '基金会' };
const HEADCOUNT_SOURCE_LABELS: Record<string, string> = {
  SOCIAL_SECURITY: '社保参保人数',
  TAX: '个税扣缴人数',
  ANNUAL_REPORT: '年报从业人数',
};
const yes = (b: unknown) => (b === true ? '是' : b === false ? '否' : null);

function label(row: LedgerRow): LedgerRow {
  const via = row.work_via;
  return {
    ...row,
    covered_by_body: yes(row.covered_by_body),
    body_kinds: row.body_kinds
      ? String(row.body_kinds)
          .split(',')
          .map((k) => BODY_KIND_LABELS[k] ?? k)
          .join('、')
      : null,
    work_coverage: row.covered_by_body
      ? '党组织覆盖'
      : via === 'covered_by'
        ? '临时党支部'
        : via === 'guidance_officer'
          ? '党建工作指导员'
          : '未覆盖',
    advice_label: row.advice ? (ADVICE_LABELS[String(row.advice)] ?? row.advice) : null,
    headcount_source_label: row.headcount_source ? (HEADCOUNT_SOURCE_LABELS[String(row.headcount_source)] ?? null) : null,
    social_org_type_label: row.social_org_type ? (SOCIAL_TYPE_LABELS[String(row.social_org_type)] ?? null) : null,
    trade_association: yes(row.is_trade_association),
  };
}

/** Calls `onPage` with each page of the ledger, in id order. */
export async function readLedger(
  tx: Queryable,
  relation: 'organizations' | 'facts_for_date',
  kind: LedgerKind,
  divisionPrefix: string,
  /** The organizations the reader may see: an SQL predicate over `o`. */
  scope: string,
  onPage: (rows: LedgerRow[]) => Promise<void>,
): Promise<number> {
  if (kind === 'zones') {
    const rows = await readZoneLedger(tx, relation, divisionPrefix, scope);
    if (rows.length) await onPage(rows);
    return rows.length;
  }
  const sql = organizationSql(relation, kind === 'enterprises' ? 'ENTERPRISE' : 'SOCIAL_ORGANIZATION', scope);
  let after = 0;
  let total = 0;
  for (;;) {
    const page = await tx.query<LedgerRow & { id: number }>(sql, [divisionPrefix, after]);
    if (page.length === 0) return total;
    after = page[page.length - 1]!.id;
    total += page.length;
    await onPage(page.map(label));
  }
}

async function readZoneLedger(tx: Queryable, relation: string, divisionPrefix: string, scope: string): Promise<LedgerRow[]> {
  const rows = await tx.query<LedgerRow & { organizations: number; covered_by_body: number; covered_by_work: number }>(
    `select z.kind, z.name as zone_name, z.division_code, rc.name as county_name,
            count(o.id)::int as organizations,
            count(o.id) filter (where o.scope_kind = 'ENTERPRISE')::int as enterprises,
            count(o.id) filter (where o.scope_kind = 'SOCIAL_ORGANIZATION')::int as social_orgs,
            count(o.id) filter (where o.covered_by_body)::int as covered_by_body,
            count(o.id) filter (where o.covered_by_work)::int as covered_by_work,
            coalesce(sum(o.members_total), 0)::int as members_total,
            max(o.facts_as_of)::text as facts_as_of
     from zones z
     left join ${relation} o on o.zone_id = z.id and o.in_ledger and o.merged_into_id is null and ${scope}
     left join regions rc on rc.code = rpad(substr(z.division_code, 1, 6), 12, '0')
     where coalesce(z.division_code, '') like $1 || '%'
     group by z.id, z.kind, z.name, z.division_code, rc.name
     order by z.division_code, z.kind, z.name`,
    [divisionPrefix],
  );
  return rows.map((r) => ({
    ...r,
    zone_kind_label: ZONE_KIND_LABELS[String(r.kind)] ?? r.kind ?? null,
    organizational_rate: coverageRate(r.covered_by_body, r.organizations),
    work_rate: coverageRate(r.covered_by_work, r.organizations),
  }));
}
