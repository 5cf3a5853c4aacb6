import type { Command } from 'commander';
import { openHub } from '../../app.js';
import { loadCommunities } from '../../db/seed.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('apply database migrations and seed data (departments, division tree); safe to repeat')
    .option('--communities <prefixes>', 'also load communities/villages under these division prefixes, e.g. 1503,1502')
    .action(async (opts: { communities?: string }) => {
      const hub = await openHub();
      try {
        if (opts.communities) {
          const prefixes = opts.communities
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          const n = await loadCommunities(hub.db, prefixes);
          process.stdout.write(`loaded ${n} communities under ${prefixes.join(', ')}\n`);
        }
        process.stdout.write(`database is up to date (${hub.db.engine})\n`);
      } finally {
        await hub.close();
      }
    });
}
