/**
 * Derived facts on organizations: stored, or computed for another as-of date through one
 * batched loader.
 */
import DataLoader from 'dataloader';
import { computeFacts } from '../../facts/derive.js';
import { asOf as toAsOf } from '../../rules/as-of.js';
import type { OrganizationFacts } from '../../rules/evaluate.js';
import type { ApiContext } from '../context.js';
import type { OrganizationRow } from './organization-row.js';

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
};
