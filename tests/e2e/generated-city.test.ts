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
import { expectCountsToMatchTruth } from '../helpers/truth.js';

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

  it('reports the truth’s scope, ledger, coverage, rates, out-of-scope reasons and advice exactly', async () => {
    expect((await coverageReport(hub.db, hub, {})).asOf).toBe(AS_OF);
    await expectCountsToMatchTruth(hub, counts);
  });
});
