/**
 * Benchmark bookkeeping: the machine description and the BENCHMARKS.md section each
 * benchmark owns (between `<!-- bench:NAME -->` markers), replaced on every run.
 */
import fs from 'node:fs';
import os from 'node:os';
import { projectPath } from '../../src/paths.js';

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
