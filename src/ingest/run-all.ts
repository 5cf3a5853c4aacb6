/**
 * Several connectors in one go (`hub ingest`, `hub demo`): each run projects what it touched,
 * so the next resolves against current keys; the facts are derived once, after the last run,
 * instead of once per connector that touched an organization.
 */
import type { Connector } from './connector.js';
import { deriveQueued, runConnector, type RunOptions, type RunSummary } from './pipeline.js';
import type { IngestServices } from './services.js';

export interface RunAllOptions extends Omit<RunOptions, 'deferDerive' | 'runId' | 'onProgress'> {
  /** Called per connector, for a progress line. */
  onRun?: (connector: Connector) => Pick<RunOptions, 'onProgress'> & { done?(): void };
  /** Called before the final derive (it can take a while on a large city). */
  onDerive?: () => void;
}

export async function runConnectors(
  services: IngestServices,
  connectors: readonly Connector[],
  opts: RunAllOptions = {},
): Promise<RunSummary[]> {
  const { onRun, onDerive, ...runOptions } = opts;
  const results: RunSummary[] = [];
  for (const c of connectors) {
    const hooks = onRun?.(c);
    results.push(await runConnector(services, c, { ...runOptions, deferDerive: true, onProgress: hooks?.onProgress }));
    hooks?.done?.();
  }
  // Interrupted runs leave their queue for the next run; what did finish is derived.
  if (!opts.signal?.aborted) {
    onDerive?.();
    const last = results.at(-1);
    await deriveQueued(services, last ? `run:${last.runId}` : 'ingest');
  }
  return results;
}
