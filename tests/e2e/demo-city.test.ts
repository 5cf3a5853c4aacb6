/**
 * The committed demo city against the generator's ground truth: every row the generator
 * made unreadable is quarantined (same file and line), nothing else is, and every
 * organization the truth knows by a valid USCC exists once.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestAll } from '../../src/cli/commands/ingest.js';
import { DEMO_INBOX } from '../../src/cli/commands/demo.js';
import { loadConnectors } from '../../src/ingest/registry.js';
import { scrubPersonalData } from '../../src/security/scrub.js';
import { coverageReport } from '../../src/coverage/report.js';
import { expectCountsToMatchTruth } from '../helpers/truth.js';
import type { TruthCounts } from '../../scripts/generator/truth.js';
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';

interface TruthOrganization {
  id: string;
  uscc?: string;
  usccCheckValid?: boolean;
  known?: boolean;
  division?: string;
  inScope: boolean;
  scopeReasons: string[];
  threeHaves?: { employees: boolean; headcount?: number | null; headcountSource?: string | null; premises: boolean; activity: boolean };
  operatesNormally?: boolean;
  inLedger: boolean;
  coveredByBody: boolean;
  coveredByWork: boolean;
  formalMembers: number;
  otherMembers: number;
  advice?: string;
}

interface Truth {
  generator: { asOf: string };
  counts: TruthCounts;
  defects: { connector: string; file: string; line: number; category: string; expect: 'QUARANTINE' | 'LINK' }[];
  organizations: TruthOrganization[];
}

const truth = JSON.parse(fs.readFileSync(`${DEMO_INBOX}/truth.json`, 'utf8')) as Truth;

describe.each(testEngines())('demo city end to end on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(engine, { HUB_AS_OF: truth.generator.asOf });
    const connectors = (await loadConnectors()).filter((c) => c.files?.length);
    const results = await ingestAll(hub, connectors, DEMO_INBOX, 'test');
    expect(results.every((r) => r.status === 'SUCCEEDED')).toBe(true);
  }, 180_000);
  afterAll(async () => {
    await hub?.destroy();
  });

  it('quarantines exactly the rows the generator made unreadable, with the same reason', async () => {
    const rows = await hub.db.query<{ connector: string; file: string; line: number; reasons: string[] }>(
      `select connector, file, line, reasons from quarantine where released_at is null and line > 0`,
    );
    const got = Object.fromEntries(rows.map((r) => [`${r.connector}/${r.file}:${r.line}`, r.reasons.map((x) => x.split(':')[0])]));
    const want = truth.defects.filter((d) => d.expect === 'QUARANTINE');
    expect(Object.keys(got).sort()).toEqual(want.map((d) => `${d.connector}/${d.file}:${d.line}`).sort());
    for (const d of want) expect(got[`${d.connector}/${d.file}:${d.line}`], `${d.file}:${d.line}`).toContain(d.category);
  });

  it('keeps no ID or phone number in clear in quarantined rows', async () => {
    const rows = await hub.db.query<{ raw: string | null }>(
      `select raw from quarantine where connector in ('party-organization', 'guidance')`,
    );
    expect(rows.length).toBeGreaterThan(5);
    for (const { raw } of rows) if (raw) expect(scrubPersonalData(raw)).toBe(raw);
    expect(rows.some((r) => r.raw?.includes('**********'))).toBe(true);
  });

  it('creates one organization for every organization a readable row names by a valid USCC', async () => {
    const expected = truth.organizations.filter((o) => o.known && o.uscc && o.usccCheckValid !== false).map((o) => o.uscc!);
    const found = await hub.db.query<{ uscc: string }>(
      `select uscc from organizations where uscc = any($1::text[]) and merged_into_id is null`,
      [expected],
    );
    expect(found.map((r) => r.uscc).sort()).toEqual([...expected].sort());
  });

  it('derives scope, three haves, ledger, coverage and advice for every organization exactly as the truth says', async () => {
    const rows = await hub.db.query<{
      uscc: string;
      division_code: string | null;
      in_scope: boolean;
      scope_reasons: string[];
      has_10_employees: boolean | null;
      headcount: number | null;
      headcount_source: string | null;
      has_premises: boolean | null;
      has_business_activity: boolean | null;
      operates_normally: boolean | null;
      in_ledger: boolean;
      covered_by_body: boolean;
      covered_by_work: boolean;
      members_formal: number;
      members_total: number;
      advice: string | null;
      facts_as_of: string;
    }>(`select * from organizations where merged_into_id is null and uscc is not null`);
    const byUscc = new Map(rows.map((r) => [r.uscc, r]));
    const expected = truth.organizations.filter((o) => o.known && o.uscc && o.usccCheckValid !== false);
    expect(expected.length).toBeGreaterThan(200);
    for (const o of expected) {
      const r = byUscc.get(o.uscc!)!;
      const got = {
        inScope: r.in_scope,
        scopeReasons: r.scope_reasons,
        inLedger: r.in_ledger,
        coveredByBody: r.covered_by_body,
        coveredByWork: r.covered_by_work,
        advice: r.advice ?? undefined,
        members: [r.members_formal, r.members_total - r.members_formal],
        threeHaves:
          r.has_10_employees === null
            ? undefined
            : { employees: r.has_10_employees, premises: r.has_premises, activity: r.has_business_activity },
        headcount: r.headcount ?? undefined,
        headcountSource: r.headcount_source ?? undefined,
      };
      const want = {
        inScope: o.inScope,
        scopeReasons: o.scopeReasons,
        inLedger: o.inLedger,
        coveredByBody: o.coveredByBody,
        coveredByWork: o.coveredByWork,
        advice: o.advice,
        members: [o.formalMembers, o.otherMembers],
        threeHaves: o.threeHaves && { employees: o.threeHaves.employees, premises: o.threeHaves.premises, activity: o.threeHaves.activity },
        headcount: o.threeHaves?.headcount ?? undefined,
        headcountSource: o.threeHaves?.headcountSource ?? undefined,
      };
      expect(got, `${o.id} ${o.uscc}`).toEqual(want);
      expect(r.facts_as_of).toBe(truth.generator.asOf);
    }
  });

  it('counts every coverage figure, rate, out-of-scope reason and advice of the truth exactly', async () => {
    await expectCountsToMatchTruth(hub, truth.counts);
  });

  it('computes coverage for another as-of date without touching the stored facts', async () => {
    const before = await hub.db.query(`select id, in_ledger, facts_as_of from organizations order by id`);
    const earlier = await coverageReport(hub.db, hub, { asOf: '2025-03-01' });
    expect(earlier.asOf).toBe('2025-03-01');
    const all = earlier.groups.find((g) => g.total && g.kind === 'ALL')!;
    expect(all.ledger).not.toBe(truth.counts.ledger);
    expect(await hub.db.query(`select id, in_ledger, facts_as_of from organizations order by id`)).toEqual(before);
  });

  it('gives a null rate, not 0 or 1, where the ledger is empty', async () => {
    const r = await coverageReport(hub.db, hub, { division: '110101' });
    expect(r.groups).toEqual([expect.objectContaining({ total: true, kind: 'ALL', ledger: 0, organizationalRate: null, workRate: null })]);
  });
});
