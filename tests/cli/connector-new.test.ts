/**
 * `hub connector new`: scaffolds into a temporary folder (files, refusals), and once into the
 * project's connectors/ folder, where the generated contract test must pass as written. The
 * project folder is `zz-scaffold-test-<random>` and is removed in afterAll.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError } from 'commander';
import * as prettier from 'prettier';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFixtures, type FixtureSet } from '../../scripts/make-connector-fixtures.js';
import { registerConnectorNew } from '../../src/cli/commands/connector-new.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { CONNECTORS_DIR, getConnector } from '../../src/ingest/registry.js';
import { PROJECT_ROOT } from '../../src/paths.js';

interface HubResult {
  error?: CommanderError;
  stdout: string;
  stderr: string;
}

/** Runs `hub <args>` in-process on a program built like src/cli/main.ts (exitOverride, so errors throw). */
async function hub(args: string[]): Promise<HubResult> {
  let stdout = '';
  let stderr = '';
  const program = new Command('hub').exitOverride().configureOutput({ writeOut: (s) => (stdout += s), writeErr: (s) => (stderr += s) });
  registerConnectorNew(program);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
    return { stdout, stderr };
  } catch (err) {
    if (err instanceof CommanderError) return { error: err, stdout, stderr };
    throw err;
  } finally {
    spy.mockRestore();
  }
}

const SCAFFOLD_FILES = (id: string, source: string) => [
  'index.ts',
  `${source.replace(/_/g, '-')}.ts`,
  `${id}.test.ts`,
  'fixtures/make-fixtures.ts',
  `fixtures/${source}_2026_gbk.csv`,
  `fixtures/${source}_2026_bom.csv`,
  `fixtures/${source}_2026_title.xlsx`,
  'fixtures/expected.json',
];

describe('hub connector new (into a temporary folder)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-connector-new-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the definition, a source module, the contract test and generated fixtures', async () => {
    const r = await hub(['connector', 'new', 'county-stats', '--department', 'statistics', '--title', '统计局 · 企业月报', '--dir', dir]);
    expect(r.error).toBeUndefined();
    const folder = path.join(dir, 'county-stats');
    for (const f of SCAFFOLD_FILES('county-stats', 'county_stats')) expect(fs.existsSync(path.join(folder, f)), f).toBe(true);
    expect(r.stdout).toContain('created');
    expect(r.stdout).toContain('npx tsx scripts/make-connector-fixtures.ts county-stats');

    const index = fs.readFileSync(path.join(folder, 'index.ts'), 'utf8');
    expect(index).toContain("id: 'county-stats'");
    expect(index).toContain("department: 'STATISTICS'");
    expect(index).toContain("title: '统计局 · 企业月报'");
    expect(index).toMatch(/schedule: \{ cron: '[^']+' \}/);
    const expected = JSON.parse(fs.readFileSync(path.join(folder, 'fixtures/expected.json'), 'utf8')) as {
      files: Record<string, { accepted: number; quarantined: unknown[] }>;
    };
    expect(Object.keys(expected.files)).toHaveLength(3);
    for (const f of Object.values(expected.files)) {
      expect(f.accepted).toBeGreaterThan(0);
      expect(f.quarantined.length).toBeGreaterThan(0);
    }

    // What a data engineer starts from is formatted as the project's own code.
    const options = await prettier.resolveConfig(path.join(PROJECT_ROOT, 'src', 'x.ts'));
    for (const f of ['index.ts', 'county-stats.ts', 'county-stats.test.ts']) {
      const text = fs.readFileSync(path.join(folder, f), 'utf8');
      expect(await prettier.check(text, { ...options, filepath: path.join(folder, f) }), `${f} is prettier-formatted`).toBe(true);
    }
  });

  it('takes another source name', async () => {
    const r = await hub(['connector', 'new', 'housing', '--department', 'HOUSING', '--source', 'rental_units', '--dir', dir]);
    expect(r.error).toBeUndefined();
    for (const f of SCAFFOLD_FILES('housing', 'rental_units')) expect(fs.existsSync(path.join(dir, 'housing', f)), f).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'housing', 'rental-units.ts'), 'utf8')).toContain("name: 'rental_units'");
  });

  it('refuses an unknown department with exit code 2 and writes nothing', async () => {
    const r = await hub(['connector', 'new', 'nope-dept', '--department', 'NOPE', '--dir', dir]);
    expect(r.error?.exitCode).toBe(EXIT.USAGE);
    expect(r.stderr).toContain('unknown department "NOPE"');
    expect(r.stderr).toContain('STATISTICS');
    expect(fs.existsSync(path.join(dir, 'nope-dept'))).toBe(false);
  });

  it('refuses an existing folder with exit code 2 and leaves it as it was', async () => {
    fs.mkdirSync(path.join(dir, 'taken'));
    fs.writeFileSync(path.join(dir, 'taken', 'keep.txt'), 'mine');
    const r = await hub(['connector', 'new', 'taken', '--department', 'TAX', '--dir', dir]);
    expect(r.error?.exitCode).toBe(EXIT.USAGE);
    expect(r.stderr).toContain('already exists');
    expect(fs.readdirSync(path.join(dir, 'taken'))).toEqual(['keep.txt']);
  });

  it.each(['Tax', 'tax_2', '2tax', 'tax-', 'tax--x', 'tax x'])('refuses the id %j with exit code 2', async (id) => {
    const r = await hub(['connector', 'new', id, '--department', 'TAX', '--dir', dir]);
    expect(r.error?.exitCode).toBe(EXIT.USAGE);
    expect(r.stderr).toMatch(/connector id .* must be lower-case/);
    expect(fs.existsSync(path.join(dir, id))).toBe(false);
  });

  it('requires --department', async () => {
    const r = await hub(['connector', 'new', 'no-dept', '--dir', dir]);
    expect(r.error).toBeInstanceOf(CommanderError);
    expect(r.stderr).toContain('--department');
  });
});

describe('hub connector new (into the project): the scaffold passes its own contract test', () => {
  const id = `zz-scaffold-test-${randomBytes(4).toString('hex')}`;
  const folder = path.join(CONNECTORS_DIR, id);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-connector-new-regen-'));

  beforeAll(async () => {
    // The default --dir is the project's connectors/ folder.
    const r = await hub(['connector', 'new', id, '--department', 'STATISTICS']);
    expect(r.error).toBeUndefined();
  });

  afterAll(() => {
    fs.rmSync(folder, { recursive: true, force: true });
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('is found by the connector registry', async () => {
    expect(folder.startsWith(CONNECTORS_DIR)).toBe(true);
    const c = await getConnector(id);
    expect(c.department).toBe('STATISTICS');
    expect(c.files?.map((s) => s.name)).toEqual([id.replace(/-/g, '_')]);
  });

  it('has a fixtures script that regenerates the committed files', async () => {
    const script = path.join(folder, 'fixtures', 'make-fixtures.ts');
    const set = ((await import(pathToFileURL(script).href)) as { default: FixtureSet }).default;
    await writeFixtures(tmp, set);
    const read = (d: string, f: string) => fs.readFileSync(path.join(d, f));
    expect(read(tmp, 'expected.json').toString()).toBe(read(path.join(folder, 'fixtures'), 'expected.json').toString());
    for (const f of fs.readdirSync(tmp).filter((n) => n.endsWith('.csv')))
      expect(read(tmp, f).equals(read(path.join(folder, 'fixtures'), f)), f).toBe(true);
  });

  it('passes `vitest run connectors/<id>/` in a child process', async () => {
    // A clean environment for the inner vitest (not this worker's VITEST_* settings).
    const env = {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && k !== 'FORCE_COLOR')),
      NO_COLOR: '1',
    };
    const vitest = path.join(PROJECT_ROOT, 'node_modules', 'vitest', 'vitest.mjs');
    const result = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [vitest, 'run', `connectors/${id}/`], { cwd: PROJECT_ROOT, env });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, output }));
    });
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/Test Files\s+\S*1 passed/);
  }, 300_000);
});
