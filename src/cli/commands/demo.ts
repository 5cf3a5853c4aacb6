import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { openHub } from '../../app.js';
import { loadEnv } from '../../config/env.js';
import { startApiServer } from '../../api/http.js';
import { loadConnectors } from '../../ingest/registry.js';
import { projectPath } from '../../paths.js';
import { ingestAll, summaryTable } from './ingest.js';
import { waitForShutdown } from './serve.js';
import { localAdminKey } from './client.js';

export const DEMO_INBOX = projectPath('fixtures', 'demo-city');

const EXAMPLE_QUERY = `{
  coverage(divisionCode: "150302") { ledgerOrganizations coveredByBody organizationalCoverageRate workCoverageRate }
  organizations(first: 5, filter: { divisionCode: "150302", inLedger: true, coveredByBody: false }) {
    totalCount
    nodes { uscc name status headcount advice sources { connector method } }
  }
}`;

function demoAsOf(): string | undefined {
  const truth = JSON.parse(fs.readFileSync(path.join(DEMO_INBOX, 'truth.json'), 'utf8')) as { generator?: { asOf?: string } };
  return truth.generator?.asOf;
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'load the demo city (fixtures/demo-city) through the ingest pipeline and serve the API; embedded PGlite unless DATABASE_URL is set',
    )
    .option('--reset', 'delete the embedded data folder first (PGlite only)')
    .option('--no-serve', 'load the data and exit')
    .option('-p, --port <port>', 'port to listen on (env PORT, default 4000)', (v) => Number(v))
    .action(async (opts: { reset?: boolean; serve: boolean; port?: number }) => {
      const loaded = loadEnv();
      // The demo city describes one as-of date (its truth.json); its rules are evaluated for
      // that date unless HUB_AS_OF says otherwise, so the demo shows the same answers every month.
      const env = { ...loaded, HUB_AS_OF: loaded.HUB_AS_OF ?? demoAsOf() };
      if (opts.reset && !env.DATABASE_URL) fs.rmSync(path.resolve(env.HUB_DATA_DIR), { recursive: true, force: true });
      process.stderr.write(`opening ${env.DATABASE_URL ? 'PostgreSQL' : `embedded PGlite in ${env.HUB_DATA_DIR}`}…\n`);
      const hub = await openHub({ env });
      const connectors = (await loadConnectors()).filter((c) => c.files && c.files.length > 0);
      const results = await ingestAll(hub, connectors, DEMO_INBOX, 'demo');
      process.stdout.write(summaryTable(results));
      if (!opts.serve) {
        await hub.close();
        return;
      }
      const admin = await localAdminKey(hub);
      const server = await startApiServer(hub, { port: opts.port });
      process.stdout.write(
        `\nGraphQL API at ${server.url}\nExplorer (in a browser): ${server.url.replace(/\/graphql$/, '/explorer')}\n` +
          `\nLocal admin key (every request needs one; kept in ${admin.file}, for this machine only):\n  ${admin.key}\n` +
          `In the explorer, add the header {"Authorization": "Bearer <key>"}; other clients: hub client create --help\n` +
          `\nTry:\n  curl -s ${server.url} -H 'content-type: application/json' -H "authorization: Bearer $(cat ${admin.file})" \\\n` +
          `    -d '${JSON.stringify({ query: EXAMPLE_QUERY.replace(/\s+/g, ' ') })}'\n\nPress Ctrl+C to stop.\n`,
      );
      await waitForShutdown(async () => {
        await server.close();
        await hub.close();
      });
    });
}
