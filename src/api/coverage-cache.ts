/**
 * Coverage reports cached per API process. Every change a report depends on — an
 * organization's headline facts, division, supervising department or industry committee, a
 * merge — writes a change event, and every derive that completes stamps `facts_state`; so the
 * outbox position plus that stamp is a version, read with one index probe. A dashboard asking
 * the same question again gets the stored answer until something changed.
 */
import { coverageReport, type CoverageOptions, type CoverageReport } from '../coverage/report.js';
import type { ApiContext } from './context.js';

const MAX_ENTRIES = 500;
const cache = new Map<string, { version: string; report: Promise<CoverageReport> }>();

async function version(ctx: ApiContext): Promise<string> {
  const [row] = await ctx.db.query<{ v: string }>(
    `select (select coalesce(max(seq), 0) from change_events)::text || '|' ||
            coalesce((select as_of::text || ' ' || updated_at::text from facts_state where id = 1), '') as v`,
  );
  return row?.v ?? '';
}

export async function cachedCoverageReport(ctx: ApiContext, opts: CoverageOptions): Promise<CoverageReport> {
  const key = JSON.stringify([opts.division ?? '', opts.by ?? 'total', opts.asOf ?? ctx.rules.asOf(), opts.scope ?? 'true']);
  const v = await version(ctx);
  const hit = cache.get(key);
  if (hit && hit.version === v) return hit.report;
  const report = coverageReport(ctx.db, ctx, opts);
  // A failed report (bad input, a lost connection) is not kept.
  report.catch(() => cache.delete(key));
  cache.delete(key);
  cache.set(key, { version: v, report });
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  return report;
}
