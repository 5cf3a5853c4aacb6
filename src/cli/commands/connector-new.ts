/**
 * `hub connector new <id>`: scaffolds a file connector in `connectors/<id>/` — definition,
 * one file-source module, fixtures (script, files and expected.json) and the contract test —
 * that passes `npx vitest run connectors/<id>` as written, so a data engineer starts from
 * something that works and changes it column by column (docs/add-a-department.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DEPARTMENTS } from '../../domain/departments.js';
import { CONNECTORS_DIR } from '../../ingest/registry.js';
import { EXIT } from '../exit-codes.js';

/** Lower-case letters and digits in dash-separated words, starting with a letter (a folder, an id, an env key). */
export const CONNECTOR_ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const SOURCE_NAME = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$/;
const DEFAULT_CRON = '0 4 * * *';

export interface ScaffoldOptions {
  id: string;
  department: string;
  title?: string;
  /** Source family name; default: the id with underscores. */
  source?: string;
  cron?: string;
  /** Folder holding connector folders; default: the project's connectors/. */
  dir?: string;
}

export interface ScaffoldResult {
  dir: string;
  files: string[];
}

/** A mistake in what was asked for (exit code 2), as opposed to a failure while writing. */
export class ScaffoldUsageError extends Error {}

/** Checks the options; returns the normalized ones or throws ScaffoldUsageError. */
export function checkScaffoldOptions(opts: ScaffoldOptions): Required<ScaffoldOptions> {
  if (!CONNECTOR_ID.test(opts.id))
    throw new ScaffoldUsageError(
      `connector id "${opts.id}" must be lower-case letters and digits in dash-separated words, e.g. "statistics"`,
    );
  const code = opts.department.trim().toUpperCase();
  if (!DEPARTMENTS.some((d) => d.code === code)) {
    const known = DEPARTMENTS.map((d) => `${d.code} (${d.name})`).join(', ');
    throw new ScaffoldUsageError(`unknown department "${opts.department}"; one of: ${known}`);
  }
  const source = opts.source ?? opts.id.replace(/-/g, '_');
  if (!SOURCE_NAME.test(source)) throw new ScaffoldUsageError(`source name "${source}" must be lower_snake_case, e.g. "monthly_reports"`);
  const cron = (opts.cron ?? DEFAULT_CRON).trim();
  const fields = cron.split(/\s+/).length;
  if (fields < 5 || fields > 6) throw new ScaffoldUsageError(`schedule "${cron}" is not a cron pattern (5 or 6 fields)`);
  const dir = path.resolve(opts.dir ?? CONNECTORS_DIR);
  if (fs.existsSync(path.join(dir, opts.id))) throw new ScaffoldUsageError(`${path.join(dir, opts.id)} already exists; choose another id`);
  const department = DEPARTMENTS.find((d) => d.code === code)!;
  const title = opts.title?.trim() || `${department.name} · ${opts.id}`;
  return { id: opts.id, department: code, title, source, cron, dir };
}

/** Writes the connector folder; a failure part-way removes it again. */
export async function scaffoldConnector(options: ScaffoldOptions): Promise<ScaffoldResult> {
  const opts = checkScaffoldOptions(options);
  // Loaded here: the fixture writer pulls in exceljs, which no other command needs at start-up.
  const { writeFixtures } = await import('../../../scripts/make-connector-fixtures.js');
  const t = await import('../templates/connector.js');
  const target = path.join(opts.dir, opts.id);
  const input = {
    id: opts.id,
    department: opts.department,
    departmentName: DEPARTMENTS.find((d) => d.code === opts.department)!.name,
    title: opts.title,
    source: opts.source,
    cron: opts.cron,
    // Imports are written for connectors/<id>/, where the hub loads connectors from (a folder
    // scaffolded elsewhere with --dir works once moved there).
    root: '../..',
  };
  const fixtures = t.scaffoldFixtures(opts.source);
  const files: [string, string][] = [
    ['index.ts', t.renderIndex(input)],
    [`${t.moduleFileName(opts.source)}.ts`, t.renderSource(input)],
    [`${opts.id}.test.ts`, t.renderTest(input)],
    ['fixtures/make-fixtures.ts', t.renderMakeFixtures(input, fixtures)],
  ];
  fs.mkdirSync(opts.dir, { recursive: true });
  // Not recursive: a folder created meanwhile is refused here too.
  fs.mkdirSync(target);
  try {
    fs.mkdirSync(path.join(target, 'fixtures'));
    for (const [name, text] of files) fs.writeFileSync(path.join(target, name), text, { flag: 'wx' });
    const expected = await writeFixtures(path.join(target, 'fixtures'), t.fixtureSet(fixtures));
    const written = [...files.map(([name]) => name), ...Object.keys(expected.files).map((f) => `fixtures/${f}`), 'fixtures/expected.json'];
    return { dir: target, files: written };
  } catch (err) {
    fs.rmSync(target, { recursive: true, force: true });
    throw err;
  }
}

function nextSteps(r: ScaffoldResult, id: string, source: string): string {
  const rel = path.relative(process.cwd(), r.dir) || '.';
  const inProject = path.resolve(r.dir, '..') === path.resolve(CONNECTORS_DIR);
  return [
    `created ${rel}/`,
    ...r.files.map((f) => `  ${f}`),
    '',
    'next (docs/add-a-department.md):',
    `  1. ${rel}/${source.replace(/_/g, '-')}.ts: the column table (headers, aliases) and map()`,
    `  2. ${rel}/fixtures/make-fixtures.ts: rows like the real exports, then`,
    `     npx tsx scripts/make-connector-fixtures.ts ${id}`,
    `  3. npx vitest run ${inProject ? `connectors/${id}` : rel}`,
    `  4. files into <inbox>/${id}/, then: hub sync ${id} --inbox <inbox>`,
    ...(inProject ? [] : ['', `note: the hub loads connectors from ${CONNECTORS_DIR}; the imports expect the folder there.`]),
    '',
  ].join('\n');
}

/** Registers `connector new <id>` (under a `connector` command, created if absent). */
export function registerConnectorNew(program: Command): void {
  const group =
    program.commands.find((c) => c.name() === 'connector') ?? program.command('connector').description('scaffold and manage connectors');
  group
    .command('new <id>')
    .description('scaffold a file connector in connectors/<id>/ with fixtures and a contract test that pass as written')
    .requiredOption('--department <code>', `department code from src/domain/departments.ts, e.g. ${DEPARTMENTS[0]!.code}`)
    .option('--title <text>', 'human title (default: "<department name> · <id>")')
    .option('--source <name>', 'source family name, also the prefix of the files it reads (default: the id with underscores)')
    .option('--cron <pattern>', 'default schedule', DEFAULT_CRON)
    .option('--dir <path>', 'folder to create <id>/ in (default: the project connectors/ folder)')
    .action(async (id: string, opts: Omit<ScaffoldOptions, 'id'>, cmd: Command) => {
      let result: ScaffoldResult;
      try {
        result = await scaffoldConnector({ ...opts, id });
      } catch (err) {
        if (err instanceof ScaffoldUsageError) cmd.error(`error: ${err.message}`, { exitCode: EXIT.USAGE, code: 'hub.usage' });
        throw err;
      }
      process.stdout.write(nextSteps(result, id, opts.source ?? id.replace(/-/g, '_')));
    });
}
