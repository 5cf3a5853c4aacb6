import { parseUscc } from '../../domain/uscc.js';
import { parseDivision } from '../../domain/division.js';
import type { ApiContext } from '../context.js';
import { badInput } from '../errors.js';
import { likeEscape } from '../sql.js';
import { decodeCursor, pageSize, toConnection } from '../pagination.js';
import { ORGANIZATION_COLUMNS, type OrganizationRow } from './organization-row.js';
import { PROJECTED_PROPERTIES } from '../../resolve/projection.js';
import { choose } from '../../resolve/survivorship.js';

interface OrganizationFilter {
  divisionCode?: string | null;
  kind?: string | null;
  nameContains?: string | null;
  inScope?: boolean | null;
  scopeKind?: string | null;
  inLedger?: boolean | null;
  coveredByBody?: boolean | null;
  coveredByWork?: boolean | null;
  advice?: string | null;
}

/** Filter fields on stored fact columns. */
const FACT_FILTERS = {
  inScope: 'in_scope',
  scopeKind: 'scope_kind',
  inLedger: 'in_ledger',
  coveredByBody: 'covered_by_body',
  coveredByWork: 'covered_by_work',
  advice: 'advice',
} as const;

/** WHERE clause and parameters for a filter; merged-away organizations are never listed. */
function organizationWhere(filter: OrganizationFilter | null | undefined): { where: string; params: unknown[] } {
  const clauses = ['o.merged_into_id is null'];
  const params: unknown[] = [];
  const add = (clause: (p: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(clause(`$${params.length}`));
  };
  if (filter?.divisionCode) {
    const d = parseDivision(filter.divisionCode);
    if (!d.ok) throw badInput('filter.divisionCode', d.reason);
    add((p) => `o.division_code like ${p}`, `${d.value.prefix}%`);
  }
  if (filter?.kind) add((p) => `o.kind = ${p}`, filter.kind);
  for (const [field, column] of Object.entries(FACT_FILTERS)) {
    const v = filter?.[field as keyof typeof FACT_FILTERS];
    if (v !== null && v !== undefined) add((p) => `o.${column} = ${p}`, v);
  }
  if (filter?.nameContains) {
    const needle = filter.nameContains.trim();
    if (needle) add((p) => `(o.name ilike ${p} or o.normalized_name ilike ${p})`, `%${likeEscape(needle)}%`);
  }
  return { where: clauses.join(' and '), params };
}

export const organizationResolvers = {
  Query: {
    async organization(_: unknown, args: { id?: string | null; uscc?: string | null }, ctx: ApiContext) {
      if (args.id != null) {
        if (!/^\d{1,15}$/.test(args.id)) throw badInput('id', 'is not an organization id');
        return ctx.loaders.organizationById.load(Number(args.id));
      }
      if (args.uscc != null) {
        const parsed = parseUscc(args.uscc);
        if (parsed.kind === 'absent' || parsed.kind === 'masked' || parsed.kind === 'invalid') {
          throw badInput('uscc', parsed.kind === 'invalid' ? parsed.reason : `is ${parsed.kind}`);
        }
        const rows = await ctx.db.query<OrganizationRow>(
          `select ${ORGANIZATION_COLUMNS} from organizations o where o.uscc = $1 and o.merged_into_id is null`,
          [parsed.code],
        );
        return rows[0] ?? null;
      }
      throw badInput('organization', 'give id or uscc');
    },
    async organizations(
      _: unknown,
      args: { filter?: OrganizationFilter | null; first?: number | null; after?: string | null },
      ctx: ApiContext,
    ) {
      const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
      const after = decodeCursor(args.after);
      const { where, params } = organizationWhere(args.filter);
      const pageParams = [...params, after ?? 0, first + 1];
      const rows = await ctx.db.query<OrganizationRow>(
        `select ${ORGANIZATION_COLUMNS} from organizations o where ${where} and o.id > $${params.length + 1}
         order by o.id limit $${params.length + 2}`,
        pageParams,
      );
      const count = async () => {
        const [r] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from organizations o where ${where}`, params);
        return r?.n ?? 0;
      };
      return toConnection(rows, first, (r) => r.id, after, count);
    },
  },
  Organization: {
    id: (o: OrganizationRow) => String(o.id),
    sources: (o: OrganizationRow, _: unknown, ctx: ApiContext) => ctx.loaders.sourcesByOrganization.load(o.id),
    async provenance(o: OrganizationRow, args: { property: string }, ctx: ApiContext) {
      if (!/^[a-z][a-z0-9_]{0,47}$/.test(args.property))
        throw badInput('property', 'is a statement property such as name or business_address');
      const rows = await ctx.loaders.statementsByOrganizationProperty.load(`${o.id}\u0001${args.property}`);
      const choice = PROJECTED_PROPERTIES.includes(args.property) ? choose(args.property, rows, ctx.priorities) : null;
      return rows.map((r) => ({
        ...r,
        period: r.period || null,
        chosen: r.id === choice?.statement.id,
        why: r.id === choice?.statement.id ? choice.why : null,
      }));
    },
  },
};
