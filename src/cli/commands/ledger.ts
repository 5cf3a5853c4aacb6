import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { openHub } from '../../app.js';
import { LEDGER_KINDS, type LedgerKind } from '../../ledger/columns.js';
import { exportLedger } from '../../ledger/export.js';
import type { LedgerFormat } from '../../ledger/write.js';
import { asOfOption, choiceOption, divisionOption } from '../options.js';

function formatOf(file: string, given: string | undefined): LedgerFormat {
  const f = given ?? path.extname(file).slice(1).toLowerCase();
  if (f !== 'xlsx' && f !== 'csv') throw new InvalidArgumentError(`cannot tell the format of ${file}: use .xlsx or .csv, or --format`);
  return f;
}

export function registerLedger(program: Command): void {
  const ledger = program.command('ledger').description('the ledgers (台账) of in-scope organizations and zones');
  ledger
    .command('export')
    .description('write a ledger to an XLSX or CSV file with Chinese headers (opens cleanly in Excel)')
    .requiredOption('--kind <kind>', LEDGER_KINDS.join(' | '), choiceOption(LEDGER_KINDS))
    .requiredOption('--out <file>', 'file to write (.xlsx or .csv)')
    .option('--format <format>', 'xlsx | csv (default: from the file name)', choiceOption(['xlsx', 'csv'] as const))
    .option('--division <code>', 'division subtree (default: everything)', divisionOption)
    .option('--as-of <date>', 'evaluate the rules for this date (default: HUB_AS_OF or today)', asOfOption)
    .action(async (opts: { kind: LedgerKind; out: string; format?: LedgerFormat; division?: string; asOf?: string }) => {
      const format = formatOf(opts.out, opts.format);
      const hub = await openHub();
      // Written beside the target and renamed: a failed export never leaves half a file under the name.
      const partial = `${opts.out}.partial`;
      try {
        const r = await exportLedger(
          hub.db,
          hub,
          { kind: opts.kind, format, division: opts.division, asOf: opts.asOf },
          fs.createWriteStream(partial),
        );
        fs.renameSync(partial, opts.out);
        process.stdout.write(`${opts.kind}: ${r.rows} rows as of ${r.asOf} → ${opts.out}\n`);
      } catch (err) {
        fs.rmSync(partial, { force: true });
        throw err;
      } finally {
        await hub.close();
      }
    });
}
