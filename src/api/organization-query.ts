/**
 * The `organizations` list: a filter becomes one WHERE clause, an order one keyset. Rule
 * filters read the stored facts, or — with `asOf` another date — a temporary table of facts
 * computed for that date over the filter's division subtree, inside one transaction.
 */
import { parseDivisionFilter } from '../domain/division.js';
import { factsRelation } from '../coverage/facts-source.js';
import { parseDate } from '../domain/date.js';
import type { Queryable } from '../db/client.js';
import type { ApiContext } from './context.js';
import type { Access } from '../security/access.js';
import { badInput, parseId } from './errors.js';
import { Conditions, likeEscape } from '../db/sql.js';
import { decodeKeyCursor, encodeKeyCursor, keysetConnection, pageSize, type Connection } from './pagination.js';
import { organizationColumns, type OrganizationRow } from './resolvers/organization-row.js';

export interface OrganizationFilter {
  divisionCode?: string | null;
  kind?: string | null;
  nameContains?: string | null;
  inScope?: boolean | null;
  scopeKind?: string | null;
  threeHaves?: boolean | null;
  inLedger?: boolean | null;
  coveredByBody?: boolean | null;
  coveredByWork?: boolean | null;
  advice?: string | null;
  supervisingDepartment?: string | null;
  industryCommittee?: string | null;
  zone?: string | null;
  asOf?: string | null;
}

export interface OrganizationOrder {
  field?: 'ID' | 'NAME' | 'ESTABLISHED_ON' | 'HEADCOUNT' | null;
  direction?: 'ASC' | 'DESC' | null;
}

/** Filter fields on fact columns (alias `f`: the stored facts, or those of another date). */
const FACT_FILTERS = {
  inScope: 'in_scope',
  scopeKind: 'scope_kind',
  threeHaves: 'three_haves',
  inLedger: 'in_ledger',
  coveredByBody: 'covered_by_body',
  coveredByWork: 'covered_by_work',
  advice: 'advice',
} as const;

/** Sort keys never null, so one row comparison pages through them. */
const ORDER_KEYS = {
  ID: { expr: () => 'o.id', type: 'bigint' },
  NAME: { expr: () => `coalesce(o.name, '')`, type: 'text' },
  ESTABLISHED_ON: { expr: () => `coalesce(o.established_on, '0001-01-01'::date)`, type: 'date' },
  HEADCOUNT: { expr: (f: string) => `coalesce(${f}.headcount, -1)`, type: 'int' },
} as const;

export function divisionPrefix(code: string | null | undefined, field: string): string {
  if (!code) return '';
  const d = parseDivisionFilter(code);
  if (!d.ok) throw badInput(field, d.absent ? 'is empty' : d.reason);
  return d.value.prefix;
}

/**
 * WHERE clause over `organizations o` and the facts alias `f` (`o` itself for stored facts):
 * what the client may see, then the filter; merged-away organizations are never listed.
 */
export function organizationWhere(
  access: Access,
  filter: OrganizationFilter | null | undefined,
  f: 'o' | 'f' = 'o',
): { where: string; params: unknown[] } {
  const c = new Conditions();
  c.push('o.merged_into_id is null');
  c.push(access.organizations('o'));
  const prefix = divisionPrefix(filter?.divisionCode, 'filter.divisionCode');
  if (prefix) c.add((p) => `o.division_code like ${p}`, `${prefix}%`);
  if (filter?.kind) c.add((p) => `o.kind = ${p}`, filter.kind);
  for (const [field, column] of Object.entries(FACT_FILTERS)) {
    const v = filter?.[field as keyof typeof FACT_FILTERS];
    if (v !== null && v !== undefined) c.add((p) => `${f}.${column} = ${p}`, v);
  }
  // The ledger and coverage are subsets of the in-scope rows: saying so lets the planner use
  // the partial coverage index.
  if (filter?.inLedger === true || filter?.coveredByBody === true || filter?.coveredByWork === true) c.push(`${f}.in_scope`);
  if (filter?.supervisingDepartment) c.add((p) => `o.supervising_department_code = ${p}`, filter.supervisingDepartment);
  if (filter?.industryCommittee)
    c.add((p) => `o.industry_committee_id = ${p}`, parseId('filter.industryCommittee', filter.industryCommittee));
  if (filter?.zone) c.add((p) => `o.zone_id = ${p}`, parseId('filter.zone', filter.zone));
  if (filter?.nameContains) {
    const needle = filter.nameContains.trim();
    if (needle) c.add((p) => `(o.name ilike ${p} or o.normalized_name ilike ${p})`, `%${likeEscape(needle)}%`);
  }
  return { where: c.where(), params: c.params };
}

export interface PageArgs {
  filter?: OrganizationFilter | null;
  orderBy?: OrganizationOrder | null;
  first?: number | null;
  after?: string | null;
}

/** One page of organizations with a lazily counted total; in a transaction when facts of another date are needed. */
export async function organizationsPage(ctx: ApiContext, args: PageArgs): Promise<Connection<OrganizationRow>> {
  const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
  const date = args.filter?.asOf;
  if (date != null && !(/^\d{4}-\d{2}-\d{2}$/.test(date) && parseDate(date).ok)) throw badInput('filter.asOf', 'expected YYYY-MM-DD');
  if (date == null || date === ctx.rules.asOf()) return page(ctx.db, ctx.access, 'o', args, first);
  const prefix = divisionPrefix(args.filter?.divisionCode, 'filter.divisionCode');
  return ctx.db.transaction(async (tx) => {
    const relation = await factsRelation(tx, date, prefix, ctx, ctx.access.organizations('o'));
    const result = await page(tx, ctx.access, relation === 'organizations' ? 'o' : 'f', args, first);
    // The temporary table ends with the transaction: count now.
    const total = await result.totalCount();
    return { ...result, totalCount: () => Promise.resolve(total) };
  });
}

async function page(
  q: Queryable,
  access: Access,
  factsAlias: 'o' | 'f',
  args: PageArgs,
  first: number,
): Promise<Connection<OrganizationRow>> {
  const field = args.orderBy?.field ?? 'ID';
  const desc = args.orderBy?.direction === 'DESC';
  const key = ORDER_KEYS[field];
  const from = factsAlias === 'f' ? 'organizations o join facts_for_date f on f.id = o.id' : 'organizations o';
  const expr = key.expr(factsAlias);
  const { where: whereSql, params } = organizationWhere(access, args.filter, factsAlias);
  const countParams = [...params];
  const order = `${field}:${desc ? 'D' : 'A'}`;
  const after = decodeKeyCursor(args.after, order);
  let keyset = '';
  if (after) {
    params.push(after.value, after.id);
    keyset = ` and (${expr}, o.id) ${desc ? '<' : '>'} ($${params.length - 1}::${key.type}, $${params.length}::bigint)`;
  }
  params.push(first + 1);
  const dir = desc ? 'desc' : 'asc';
  const rows = await q.query<OrganizationRow & { sortKey: unknown }>(
    `select ${organizationColumns(factsAlias)}, ${expr} as "sortKey" from ${from}
     where ${whereSql}${keyset} order by ${expr} ${dir}, o.id ${dir} limit $${params.length}`,
    params,
  );
  return keysetConnection(
    rows,
    first,
    (r) => encodeKeyCursor(order, r.sortKey, r.id),
    after !== null,
    async () => (await q.query<{ n: number }>(`select count(*)::int as n from ${from} where ${whereSql}`, countParams))[0]?.n ?? 0,
  );
}
