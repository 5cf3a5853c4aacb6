/** Organizations: lookup, the filtered and ordered list, and the fields dashboards read. */
import { parseUscc } from '../../domain/uscc.js';
import type { ApiContext } from '../context.js';
import { badInput, found, parseId } from '../errors.js';
import { ORGANIZATION_COLUMNS, type OrganizationRow } from './organization-row.js';
import { PROJECTED_PROPERTIES } from '../../resolve/projection.js';
import { choose } from '../../resolve/survivorship.js';
import { organizationsPage, type PageArgs } from '../organization-query.js';
import { organizationMutations } from './organization-mutations.js';
import type { OrganizationFacts } from '../../rules/evaluate.js';

/** The stored facts' evidence (the `facts` JSON), through the request's facts loader. */
const storedFacts = (o: OrganizationRow, ctx: ApiContext): Promise<OrganizationFacts | null> =>
  o.factsAsOf ? ctx.loaders.facts.load(`${o.factsAsOf}|${o.id}`) : Promise.resolve(null);

/** The organization of a USCC the client may see; BAD_USER_INPUT for a malformed code, NOT_FOUND for none or one out of scope. */
export async function organizationByUscc(ctx: ApiContext, uscc: string, field = 'uscc'): Promise<OrganizationRow> {
  const parsed = parseUscc(uscc);
  if (parsed.kind === 'absent' || parsed.kind === 'masked' || parsed.kind === 'invalid')
    throw badInput(field, parsed.kind === 'invalid' ? parsed.reason : `is ${parsed.kind}`);
  const rows = await ctx.db.query<OrganizationRow>(
    `select ${ORGANIZATION_COLUMNS} from organizations o where o.uscc = $1 and o.merged_into_id is null and ${ctx.access.organizations('o')}`,
    [parsed.code],
  );
  return found(rows[0], `organization ${parsed.code}`, field);
}

export const organizationResolvers = {
  Query: {
    /** Unknown and out of the client's scope answer alike (NOT_FOUND): existence does not leak. */
    async organization(_: unknown, args: { id?: string | null; uscc?: string | null }, ctx: ApiContext) {
      if (args.id != null) return found(await ctx.loaders.organizationById.load(parseId('id', args.id)), `organization ${args.id}`, 'id');
      if (args.uscc != null) return organizationByUscc(ctx, args.uscc);
      throw badInput('organization', 'give id or uscc');
    },
    organizations: (_: unknown, args: PageArgs, ctx: ApiContext) => organizationsPage(ctx, args),
  },
  Mutation: organizationMutations,
  Organization: {
    id: (o: OrganizationRow) => String(o.id),
    status: (o: OrganizationRow) => o.registrationStatus,
    division: (o: OrganizationRow, _: unknown, ctx: ApiContext) =>
      o.divisionCode ? ctx.loaders.regionOfDivision.load(o.divisionCode) : null,
    industrySection: (o: OrganizationRow) => (o.industryCode && /^[A-T]/.test(o.industryCode) ? o.industryCode[0] : null),
    supervisingDepartment: (o: OrganizationRow, _: unknown, ctx: ApiContext) =>
      o.supervisingDepartmentCode ? ctx.loaders.departmentByCode.load(o.supervisingDepartmentCode) : null,
    industryCommittee: (o: OrganizationRow, _: unknown, ctx: ApiContext) =>
      o.industryCommitteeId ? ctx.loaders.partyBodyById.load(Number(o.industryCommitteeId)) : null,
    zone: (o: OrganizationRow, _: unknown, ctx: ApiContext) => (o.zoneId ? ctx.loaders.zoneById.load(Number(o.zoneId)) : null),
    scope: (o: OrganizationRow) =>
      o.factsAsOf === null
        ? null
        : { inScope: o.inScope === true, reason: o.scopeReasons?.[0] ?? null, reasons: o.scopeReasons ?? [], kind: o.scopeKind },
    async threeHaves(o: OrganizationRow, _: unknown, ctx: ApiContext) {
      if (o.threeHaves === null || o.factsAsOf === null) return null;
      return {
        value: o.threeHaves,
        has10Employees: o.has10Employees === true,
        hasPremises: o.hasPremises === true,
        hasBusinessActivity: o.hasBusinessActivity === true,
        evidence: async () => {
          const t = (await storedFacts(o, ctx))?.threeHaves;
          return t ? [...t.employees.evidence, ...t.premises.evidence, ...t.activity.evidence] : [];
        },
      };
    },
    timeline: (o: OrganizationRow, _: unknown, ctx: ApiContext) => ctx.loaders.timelineByOrganization.load(o.id),
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
  TimelineEntry: { detail: (t: { detail: unknown }) => t.detail ?? null },
};
