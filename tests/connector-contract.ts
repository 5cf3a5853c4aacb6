/**
 * The contract every connector keeps, as one suite a connector's test runs in two lines:
 *
 *   import { connectorContract } from '../../tests/connector-contract.js';
 *   connectorContract('tax');
 *
 * It reads `connectors/<id>/fixtures/expected.json` (written by
 * scripts/make-connector-fixtures.ts): which rows of each fixture file are accepted, and which
 * lines land in quarantine with which reason code. On every test engine it ingests the
 * fixtures, ingests them again (nothing may change), ingests a renamed copy (skipped by
 * content), and ingests the contract samples when they are present.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPARTMENTS } from '../src/domain/departments.js';
import type { Connector } from '../src/ingest/connector.js';
import { runConnector, type RunSummary } from '../src/ingest/pipeline.js';
import { detectFileEncoding } from '../src/ingest/readers/encoding.js';
import { CONNECTORS_DIR } from '../src/ingest/registry.js';
import { createTestHub, testEngines, type TestHub } from './helpers/db.js';
import { CONTRACT_SAMPLES } from './helpers/samples.js';

interface ExpectedFile {
  format: string;
  accepted: number;
  quarantined: { line: number; reason: string }[];
}

interface Expected {
  files: Record<string, ExpectedFile>;
  counts?: Record<string, number>;
}

const SAMPLES_ROOT = CONTRACT_SAMPLES;

/** Tables a run writes; a repeated run must leave every count as it was. */
const TABLES = [
  'organizations',
  'statements',
  'source_links',
  'quarantine',
  'party_bodies',
  'party_body_coverage',
  'members',
  'guidance_officers',
  'guidance_assignments',
  'zones',
];

async function loadConnector(id: string): Promise<Connector> {
  const mod = (await import(pathToFileURL(path.join(CONNECTORS_DIR, id, 'index.ts')).href)) as { default?: Connector };
  if (!mod.default) throw new Error(`connectors/${id}/index.ts has no default export`);
  return mod.default;
}

async function tableCounts(hub: TestHub): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = (await hub.db.query<{ n: number }>(`select count(*)::int as n from ${t}`))[0]!.n;
  return out;
}

/** The connector with its reader tallied: rows (read or rejected) per file. */
function tallied(connector: Connector): { connector: Connector; rowsByFile: Map<string, number> } {
  const rowsByFile = new Map<string, number>();
  const read: Connector['read'] = async function* (ctx) {
    for await (const item of connector.read(ctx)) {
      const file = item.type === 'row' ? item.row.file : item.type === 'rowRejected' ? item.file : null;
      if (file !== null) rowsByFile.set(file, (rowsByFile.get(file) ?? 0) + 1);
      yield item;
    }
  };
  return { connector: { ...connector, read }, rowsByFile };
}

const codeOf = (reason: string) => reason.split(':', 1)[0]!;

export function connectorContract(id: string): void {
  const fixturesDir = path.join(CONNECTORS_DIR, id, 'fixtures');
  const expected = JSON.parse(fs.readFileSync(path.join(fixturesDir, 'expected.json'), 'utf8')) as Expected;
  const fileNames = Object.keys(expected.files).sort();
  const samplesDir = path.join(SAMPLES_ROOT, id);

  describe(`connector ${id}: definition and fixtures`, () => {
    it('is a valid definition', async () => {
      const c = await loadConnector(id);
      expect(c.id).toBe(id);
      expect(DEPARTMENTS.map((d) => d.code)).toContain(c.department);
      expect(c.title.length).toBeGreaterThan(0);
      expect(() => c.parseConfig({})).not.toThrow();
      expect(() => c.parseConfig(undefined)).not.toThrow();
      expect(() => c.parseConfig('not an object')).toThrow();
      expect(() => c.parseConfig({ inbox: 42 })).toThrow();
      for (const source of c.files ?? []) {
        expect(Object.keys(source.columns).length).toBeGreaterThan(0);
        expect(
          fileNames.some((f) => source.match.test(f)),
          `a fixture for ${source.name}`,
        ).toBe(true);
      }
    });

    it('has fixtures in every delivery shape: GB18030 CSV, UTF-8 BOM CSV, XLSX', async () => {
      const kinds = new Set<string>();
      for (const f of fileNames) {
        const full = path.join(fixturesDir, f);
        if (f.endsWith('.xlsx')) kinds.add('xlsx');
        else if (
          fs
            .readFileSync(full)
            .subarray(0, 3)
            .equals(Buffer.from([0xef, 0xbb, 0xbf]))
        )
          kinds.add('utf8-bom');
        else if ((await detectFileEncoding(full)) === 'gb18030') kinds.add('gb18030');
      }
      expect([...kinds].sort()).toEqual(['gb18030', 'utf8-bom', 'xlsx']);
    });
  });

  describe.each(testEngines())(`connector ${id} on %s`, (engine) => {
    let hub: TestHub;
    let inboxRoot: string;
    let connector: Connector;

    beforeAll(async () => {
      connector = await loadConnector(id);
      hub = await createTestHub(engine);
      inboxRoot = fs.mkdtempSync(path.join(os.tmpdir(), `hub-contract-${id}-`));
      fs.mkdirSync(path.join(inboxRoot, id));
      for (const f of fileNames) fs.copyFileSync(path.join(fixturesDir, f), path.join(inboxRoot, id, f));
    });

    afterAll(async () => {
      await hub?.destroy();
      if (inboxRoot) fs.rmSync(inboxRoot, { recursive: true, force: true });
    });

    let first: RunSummary;
    let countsAfterFirst: Record<string, number>;

    it('accepts the good rows and quarantines each bad row with its reason, file and line', async () => {
      const t = tallied(connector);
      first = await runConnector(hub, t.connector, { inboxRoot });
      expect(first.error).toBeUndefined();
      expect(first.status).toBe('SUCCEEDED');
      expect(first.filesProcessed).toBe(fileNames.length);

      // A row held for a check-digit-failing USCC and released once another source family
      // carried the code ended linked, not quarantined: expected.json counts it as accepted.
      const rows = await hub.db.query<{ file: string; line: number; reasons: string[] }>(
        `select file, line, reasons from quarantine where connector = $1 and released_at is null order by file, line`,
        [id],
      );
      const [{ released }] = (await hub.db.query<{ released: number }>(
        `select count(*)::int as released from quarantine where connector = $1 and released_at is not null and line > 0`,
        [id],
      )) as [{ released: number }];
      const got = rows.map((q) => `${q.file}:${q.line}`);
      const want = fileNames.flatMap((f) => expected.files[f]!.quarantined.map((q) => `${f}:${q.line}`));
      expect(got.sort()).toEqual(want.sort());
      for (const f of fileNames) {
        for (const q of expected.files[f]!.quarantined) {
          const row = rows.find((r) => r.file === f && r.line === q.line)!;
          expect(row.reasons.map(codeOf), `${f}:${q.line} reasons ${row.reasons.join(' | ')}`).toContain(q.reason);
        }
        const quarantined = rows.filter((r) => r.file === f && r.line > 0).length;
        expect((t.rowsByFile.get(f) ?? 0) - quarantined, `${f}: accepted rows`).toBe(expected.files[f]!.accepted);
      }
      const accepted = fileNames.reduce((n, f) => n + expected.files[f]!.accepted, 0);
      // The run counted held rows as quarantined when it read them, before their release.
      expect(first.rowsAccepted + released).toBe(accepted);
      expect(first.rowsQuarantined - released).toBe(want.length);

      countsAfterFirst = await tableCounts(hub);
      for (const [table, n] of Object.entries(expected.counts ?? {})) expect(countsAfterFirst[table], table).toBe(n);
    });

    it('changes nothing when the same files are delivered again', async () => {
      const again = await runConnector(hub, connector, { inboxRoot });
      expect(again.status).toBe('SUCCEEDED');
      expect(again.filesSkipped).toBe(fileNames.length);
      expect(again.filesProcessed).toBe(0);
      expect(again.rowsRead).toBe(0);
      expect(await tableCounts(hub)).toEqual(countsAfterFirst);
    });

    it('skips a processed file delivered again under another name', async () => {
      const original = fileNames[0]!;
      const ext = path.extname(original);
      fs.copyFileSync(path.join(inboxRoot, id, original), path.join(inboxRoot, id, `${path.basename(original, ext)}_resent${ext}`));
      const copy = await runConnector(hub, connector, { inboxRoot });
      expect(copy.status).toBe('SUCCEEDED');
      expect(copy.filesSkipped).toBe(fileNames.length + 1);
      expect(copy.filesProcessed).toBe(0);
      expect(copy.rowsRead).toBe(0);
      expect(await tableCounts(hub)).toEqual(countsAfterFirst);
    });

    it.skipIf(!fs.existsSync(samplesDir))('reads the contract samples: every row accepted or quarantined with a reason', async () => {
      const run = await runConnector(hub, connector, { inboxRoot: SAMPLES_ROOT });
      expect(run.error).toBeUndefined();
      expect(run.status).toBe('SUCCEEDED');
      expect(run.rowsRead).toBeGreaterThan(0);
      expect(run.rowsAccepted + run.rowsQuarantined).toBe(run.rowsRead);
      const rows = await hub.db.query<{ file: string; line: number; reasons: string[] }>(
        `select file, line, reasons from quarantine where run_id = $1`,
        [run.runId],
      );
      expect(rows.filter((r) => r.line > 0).length).toBe(run.rowsQuarantined);
      for (const r of rows) {
        expect(r.reasons.length, `${r.file}:${r.line}`).toBeGreaterThan(0);
        for (const reason of r.reasons) expect(reason, `${r.file}:${r.line}`).toMatch(/^[A-Z_]+: \S/);
      }
    });
  });
}
