/**
 * Benchmark bookkeeping: the machine description and the BENCHMARKS.md section each
 * benchmark owns (between `<!-- bench:NAME -->` markers), replaced on every run.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import os from 'node:os';
import { projectPath } from '../../src/paths.js';

/** The value after `--name` on the command line, else `fallback`. */
export function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : fallback;
}

export function machine(extra = ''): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.platform()} ${os.release()}, Node ${process.version}${extra ? `, ${extra}` : ''}`;
}

export function writeSection(name: string, markdown: string): void {
  const file = projectPath('BENCHMARKS.md');
  const start = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const block = `${start}\n${markdown.trim()}\n${end}`;
  let text = fs.existsSync(file)
    ? fs.readFileSync(file, 'utf8')
    : '# Benchmarks\n\nFigures written by `npm run bench` (each script replaces its own section).\n';
  const re = new RegExp(`${start}[\\s\\S]*?${end}`);
  text = re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`;
  fs.writeFileSync(file, text);
}

/** Samples RSS every 50 ms; `peak()` in MiB. */
export function rssSampler(): { peak(): number; stop(): void } {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  t.unref();
  return { peak: () => Math.round(Math.max(peak, process.memoryUsage().rss) / 2 ** 20), stop: () => clearInterval(t) };
}

const ADMIN_URL = process.env.TEST_ADMIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** An empty database on the local PostgreSQL (dropped first if a previous run left it). */
export async function freshDatabase(name: string): Promise<string> {
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  return ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
}

/** Generates a city into `dir` unless a complete one is there (cached across runs). */
export function generateCity(dir: string, organizations: number, seed: number, extra: readonly string[] = []): void {
  if (fs.existsSync(path.join(dir, '.complete'))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`[bench] generating ${organizations} organizations into ${dir}\n`);
  const script = projectPath('scripts', 'generate-city.ts');
  // A heap cap given to a benchmark (NODE_OPTIONS) is not meant for the generator, which holds the city.
  const args = [
    '--max-old-space-size=4096',
    '--import',
    'tsx',
    script,
    '--out',
    dir,
    '--organizations',
    String(organizations),
    '--seed',
    String(seed),
    ...extra,
  ];
  execFileSync(process.execPath, args, { stdio: 'inherit' });
  fs.writeFileSync(path.join(dir, '.complete'), '');
}
