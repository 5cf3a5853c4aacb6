/** Members and pocket members (ID numbers masked). */
import { isPocketMember } from '../../rules/party-coverage.js';
import type { ApiContext } from '../context.js';
import { found, parseId } from '../errors.js';
import {
  decodeCursor,
  decodeKeyCursor,
  encodeKeyCursor,
  keysetConnection,
  pageSize,
  toConnection,
  type Connection,
} from '../pagination.js';
import { Conditions, likeEscape } from '../../db/sql.js';
import type { OrganizationRow } from './organization-row.js';
import { divisionPattern, pocketRelations } from './party-input.js';
import { MEMBER_COLUMNS, type MemberRow } from './party-loaders.js';
import { revealed } from '../personal-data.js';

interface MemberFilter {
  divisionCode?: string | null;
  employerId?: string | null;
  bodyId?: string | null;
  kind?: string | null;
  isMobile?: boolean | null;
  isPocket?: boolean | null;
  nameContains?: string | null;
}

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** Pocket members are listed employer by employer: the cursor holds the employer and the member. */
const POCKET_ORDER = 'pocket:employer';

async function membersPage(ctx: ApiContext, filter: MemberFilter | null | undefined, args: PageArgs): Promise<Connection<MemberRow>> {
  const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
  const after = decodeCursor(args.after);
  const c = new Conditions();
  c.push(ctx.access.members('m'));
  const division = divisionPattern(filter?.divisionCode, 'filter.divisionCode');
  if (division) c.add((p) => `m.employer_id in (select o.id from organizations o where o.division_code like ${p})`, division);
  if (filter?.employerId != null) c.add((p) => `m.employer_id = ${p}`, parseId('filter.employerId', filter.employerId));
  if (filter?.bodyId != null) c.add((p) => `m.body_id = ${p}`, parseId('filter.bodyId', filter.bodyId));
  if (filter?.kind) c.add((p) => `m.kind = ${p}`, filter.kind);
  if (filter?.isMobile != null) c.add((p) => `m.is_mobile = ${p}`, filter.isMobile);
  if (filter?.isPocket != null) {
    const pocket = await pocketRelations(ctx.db);
    if (filter.isPocket) c.add((p) => `m.relation_held_at = any(${p}::text[])`, pocket);
    else c.add((p) => `(m.relation_held_at is null or not (m.relation_held_at = any(${p}::text[])))`, pocket);
  }
  const needle = filter?.nameContains?.trim();
  if (needle) c.add((p) => `m.name ilike ${p}`, `%${likeEscape(needle)}%`);
  const where = c.where();
  const params = c.params;
  const n = params.length;
  const rows = await ctx.db.query<MemberRow>(
    `select ${MEMBER_COLUMNS} from members m where ${where} and m.id > $${n + 1} order by m.id limit $${n + 2}`,
    [...params, after ?? 0, first + 1],
  );
  const count = async () =>
    (await ctx.db.query<{ n: number }>(`select count(*)::int as n from members m where ${where}`, params))[0]?.n ?? 0;
  return toConnection(rows, first, (r) => r.id, after, count);
}

/** Pocket members of live employers in a division subtree, ordered by employer, then member. */
async function pocketPage(ctx: ApiContext, divisionCode: string | null | undefined, args: PageArgs): Promise<Connection<MemberRow>> {
  const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
  const division = divisionPattern(divisionCode, 'divisionCode');
  const after = decodeKeyCursor(args.after, POCKET_ORDER);
  const pocket = await pocketRelations(ctx.db);
  const params: unknown[] = [pocket];
  let where = `m.relation_held_at = any($1::text[]) and o.merged_into_id is null and ${ctx.access.organizations('o')}`;
  if (division) {
    params.push(division);
    where += ` and o.division_code like $2`;
  }
  const countParams = [...params];
  const from = `members m join organizations o on o.id = m.employer_id`;
  let keyset = '';
  if (after) {
    params.push(after.value, after.id);
    keyset = ` and (m.employer_id, m.id) > ($${params.length - 1}::bigint, $${params.length}::bigint)`;
  }
  params.push(first + 1);
  const rows = await ctx.db.query<MemberRow>(
    `select ${MEMBER_COLUMNS} from ${from} where ${where}${keyset} order by m.employer_id, m.id limit $${params.length}`,
    params,
  );
  return keysetConnection(
    rows,
    first,
    (r) => encodeKeyCursor(POCKET_ORDER, r.employerId, r.id),
    after !== null,
    async () => (await ctx.db.query<{ n: number }>(`select count(*)::int as n from ${from} where ${where}`, countParams))[0]?.n ?? 0,
  );
}

export const memberResolvers = {
  Query: {
    /** Unknown and out of scope answer alike: NOT_FOUND. */
    member: async (_: unknown, args: { id: string }, ctx: ApiContext) =>
      found(await ctx.loaders.memberById.load(parseId('id', args.id)), `member ${args.id}`, 'id'),
    members: (_: unknown, args: PageArgs & { filter?: MemberFilter | null }, ctx: ApiContext) => membersPage(ctx, args.filter, args),
    pocketMembers: (_: unknown, args: PageArgs & { divisionCode?: string | null }, ctx: ApiContext) =>
      pocketPage(ctx, args.divisionCode, args),
  },
  Organization: {
    members: (o: OrganizationRow, _: unknown, ctx: ApiContext) => ctx.loaders.membersByEmployer.load(o.id),
  },
  Member: {
    id: (m: MemberRow) => String(m.id),
    body: (m: MemberRow, _: unknown, ctx: ApiContext) => (m.bodyId === null ? null : ctx.loaders.partyBodyById.load(m.bodyId)),
    employer: (m: MemberRow, _: unknown, ctx: ApiContext) =>
      m.employerId === null ? null : ctx.loaders.organizationById.load(m.employerId),
    isPocket: (m: MemberRow) => isPocketMember(m.relationHeldAt),
    idNumber: async (m: MemberRow, _: unknown, ctx: ApiContext) =>
      (await revealed(ctx, { type: 'member', id: m.id, field: 'idNumber' }, m.idNumberMasked, () =>
        ctx.loaders.sealedIdNumberByMember.load(m.id),
      )) ?? m.idNumberMasked,
  },
};
