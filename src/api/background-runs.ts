/**
 * Connector runs started through the API, run in this process (until the scheduling issue
 * moves them to the sync queue): at most one per connector per process, and aborted — at a
 * batch boundary, so the cursor is saved — when the server stops.
 */
import { runConnector } from '../ingest/pipeline.js';
import { startRun } from '../ingest/runs.js';
import type { Connector } from '../ingest/connector.js';
import type { IngestServices } from '../ingest/services.js';
import { logger } from '../log/logger.js';

interface Running {
  /** Resolves once the run is recorded (two requests at once must get the same run). */
  runId: Promise<number>;
  abort: AbortController;
  done: Promise<void>;
}

const running = new Map<string, Running>();

/** Starts a run and returns its id at once; a connector already running here gives that run's id. */
export function startBackgroundRun(services: IngestServices, connector: Connector, trigger: string): Promise<number> {
  const current = running.get(connector.id);
  if (current) return current.runId;
  const abort = new AbortController();
  const runId = startRun(services.db, connector.id, trigger);
  const done = runId
    .then((id) => runConnector(services, connector, { runId: id, trigger, signal: abort.signal }))
    .then(
      (s) => logger().info({ runId: s.runId, connector: connector.id, status: s.status }, 'API-started run finished'),
      (err: unknown) => logger().error({ err, connector: connector.id }, 'API-started run failed'),
    )
    .finally(() => running.delete(connector.id));
  running.set(connector.id, { runId, abort, done });
  return runId;
}

/** Stops every run this process started and waits for them to record how far they got. */
export async function stopBackgroundRuns(): Promise<void> {
  const all = [...running.values()];
  for (const r of all) r.abort.abort();
  await Promise.all(all.map((r) => r.done));
}
