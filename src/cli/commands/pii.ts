import type { Command } from 'commander';
import { openHub } from '../../app.js';
import { resealAll } from '../../security/reseal.js';

export function registerPii(program: Command): void {
  program
    .command('pii')
    .description('personal data at rest')
    .command('reseal')
    .description('seal every ID number, phone number and webhook secret again with the first key of HUB_PII_KEY (after adding a new key)')
    .action(async () => {
      const hub = await openHub();
      try {
        const tty = process.stderr.isTTY;
        const counts = await resealAll(
          hub.db,
          hub.pii,
          (table, n) => tty && process.stderr.write(`\r${table}: ${n.toLocaleString()} resealed\x1b[K`),
        );
        if (tty) process.stderr.write('\n');
        process.stdout.write(
          `resealed with key ${hub.pii.currentKeyId}: ${Object.entries(counts)
            .map(([t, n]) => `${n} in ${t}`)
            .join(', ')}\n`,
        );
      } finally {
        await hub.close();
      }
    });
}
