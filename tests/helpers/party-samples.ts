/**
 * The contract samples through the real pipeline, as the Party API tests need them: the
 * registrars and the tax and insurance sources (so some organizations are in the ledger),
 * then Party bodies, members and guidance officers. Facts are derived once at the end.
 */
import { expect } from 'vitest';
import { getConnector } from '../../src/ingest/registry.js';
import { runConnectors } from '../../src/ingest/run-all.js';
import type { TestHub } from './db.js';
import { CONTRACT_SAMPLES } from './samples.js';

/** The samples describe months up to 2026-10: the ledger is full on this date. */
export const PARTY_AS_OF = '2026-11-01';

const CONNECTORS = ['business-registration', 'civil-affairs', 'tax', 'social-security', 'party-organization', 'guidance'];

export async function loadPartySamples(hub: TestHub): Promise<void> {
  const connectors = await Promise.all(CONNECTORS.map((id) => getConnector(id)));
  const runs = await runConnectors(hub, connectors, { inboxRoot: CONTRACT_SAMPLES });
  expect(runs.map((r) => [r.connector, r.status])).toEqual(CONNECTORS.map((c) => [c, 'SUCCEEDED']));
}

/** The organization id of a USCC, from the database (ids differ between engines and runs). */
export async function orgIdOf(hub: TestHub, uscc: string): Promise<number> {
  const [row] = await hub.db.query<{ id: number }>(`select id from organizations where uscc = $1 and merged_into_id is null`, [uscc]);
  if (!row) throw new Error(`no organization ${uscc} in the samples`);
  return row.id;
}

export async function countOf(hub: TestHub, sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await hub.db.query<{ n: number }>(sql, params);
  return row!.n;
}
