import type { Command } from 'commander';
import { openHub } from '../../app.js';
import { rebuildAll } from '../../resolve/rebuild.js';

export function registerRebuild(program: Command): void {
  program
    .command('rebuild')
    .description('recompute every organization from its statements (survivorship, classification); changes nothing on a consistent graph')
    .action(async () => {
      const hub = await openHub();
      try {
        const started = Date.now();
        const r = await rebuildAll(hub.db, hub.priorities);
        process.stdout.write(
          `rebuilt ${r.projected} organizations in ${((Date.now() - started) / 1000).toFixed(1)} s: ${r.updated} changed\n`,
        );
      } finally {
        await hub.close();
      }
    });
}
