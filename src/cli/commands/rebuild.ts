import type { Command } from 'commander';
import { openHub } from '../../app.js';
import { rebuildAll } from '../../resolve/rebuild.js';
import { deriveStale } from '../../facts/derive.js';
import { asOfOption } from '../options.js';
import { withRulesDate } from './ingest.js';

export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description(
      'recompute every organization from its statements (survivorship, classification, derived facts); changes nothing on a consistent graph',
    )
    .action(async () => {
      const hub = await openHub();
      try {
        const started = Date.now();
        const r = await rebuildAll(hub.db, hub);
        process.stdout.write(
          `rebuilt ${r.projected} organizations in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.updated} changed\n`,
        );
      } finally {
        await hub.close();
      }
    });

  program
    .command('derive')
    .description('derive the rules (scope, three haves, ledger, coverage, advice) for every organization whose facts are of another date')
    .option('--as-of <date>', 'the date to evaluate (default: HUB_AS_OF or today)', asOfOption)
    .option('--all', 'every organization, even those already derived for that date')
    .action(async (opts: { asOf?: string; all?: boolean }) => {
      const hub = withRulesDate(await openHub(), opts.asOf);
      try {
        const started = Date.now();
        const tty = process.stderr.isTTY;
        const r = await deriveStale(hub.db, hub.rules, hub.priorities, {
          all: opts.all,
          onProgress: (n) => tty && process.stderr.write(`\rderived ${n.toLocaleString()} organizations\x1b[K`),
        });
        if (tty) process.stderr.write('\r\x1b[K');
        process.stdout.write(
          `derived ${r.derived} organizations for ${hub.rules.asOf()} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.changed} changed\n`,
        );
      } finally {
        await hub.close();
      }
    });
}
