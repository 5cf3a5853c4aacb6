/**
 * A city the generator makes now, with another seed and another as-of date than the committed
 * demo city (so nothing here was tuned to a fixture): after ingesting it, every count and rate
 * the hub reports equals the generator's truth.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCity } from '../../scripts/generator/generate.js';
import type { TruthCounts } from '../../scripts/generator/truth.js';
import { ingestAll } from '../../src/cli/commands/ingest.js';
import { coverageReport } from '../../src/coverage/report.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import { createTestHub, type TestHub } from '../helpers/db.js';

const AS_OF = '2026-06-15';

describe('a freshly generated city (seed 20261122, as of 2026-06-15)', () => {
  let hub: TestHub;
  let dir: string;
  let counts: TruthCounts;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-city-'));
    counts = (await generateCity({ out: dir, organizations: 500, seed: 20261122, asOf: AS_OF })).counts;
    hub = await createTestHub('postgres', { HUB_AS_OF: AS_OF });
    const results = await ingestAll(
      hub,
      (await loadConnectors()).filter((c) => c.files?.length),
      dir,
      'test',
    );
    expect(results.every((r) => r.status === 'SUCCEEDED')).toBe(true);
  }, 240_000);
  afterAll(async () => {
    await hub?.destroy();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports the truth’s scope, ledger and coverage counts and rates exactly', async () => {
    const r = await coverageReport(hub.db, hub, {});
    const row = (kind: string) => r.groups.find((g) => g.total && g.kind === kind)!;
    expect(r.asOf).toBe(AS_OF);
    expect(row('ENTERPRISE')).toMatchObject({
      inScope: counts.inScopeEnterprises,
      ledger: counts.ledgerEnterprises,
      coveredByBody: counts.coveredByBodyEnterprises,
      coveredByWork: counts.coveredByWorkEnterprises,
    });
    expect(row('SOCIAL_ORGANIZATION')).toMatchObject({
      inScope: counts.inScopeSocialOrgs,
      ledger: counts.ledgerSocialOrgs,
      coveredByBody: counts.coveredByBodySocialOrgs,
      coveredByWork: counts.coveredByWorkSocialOrgs,
    });
    expect(row('ALL').organizationalRate).toBeCloseTo(counts.organizationalCoverageRate!, 12);
    expect(row('ALL').workRate).toBeCloseTo(counts.workCoverageRate!, 12);
  });

  it('gives every out-of-scope reason and every advice the truth counts', async () => {
    const reasons = await hub.db.query<{ reason: string; n: number }>(
      `select scope_reasons[1] as reason, count(*)::int as n from organizations where merged_into_id is null and not in_scope group by 1`,
    );
    const want = Object.fromEntries(Object.entries(counts.outOfScopeByPrimaryReason).filter(([, n]) => n > 0));
    expect(Object.fromEntries(reasons.map((x) => [x.reason, x.n]))).toEqual(want);
    const advice = await hub.db.query<{ advice: string; n: number }>(
      `select advice, count(*)::int as n from organizations where advice is not null group by 1`,
    );
    const wantAdvice = Object.fromEntries(Object.entries(counts.advice).filter(([, n]) => n > 0));
    expect(Object.fromEntries(advice.map((x) => [x.advice, x.n]))).toEqual(wantAdvice);
  });
});
