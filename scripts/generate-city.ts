/**
 * Generates a synthetic city's department exports plus their ground truth.
 *
 *   tsx scripts/generate-city.ts --out DIR --organizations N --seed S
 *        [--as-of 2026-11-01] [--streaming] [--no-truth-links]
 *
 * --streaming       write row→organization links to DIR/truth-links.ndjson as
 *                   rows are written instead of holding them for truth.json
 *                   (use for very large cities)
 * --no-truth-links  leave the links out entirely
 */
import { DEFAULT_AS_OF, generateCity } from './generator/generate.js';
import type { LinksMode } from './generator/record.js';

function usage(message?: string): never {
  if (message) process.stderr.write(`${message}\n`);
  process.stderr.write(
    'usage: tsx scripts/generate-city.ts --out DIR --organizations N --seed S [--as-of YYYY-MM-DD] [--streaming] [--no-truth-links]\n',
  );
  process.exit(2);
}

function parse(argv: readonly string[]): { out: string; organizations: number; seed: number; asOf: string; links: LinksMode } {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--streaming' || arg === '--no-truth-links') flags.add(arg);
    else if (arg === '--help' || arg === '-h') usage();
    else if (['--out', '--organizations', '--seed', '--as-of'].includes(arg.split('=')[0]!)) {
      const [key, inline] = arg.split(/=(.*)/s);
      const value = inline ?? argv[++i];
      if (value === undefined) usage(`${key} needs a value`);
      values.set(key!, value);
    } else usage(`unknown argument: ${arg}`);
  }
  const out = values.get('--out') ?? usage('--out is required');
  const organizations = Number(values.get('--organizations') ?? usage('--organizations is required'));
  if (!Number.isInteger(organizations) || organizations < 1) usage('--organizations must be a positive integer');
  const seed = Number(values.get('--seed') ?? usage('--seed is required'));
  if (!Number.isInteger(seed)) usage('--seed must be an integer');
  const links: LinksMode = flags.has('--no-truth-links') ? 'none' : flags.has('--streaming') ? 'stream' : 'embed';
  return { out, organizations, seed, asOf: values.get('--as-of') ?? DEFAULT_AS_OF, links };
}

const opts = parse(process.argv.slice(2));
generateCity({ ...opts, log: (m) => process.stderr.write(`[generate-city] ${m}\n`) }).catch((err: unknown) => {
  process.stderr.write(`[generate-city] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
