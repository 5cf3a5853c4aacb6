/** Coverage figures, ledgers and gap lists: the questions a dashboard asks of the stored facts. */
import { CoverageInputError, type CoverageGroup, type CoverageGrouping, type CoverageReport } from '../../coverage/report.js';
import { adviceGaps, jointBranchPlan, pocketMembersByEmployer } from '../../coverage/gaps.js';
import type { LedgerKind } from '../../ledger/columns.js';
import { divisionPrefixOf, ledgerFileName, LedgerInputError } from '../../ledger/export.js';
import { parseDate } from '../../domain/date.js';
import type { ApiContext } from '../context.js';
import { cachedCoverageReport } from '../coverage-cache.js';
import { signDownload } from '../../security/download-token.js';
import { badInput } from '../errors.js';
import { organizationsPage, divisionPrefix } from '../organization-query.js';
import { ZONE_COLUMNS, type ZoneRow } from './loaders.js';

const GROUPING: Record<string, CoverageGrouping> = {
  TOTAL: 'total',
  COUNTY: 'county',
  TOWNSHIP: 'township',
  COMMUNITY: 'community',
  KIND: 'kind',
  DEPARTMENT: 'department',
  INDUSTRY_COMMITTEE: 'industryCommittee',
};
const LEDGER: Record<string, LedgerKind> = { ENTERPRISES: 'enterprises', SOCIAL_ORGANIZATIONS: 'social-organizations', ZONES: 'zones' };
const LEDGER_SCOPE: Record<string, string | null> = { ENTERPRISES: 'ENTERPRISE', SOCIAL_ORGANIZATIONS: 'SOCIAL_ORGANIZATION', ZONES: null };

export interface CoverageArgs {
  divisionCode?: string | null;
  kind?: string | null;
  asOf?: string | null;
}

function checkAsOf(asOf: string | null | undefined): void {
  if (asOf != null && !(/^\d{4}-\d{2}-\d{2}$/.test(asOf) && parseDate(asOf).ok)) throw badInput('asOf', 'expected YYYY-MM-DD');
}

async function report(ctx: ApiContext, args: CoverageArgs, by: CoverageGrouping): Promise<CoverageReport> {
  checkAsOf(args.asOf);
  try {
    return await cachedCoverageReport(ctx, { division: args.divisionCode, by, asOf: args.asOf, scope: ctx.access.organizations('o') });
  } catch (err) {
    if (err instanceof CoverageInputError) throw badInput('divisionCode', err.message.replace(/^division: /, ''));
    throw err;
  }
}

const coverageOf = (r: CoverageReport, g: CoverageGroup) => ({
  asOf: r.asOf,
  divisionCode: r.division?.code ?? null,
  divisionName: r.division?.name ?? null,
  key: g.key,
  label: g.label,
  total: g.total,
  kind: g.kind,
  inScope: g.inScope,
  ledgerOrganizations: g.ledger,
  coveredByBody: g.coveredByBody,
  coveredByWork: g.coveredByWork,
  organizationalCoverageRate: g.organizationalRate,
  workCoverageRate: g.workRate,
});

const EMPTY = { inScope: 0, ledger: 0, coveredByBody: 0, coveredByWork: 0, organizationalRate: null, workRate: null };

/**
 * The download's path with a signed token for this client that expires (a browser following
 * the link sends no key; src/security/download-token.ts).
 */
const ledgerPath = (ctx: ApiContext, kind: LedgerKind, format: 'xlsx' | 'csv', divisionCode?: string | null, asOf?: string | null) => {
  const q = new URLSearchParams();
  if (divisionCode) q.set('division', divisionCode);
  if (asOf) q.set('asOf', asOf);
  const resource = `/ledgers/${kind}.${format}${q.size ? `?${q}` : ''}`;
  const token = signDownload(ctx.pii, {
    clientId: ctx.access.principal.clientId,
    resource,
    expiresAt: Date.now() + ctx.env.HUB_DOWNLOAD_LINK_SECONDS * 1000,
  });
  return `${resource}${q.size ? '&' : '?'}token=${token}`;
};

function checkedPrefix(divisionCode: string | null | undefined): string {
  try {
    return divisionPrefixOf(divisionCode);
  } catch (err) {
    if (err instanceof LedgerInputError) throw badInput('divisionCode', err.message);
    throw err;
  }
}

interface LedgerParent {
  kind: string;
  divisionCode: string | null;
  asOf: string;
  requestedAsOf: string | null;
}

/** The `Coverage` of a subtree and kind: the query's answer, and what `coverageChanged` compares. */
export async function totalCoverage(ctx: ApiContext, args: CoverageArgs) {
  const r = await report(ctx, args, 'total');
  const kind = args.kind ?? 'ALL';
  const g = r.groups.find((x) => x.total && x.kind === kind) ?? { ...EMPTY, total: true, key: null, label: null, kind };
  return coverageOf(r, g as CoverageGroup);
}

export const coverageResolvers = {
  Query: {
    coverage: (_: unknown, args: CoverageArgs, ctx: ApiContext) => totalCoverage(ctx, args),
    async coverageBreakdown(_: unknown, args: CoverageArgs & { by: string }, ctx: ApiContext) {
      const r = await report(ctx, args, GROUPING[args.by]!);
      const kind = args.kind ?? 'ALL';
      const rows = r.groups.filter((g) => g.kind === kind);
      if (!rows.some((g) => g.total)) rows.push({ ...EMPTY, total: true, key: null, label: null, kind: kind as CoverageGroup['kind'] });
      return rows.map((g) => coverageOf(r, g));
    },
    gaps(_: unknown, args: { divisionCode?: string | null }) {
      return { prefix: checkedPrefix(args.divisionCode) };
    },
    ledger(_: unknown, args: { kind: string; divisionCode?: string | null; asOf?: string | null }, ctx: ApiContext): LedgerParent {
      checkAsOf(args.asOf);
      checkedPrefix(args.divisionCode);
      return {
        kind: args.kind,
        divisionCode: args.divisionCode ?? null,
        asOf: args.asOf ?? ctx.rules.asOf(),
        requestedAsOf: args.asOf ?? null,
      };
    },
    ledgerDownload(
      _: unknown,
      args: { kind: string; format?: string | null; divisionCode?: string | null; asOf?: string | null },
      ctx: ApiContext,
    ) {
      checkAsOf(args.asOf);
      checkedPrefix(args.divisionCode);
      const kind = LEDGER[args.kind]!;
      const format = (args.format ?? 'XLSX').toLowerCase() as 'xlsx' | 'csv';
      return {
        url: ledgerPath(ctx, kind, format, args.divisionCode, args.asOf),
        fileName: ledgerFileName({ kind, format, division: args.divisionCode }, args.asOf ?? ctx.rules.asOf()),
      };
    },
  },
  Ledger: {
    organizations(l: LedgerParent, args: { first?: number | null; after?: string | null }, ctx: ApiContext) {
      const scopeKind = LEDGER_SCOPE[l.kind];
      if (!scopeKind) return { totalCount: () => 0, edges: [], nodes: [], pageInfo: { hasNextPage: false, hasPreviousPage: false } };
      return organizationsPage(ctx, {
        filter: { inLedger: true, scopeKind, divisionCode: l.divisionCode, asOf: l.requestedAsOf },
        first: args.first,
        after: args.after,
      });
    },
    async zones(l: LedgerParent, _: unknown, ctx: ApiContext) {
      if (l.kind !== 'ZONES') return [];
      const prefix = divisionPrefix(l.divisionCode, 'divisionCode');
      return ctx.db.query<ZoneRow>(`select ${ZONE_COLUMNS} from zones where coalesce(division_code, '') like $1 order by id`, [
        `${prefix}%`,
      ]);
    },
    download(l: LedgerParent, args: { format?: string | null }, ctx: ApiContext) {
      const kind = LEDGER[l.kind]!;
      const format = (args.format ?? 'XLSX').toLowerCase() as 'xlsx' | 'csv';
      return {
        url: ledgerPath(ctx, kind, format, l.divisionCode, l.requestedAsOf),
        fileName: ledgerFileName({ kind, format, division: l.divisionCode }, l.asOf),
      };
    },
  },
  Gaps: {
    byAdvice: async (g: { prefix: string }, _: unknown, ctx: ApiContext) =>
      (await adviceGaps(ctx.db, g.prefix, ctx.access.organizations('o'))).map((a) => ({ ...a, count: a.organizations.length })),
    pocketMembers: (g: { prefix: string }, _: unknown, ctx: ApiContext) =>
      pocketMembersByEmployer(ctx.db, g.prefix, ctx.access.organizations('o')),
    jointBranches: (g: { prefix: string }, _: unknown, ctx: ApiContext) => jointBranchPlan(ctx.db, g.prefix, ctx.access.organizations('o')),
  },
};
