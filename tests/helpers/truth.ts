/** The hub's counts against a generated city's truth: every coverage figure, rate, reason and advice. */
import { expect } from 'vitest';
import type { TruthCounts } from '../../scripts/generator/truth.js';
import type { Hub } from '../../src/app.js';
import { coverageReport } from '../../src/coverage/report.js';

const nonZero = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

export async function expectCountsToMatchTruth(hub: Hub, c: TruthCounts): Promise<void> {
  const report = await coverageReport(hub.db, hub, {});
  const row = (kind: string) => report.groups.find((g) => g.total && g.kind === kind)!;
  expect(row('ENTERPRISE')).toMatchObject({
    inScope: c.inScopeEnterprises,
    ledger: c.ledgerEnterprises,
    coveredByBody: c.coveredByBodyEnterprises,
    coveredByWork: c.coveredByWorkEnterprises,
  });
  expect(row('SOCIAL_ORGANIZATION')).toMatchObject({
    inScope: c.inScopeSocialOrgs,
    ledger: c.ledgerSocialOrgs,
    coveredByBody: c.coveredByBodySocialOrgs,
    coveredByWork: c.coveredByWorkSocialOrgs,
  });
  expect(row('ALL')).toMatchObject({
    inScope: c.inScope,
    ledger: c.ledger,
    coveredByBody: c.coveredByBody,
    coveredByWork: c.coveredByWork,
  });
  expect(row('ALL').organizationalRate).toBeCloseTo(c.organizationalCoverageRate!, 12);
  expect(row('ALL').workRate).toBeCloseTo(c.workCoverageRate!, 12);
  const reasons = await hub.db.query<{ reason: string; n: number }>(
    `select scope_reasons[1] as reason, count(*)::int as n from organizations where merged_into_id is null and not in_scope group by 1`,
  );
  expect(Object.fromEntries(reasons.map((r) => [r.reason, r.n]))).toEqual(nonZero(c.outOfScopeByPrimaryReason));
  const advice = await hub.db.query<{ advice: string; n: number }>(
    `select advice, count(*)::int as n from organizations where advice is not null group by 1`,
  );
  expect(Object.fromEntries(advice.map((r) => [r.advice, r.n]))).toEqual(nonZero(c.advice));
}
