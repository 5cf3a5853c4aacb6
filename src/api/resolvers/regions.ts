/** Departments, the division tree and zones: the reference data dashboards navigate by. */
import type { ApiContext } from '../context.js';
import { badInput, parseId } from '../errors.js';
import { likeEscape } from '../../db/sql.js';
import { organizationsPage, divisionPrefix } from '../organization-query.js';
import { REGION_COLUMNS, ZONE_COLUMNS, type DepartmentRow, type RegionRow, type ZoneRow } from './loaders.js';

const regionCode = (field: string, code: string): string => {
  if (!/^\d{6}$|^\d{9}$|^\d{12}$/.test(code.trim())) throw badInput(field, 'expected a 6-, 9- or 12-digit division code');
  return code.trim().padEnd(12, '0');
};

export const regionResolvers = {
  Query: {
    departments: (_: unknown, __: unknown, ctx: ApiContext) =>
      ctx.db.query<DepartmentRow>(`select code, name, aliases, roles from departments order by sort_order, code`),
    department: (_: unknown, args: { code: string }, ctx: ApiContext) => ctx.loaders.departmentByCode.load(args.code),
    async regions(_: unknown, args: { parent?: string | null }, ctx: ApiContext) {
      if (args.parent != null) return ctx.loaders.regionsByParent.load(regionCode('parent', args.parent));
      // The hub's home region (HUB_HOME_REGION, e.g. 1503) is the root a dashboard starts from;
      // without one, the provinces.
      const home = ctx.env.HUB_HOME_REGION;
      if (!home) return ctx.db.query<RegionRow>(`select ${REGION_COLUMNS} from regions where parent_code is null order by code`);
      return ctx.db.query<RegionRow>(`select ${REGION_COLUMNS} from regions where code = rpad($1, 12, '0')`, [home.padEnd(6, '0')]);
    },
    region: (_: unknown, args: { code: string }, ctx: ApiContext) => ctx.loaders.regionByCode.load(regionCode('code', args.code)),
    zones(_: unknown, args: { divisionCode?: string | null; kind?: string | null; nameContains?: string | null }, ctx: ApiContext) {
      const prefix = divisionPrefix(args.divisionCode, 'divisionCode');
      return ctx.db.query<ZoneRow>(
        `select ${ZONE_COLUMNS} from zones
         where coalesce(division_code, '') like $1 and ($2::text is null or kind = $2) and ($3::text is null or name like $3)
         order by id`,
        [`${prefix}%`, args.kind ?? null, args.nameContains?.trim() ? `%${likeEscape(args.nameContains.trim())}%` : null],
      );
    },
    zone: (_: unknown, args: { id: string }, ctx: ApiContext) => ctx.loaders.zoneById.load(parseId('id', args.id)),
  },
  Department: {
    industryCommittees: (d: DepartmentRow, _: unknown, ctx: ApiContext) => ctx.loaders.industryCommitteesByDepartment.load(d.code),
    organizations: (
      d: DepartmentRow,
      args: { divisionCode?: string | null; first?: number | null; after?: string | null },
      ctx: ApiContext,
    ) =>
      organizationsPage(ctx, {
        filter: { supervisingDepartment: d.code, divisionCode: args.divisionCode },
        first: args.first,
        after: args.after,
      }),
  },
  Region: {
    parent: (r: RegionRow, _: unknown, ctx: ApiContext) => (r.parentCode ? ctx.loaders.regionByCode.load(r.parentCode) : null),
    children: (r: RegionRow, _: unknown, ctx: ApiContext) => ctx.loaders.regionsByParent.load(r.code),
  },
  Zone: {
    id: (z: ZoneRow) => String(z.id),
    organizations: (z: ZoneRow, args: { first?: number | null; after?: string | null }, ctx: ApiContext) =>
      organizationsPage(ctx, { filter: { zone: String(z.id) }, first: args.first, after: args.after }),
    organizationCount: (z: ZoneRow, _: unknown, ctx: ApiContext) => ctx.loaders.organizationCountByZone.load(Number(z.id)),
  },
};
