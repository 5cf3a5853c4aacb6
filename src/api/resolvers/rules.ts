/**
 * Derived facts on organizations (stored, or computed for another as-of date through one
 * batched loader), coverage reports and ledger download links.
 */
import DataLoader from 'dataloader';
import { coverageReport, CoverageInputError, type CoverageGrouping } from '../../coverage/report.js';
import { computeFacts } from '../../facts/derive.js';
import type { LedgerKind } from '../../ledger/columns.js';
import { divisionPrefixOf, ledgerFileName, LedgerInputError } from '../../ledger/export.js';
import { asOf as toAsOf } from '../../rules/as-of.js';
import type { OrganizationFacts } from '../../rules/evaluate.js';
import type { ApiContext } from '../context.js';
import { badInput } from '../errors.js';
import type { OrganizationRow } from './organization-row.js';
import { adviceGaps, jointBranchPlan, pocketMembersByEmployer } from '../../coverage/gaps.js';

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

/** key `${asOf}|${id}`: stored facts when they are of that date, the rest computed in one batch per date. */
export function createFactsLoader(ctx: Pick<ApiContext, 'db' | 'rules' | 'priorities'>) {
  return new DataLoader<string, OrganizationFacts | null>(async (keys) => {
    const byDate = new Map<string, number[]>();
    for (const k of keys) {
      const [date, id] = k.split('|') as [string, string];
      byDate.set(date, [...(byDate.get(date) ?? []), Number(id)]);
    }
    const found = new Map<string, OrganizationFacts>();
    for (const [date, ids] of byDate) {
      const stored = await ctx.db.query<{ id: number; facts: OrganizationFacts }>(
        `select id, facts from organizations where id = any($1::bigint[]) and facts_as_of = $2::date and facts is not null`,
        [ids, date],
      );
      for (const s of stored) found.set(`${date}|${s.id}`, s.facts);
      const missing = ids.filter((id) => !found.has(`${date}|${id}`));
      if (missing.length) {
        const computed = await computeFacts(ctx.db, missing, toAsOf(date, ctx.rules.config), ctx.rules, ctx.priorities);
        for (const [id, f] of computed) found.set(`${date}|${id}`, f);
      }
    }
    return keys.map((k) => found.get(k) ?? null);
  });
}

const facts = (f: OrganizationFacts) => ({
  asOf: f.asOf,
  inScope: f.scope.inScope,
  scopeKind: f.scope.kind,
  scopeReasons: f.scope.reasons,
  primaryReason: f.scope.primaryReason,
  scopeChecks: f.scope.checks,
  threeHaves: f.threeHaves && {
    ...f.threeHaves,
    headcount: f.threeHaves.headcount.count,
    headcountSource: f.threeHaves.headcount.source,
    headcountPeriod: f.threeHaves.headcount.period,
  },
  operatesNormally: f.operatesNormally,
  inLedger: f.inLedger,
  ledger: f.ledger,
  coveredByBody: f.coverage.byBody,
  coveredByWork: f.coverage.byWork,
  bodies: f.coverage.byBody.bodies,
  members: f.members,
  advice: f.advice?.advice ?? null,
  adviceWhy: f.advice?.why ?? null,
});

export const ruleResolvers = {
  Organization: {
    async facts(o: OrganizationRow, args: { asOf?: string | null }, ctx: ApiContext) {
      const date = args.asOf ?? ctx.rules.asOf();
      const f = await ctx.loaders.facts.load(`${date}|${o.id}`);
      return f ? facts(f) : null;
    },
  },
  Fact: { period: (f: { period: string }) => f.period || null },
  Gaps: {
    byAdvice: async (g: { prefix: string }, _: unknown, ctx: ApiContext) =>
      (await adviceGaps(ctx.db, g.prefix)).map((a) => ({ ...a, count: a.organizations.length })),
    pocketMembers: (g: { prefix: string }, _: unknown, ctx: ApiContext) => pocketMembersByEmployer(ctx.db, g.prefix),
    jointBranches: (g: { prefix: string }, _: unknown, ctx: ApiContext) => jointBranchPlan(ctx.db, g.prefix),
  },
  Query: {
    async coverage(_: unknown, args: { divisionCode?: string | null; by?: string | null; asOf?: string | null }, ctx: ApiContext) {
      try {
        const r = await coverageReport(ctx.db, ctx, { division: args.divisionCode, by: GROUPING[args.by ?? 'TOTAL'], asOf: args.asOf });
        return { asOf: r.asOf, divisionCode: r.division?.code ?? null, divisionName: r.division?.name ?? null, groups: r.groups };
      } catch (err) {
        if (err instanceof CoverageInputError) throw badInput('divisionCode', err.message);
        throw err;
      }
    },
    gaps(_: unknown, args: { divisionCode?: string | null }) {
      try {
        return { prefix: divisionPrefixOf(args.divisionCode) };
      } catch (err) {
        if (err instanceof LedgerInputError) throw badInput('divisionCode', err.message);
        throw err;
      }
    },
    ledgerDownload(
      _: unknown,
      args: { kind: string; format?: string | null; divisionCode?: string | null; asOf?: string | null },
      ctx: ApiContext,
    ) {
      const kind = LEDGER[args.kind]!;
      const format = (args.format ?? 'XLSX').toLowerCase() as 'xlsx' | 'csv';
      try {
        divisionPrefixOf(args.divisionCode);
      } catch (err) {
        if (err instanceof LedgerInputError) throw badInput('divisionCode', err.message);
        throw err;
      }
      const q = new URLSearchParams();
      if (args.divisionCode) q.set('division', args.divisionCode);
      if (args.asOf) q.set('asOf', args.asOf);
      const query = q.size ? `?${q}` : '';
      return {
        url: `/ledgers/${kind}.${format}${query}`,
        fileName: ledgerFileName({ kind, format, division: args.divisionCode }, args.asOf ?? ctx.rules.asOf()),
      };
    },
  },
};
