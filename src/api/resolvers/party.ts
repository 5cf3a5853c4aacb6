/** Party bodies, guidance officers, mass organizations: queries and the officials' mutations. */
import { normalizeCode } from '../../domain/text.js';
import type { ApiContext } from '../context.js';
import { badInput, found, parseId } from '../errors.js';
import { decodeCursor, pageSize, toConnection } from '../pagination.js';
import { Conditions, likeEscape } from '../../db/sql.js';
import type { OrganizationRow } from './organization-row.js';
import { guidanceMutations } from './guidance-mutations.js';
import { divisionPattern, isActiveAssignment } from './party-input.js';
import {
  OFFICER_COLUMNS,
  PARTY_BODY_COLUMNS,
  type AssignmentRow,
  type MassOrganizationRow,
  type OfficerRow,
  type PartyBodyRow,
} from './party-loaders.js';
import { partyBodyMutations } from './party-mutations.js';
import { revealed } from '../personal-data.js';

interface PartyBodyFilter {
  divisionCode?: string | null;
  kind?: string | null;
  isIndustryCommittee?: boolean | null;
  nameContains?: string | null;
  includeDissolved?: boolean | null;
}

interface GuidanceOfficerFilter {
  divisionCode?: string | null;
  nameContains?: string | null;
  activeOnly?: boolean | null;
}

interface PageArgs<F> {
  filter?: F | null;
  first?: number | null;
  after?: string | null;
}

/** One keyset page over `table alias` by `alias.id`, counted only when asked. */
async function page<R extends { id: number }>(
  ctx: ApiContext,
  args: PageArgs<unknown>,
  select: string,
  table: string,
  alias: string,
  c: Conditions,
) {
  const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
  const after = decodeCursor(args.after);
  const where = c.where();
  const n = c.params.length;
  const rows = await ctx.db.query<R>(
    `select ${select} from ${table} ${alias} where ${where} and ${alias}.id > $${n + 1} order by ${alias}.id limit $${n + 2}`,
    [...c.params, after ?? 0, first + 1],
  );
  const count = async () =>
    (await ctx.db.query<{ n: number }>(`select count(*)::int as n from ${table} ${alias} where ${where}`, c.params))[0]?.n ?? 0;
  return toConnection(rows, first, (r) => r.id, after, count);
}

export const partyResolvers = {
  Query: {
    /** Unknown and out of scope answer alike: NOT_FOUND. */
    async partyBody(_: unknown, args: { id?: string | null; bodyCode?: string | null }, ctx: ApiContext) {
      if (args.id != null) return found(await ctx.loaders.partyBodyById.load(parseId('id', args.id)), `party body ${args.id}`, 'id');
      if (args.bodyCode != null) {
        const code = normalizeCode(args.bodyCode);
        return found(await ctx.loaders.partyBodyByCode.load(code), `party body ${code}`, 'bodyCode');
      }
      throw badInput('partyBody', 'give id or bodyCode');
    },
    partyBodies(_: unknown, args: PageArgs<PartyBodyFilter>, ctx: ApiContext) {
      const f = args.filter;
      const c = new Conditions();
      c.push(ctx.access.partyBodies('b'));
      const division = divisionPattern(f?.divisionCode, 'filter.divisionCode');
      if (division) c.add((p) => `b.division_code like ${p}`, division);
      if (f?.kind) c.add((p) => `b.kind = ${p}`, f.kind);
      if (f?.isIndustryCommittee != null) c.add((p) => `b.is_industry_committee = ${p}`, f.isIndustryCommittee);
      const needle = f?.nameContains?.trim();
      if (needle) c.add((p) => `b.name ilike ${p}`, `%${likeEscape(needle)}%`);
      if (!f?.includeDissolved) c.add((p) => `(b.dissolved_on is null or b.dissolved_on > ${p}::date)`, ctx.rules.asOf());
      return page<PartyBodyRow>(ctx, args, PARTY_BODY_COLUMNS, 'party_bodies', 'b', c);
    },
    guidanceOfficers(_: unknown, args: PageArgs<GuidanceOfficerFilter>, ctx: ApiContext) {
      const f = args.filter;
      const c = new Conditions();
      c.push(ctx.access.officers('g'));
      // Division and activeOnly together mean one assignment that is both in the subtree and
      // current: an officer active elsewhere and withdrawn here is not active here.
      const inAssignment: string[] = [];
      const division = divisionPattern(f?.divisionCode, 'filter.divisionCode');
      if (division) {
        c.params.push(division);
        inAssignment.push(`o.division_code like $${c.params.length}`);
      }
      if (f?.activeOnly) {
        c.params.push(ctx.rules.asOf());
        const p = `$${c.params.length}`;
        inAssignment.push(
          `(a.assigned_on is null or a.assigned_on <= ${p}::date)`,
          `(a.withdrawn_on is null or a.withdrawn_on > ${p}::date)`,
        );
      }
      // Only assignments the client may see count: a visible officer's work elsewhere is not its business.
      if (inAssignment.length)
        c.push(`exists (select 1 from guidance_assignments a left join organizations o on o.id = a.organization_id
                             where a.officer_id = g.id and ${inAssignment.join(' and ')} and ${ctx.access.assignments('a')})`);
      const needle = f?.nameContains?.trim();
      if (needle) c.add((p) => `g.name ilike ${p}`, `%${likeEscape(needle)}%`);
      return page<OfficerRow>(ctx, args, OFFICER_COLUMNS, 'guidance_officers', 'g', c);
    },
  },
  Mutation: { ...partyBodyMutations, ...guidanceMutations },
  Organization: {
    /** Bodies that cover it now: a body dissolved by the hub's as-of date no longer does. */
    async partyBodies(o: OrganizationRow, _: unknown, ctx: ApiContext) {
      const asOf = ctx.rules.asOf();
      return (await ctx.loaders.partyBodiesByOrganization.load(o.id)).filter((b) => b.dissolvedOn === null || b.dissolvedOn > asOf);
    },
    guidanceOfficers: (o: OrganizationRow, _: unknown, ctx: ApiContext) => ctx.loaders.assignmentsByOrganization.load(o.id),
    massOrganizations: (o: OrganizationRow, _: unknown, ctx: ApiContext) => ctx.loaders.massOrganizationsByOrganization.load(o.id),
  },
  PartyBody: {
    id: (b: PartyBodyRow) => String(b.id),
    parent: (b: PartyBodyRow, _: unknown, ctx: ApiContext) => (b.parentId === null ? null : ctx.loaders.partyBodyById.load(b.parentId)),
    children: (b: PartyBodyRow, _: unknown, ctx: ApiContext) => ctx.loaders.partyBodyChildren.load(b.id),
    department: (b: PartyBodyRow, _: unknown, ctx: ApiContext) =>
      b.departmentCode === null ? null : ctx.loaders.departmentByCode.load(b.departmentCode),
    async covers(b: PartyBodyRow, _: unknown, ctx: ApiContext) {
      const ids = await ctx.loaders.coveredOrganizationIdsByBody.load(b.id);
      const rows = await ctx.loaders.organizationById.loadMany(ids);
      const failed = rows.find((r) => r instanceof Error);
      if (failed) throw failed;
      return rows.filter((r): r is OrganizationRow => r !== null);
    },
    members: (b: PartyBodyRow, _: unknown, ctx: ApiContext) => ctx.loaders.membersByBody.load(b.id),
    memberCount: (b: PartyBodyRow, _: unknown, ctx: ApiContext) => ctx.loaders.memberCountByBody.load(b.id),
  },
  GuidanceOfficer: {
    id: (g: OfficerRow) => String(g.id),
    phone: (g: OfficerRow, _: unknown, ctx: ApiContext) =>
      revealed(ctx, { type: 'guidanceOfficer', id: g.id, field: 'phone' }, g.phoneMasked, () =>
        ctx.loaders.sealedPhoneByOfficer.load(g.id),
      ),
    sentByDepartment: (g: OfficerRow, _: unknown, ctx: ApiContext) =>
      g.sentByCode === null ? null : ctx.loaders.departmentByCode.load(g.sentByCode),
    async assignments(g: OfficerRow, args: { includeWithdrawn?: boolean | null }, ctx: ApiContext) {
      const all = await ctx.loaders.assignmentsByOfficer.load(g.id);
      if (args.includeWithdrawn !== false) return all;
      const asOf = ctx.rules.asOf();
      return all.filter((a) => a.withdrawnOn === null || a.withdrawnOn > asOf);
    },
  },
  GuidanceAssignment: {
    async officer(a: AssignmentRow, _: unknown, ctx: ApiContext) {
      const officer = await ctx.loaders.guidanceOfficerById.load(a.officerId);
      // The foreign key cascades, so an assignment always has its officer.
      if (!officer) throw new Error(`guidance officer ${a.officerId} of an assignment is missing`);
      return officer;
    },
    organization: (a: AssignmentRow, _: unknown, ctx: ApiContext) =>
      a.organizationId === null ? null : ctx.loaders.organizationById.load(a.organizationId),
    active: (a: AssignmentRow, _: unknown, ctx: ApiContext) => isActiveAssignment(a, ctx.rules.asOf()),
  },
  MassOrganization: {
    id: (m: MassOrganizationRow) => String(m.id),
  },
};
