import type { Command } from 'commander';
import { openHub, type Hub } from '../../app.js';
import { loadConnectors, getConnector } from '../../ingest/registry.js';
import type { RunSummary } from '../../ingest/pipeline.js';
import { runConnectors } from '../../ingest/run-all.js';
import type { Connector } from '../../ingest/connector.js';
import { EXIT } from '../exit-codes.js';
import { renderTable } from '../ui/table.js';
import { runProgress } from '../ui/progress.js';
import { asOfOption } from '../options.js';
import { withAsOf } from '../../facts/settings.js';

/** The hub with its rules evaluated for `date` (facts stored by this process carry that date). */
export const withRulesDate = (hub: Hub, date: string | undefined): Hub => (date ? { ...hub, rules: withAsOf(hub.rules, date) } : hub);

/** Runs the given connectors in order (registrars first) with a progress line each, then derives the facts once. */
export async function ingestAll(
  hub: Hub,
  connectors: readonly Connector[],
  inboxRoot: string | undefined,
  trigger: string,
): Promise<RunSummary[]> {
  const results = await runConnectors(hub, connectors, {
    inboxRoot,
    trigger,
    onRun: (c) => {
      const progress = runProgress(c.id);
      return { onProgress: (p) => progress.update(p), done: () => progress.done() };
    },
    onDerive: () => {
      if (process.stderr.isTTY) process.stderr.write('deriving facts…');
    },
  });
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[K');
  return results;
}

export function summaryTable(results: readonly RunSummary[]): string {
  return renderTable(
    ['connector', 'status', 'files', 'skipped', 'rows', 'accepted', 'quarantined', 'created', 'updated', 'rows/s', 'seconds'],
    results.map((r) => [
      r.connector,
      r.status,
      r.filesProcessed,
      r.filesSkipped,
      r.rowsRead,
      r.rowsAccepted,
      r.rowsQuarantined,
      r.entitiesCreated,
      r.entitiesUpdated,
      Math.round(r.rowsRead / Math.max(r.durationMs / 1000, 0.001)),
      Number((r.durationMs / 1000).toFixed(1)),
    ]),
  );
}

/** Runs, prints the summary and failures, and sets the exit code: 1 when a run failed. */
async function runAndReport(hub: Hub, connectors: readonly Connector[], inbox: string | undefined, trigger: string): Promise<void> {
  const results = await ingestAll(hub, connectors, inbox, trigger);
  process.stdout.write(summaryTable(results));
  for (const r of results.filter((x) => x.error)) process.stderr.write(`${r.connector}: ${r.error}\n`);
  process.exitCode = results.some((r) => r.status === 'FAILED') ? EXIT.FAILURE : EXIT.OK;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description(
      'run every file connector once over DIR/<connector-id>/, in-process (no Redis needed); exit 0 when finished, even with quarantined rows',
    )
    .requiredOption('--inbox <dir>', 'inbox folder holding one sub-folder per connector')
    .option('--only <ids>', 'comma-separated connector ids to run (default: all with files)')
    .option('--as-of <date>', 'derive the rules for this date (default: HUB_AS_OF or today)', asOfOption)
    .action(async (opts: { inbox: string; only?: string; asOf?: string }) => {
      const hub = withRulesDate(await openHub(), opts.asOf);
      try {
        const only = opts.only?.split(',').map((s) => s.trim());
        const all = await loadConnectors();
        const chosen = only ? await Promise.all(only.map((id) => getConnector(id))) : all.filter((c) => c.files && c.files.length > 0);
        await runAndReport(hub, chosen, opts.inbox, 'ingest');
      } finally {
        await hub.close();
      }
    });

  program
    .command('sync <connector>')
    .description('run one connector now, in-process, from its configured inbox or API (or --inbox DIR)')
    .option('--inbox <dir>', 'inbox folder holding <connector-id>/')
    .option('--as-of <date>', 'derive the rules for this date (default: HUB_AS_OF or today)', asOfOption)
    .action(async (id: string, opts: { inbox?: string; asOf?: string }) => {
      const hub = withRulesDate(await openHub(), opts.asOf);
      try {
        const connector = await getConnector(id);
        await runAndReport(hub, [connector], opts.inbox, 'manual');
      } finally {
        await hub.close();
      }
    });

  program
    .command('connectors')
    .description('list connectors with their schedule and last run')
    .action(async () => {
      const hub = await openHub();
      try {
        const last = await hub.db.query<{
          connector: string;
          status: string;
          started_at: string;
          rows_read: number;
          rows_quarantined: number;
        }>(
          `select distinct on (connector) connector, status, started_at, rows_read, rows_quarantined
           from sync_runs order by connector, started_at desc`,
        );
        const byId = new Map(last.map((r) => [r.connector, r]));
        const rows = (await loadConnectors()).map((c) => {
          const r = byId.get(c.id);
          const schedule = 'cron' in c.schedule ? `cron ${c.schedule.cron}` : `every ${Math.round(c.schedule.every / 1000)}s`;
          return [
            c.id,
            c.department,
            schedule,
            r?.status ?? 'never run',
            r?.started_at?.slice(0, 19) ?? '',
            r?.rows_read ?? null,
            r?.rows_quarantined ?? null,
          ];
        });
        process.stdout.write(renderTable(['connector', 'department', 'schedule', 'last run', 'started', 'rows', 'quarantined'], rows));
      } finally {
        await hub.close();
      }
    });
}
