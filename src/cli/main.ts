/**
 * `hub`: the command line. Each command lives in ./commands/<name>.ts and registers itself
 * on the program; this file only wires them and maps failures to exit codes.
 */
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../config/env.js';
import { HUB_VERSION } from '../version.js';
import { EXIT } from './exit-codes.js';
import { registerMigrate } from './commands/migrate.js';
import { registerServe } from './commands/serve.js';
import { registerDemo } from './commands/demo.js';
import { registerIngest } from './commands/ingest.js';
import { registerConnectorNew } from './commands/connector-new.js';
import { registerRebuild } from './commands/rebuild.js';
import { registerReport } from './commands/report.js';
import { registerLedger } from './commands/ledger.js';
import { registerWorker } from './commands/worker.js';
import { registerClient } from './commands/client.js';
import { registerPii } from './commands/pii.js';

export function buildProgram(): Command {
  const program = new Command('hub')
    .description('Data-integration hub for "two new" organizations (两新组织), their Party bodies and coverage')
    .version(HUB_VERSION)
    .showHelpAfterError()
    .exitOverride();
  registerMigrate(program);
  registerServe(program);
  registerDemo(program);
  registerIngest(program);
  registerConnectorNew(program);
  registerRebuild(program);
  registerReport(program);
  registerLedger(program);
  registerWorker(program);
  registerClient(program);
  registerPii(program);
  return program;
}

async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander's own errors print themselves; the hub's (code hub.*) carry their message and exit code.
      if (err.code.startsWith('hub.')) process.stderr.write(`${err.message}\n`);
      process.exitCode = err.code.startsWith('hub.') ? err.exitCode : err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
      return;
    }
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exitCode = EXIT.CONFIG;
      return;
    }
    process.stderr.write(`hub: ${(err as Error).message}\n`);
    process.exitCode = EXIT.FAILURE;
  }
}

await main(process.argv);
