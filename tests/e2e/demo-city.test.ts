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
import { createTestHub, testEngines, type TestHub } from '../helpers/db.js';

interface Truth {
  defects: { connector: string; file: string; line: number; category: string; expect: 'QUARANTINE' | 'LINK' }[];
  organizations: { id: string; uscc?: string; usccCheckValid?: boolean; known?: boolean }[];
}

const truth = JSON.parse(fs.readFileSync(`${DEMO_INBOX}/truth.json`, 'utf8')) as Truth;

describe.each(testEngines())('demo city end to end on %s', (engine) => {
  let hub: TestHub;
  beforeAll(async () => {
    hub = await createTestHub(engine);
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
});
