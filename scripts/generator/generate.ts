/**
 * One generation run: build the clean city, write every connector's files
 * (folding surviving rows into the observed model as they are written), then
 * evaluate the rules on what was observed and write truth.json.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildCity } from './city.js';
import { CONNECTORS } from './contract.js';
import type { EmitContext } from './emit.js';
import { Observed } from './observed.js';
import { type LinksMode, Recorder } from './record.js';
import { emitBusinessRegistration } from './sources/business-registration.js';
import { emitCivilAffairs } from './sources/civil-affairs.js';
import { emitGuidance } from './sources/guidance.js';
import { emitPartyOrganization } from './sources/party-organization.js';
import { emitSocialSecurity } from './sources/social-security.js';
import { emitTax } from './sources/tax.js';
import { writeTruth } from './truth-file.js';
import { countOutcomes, evaluateOrg, type TruthCounts } from './truth.js';

export const DEFAULT_AS_OF = '2026-11-01';
export const LINKS_FILE = 'truth-links.ndjson';

export interface GenerateOptions {
  readonly out: string;
  readonly organizations: number;
  readonly seed: number;
  readonly asOf?: string;
  /** embed: links inside truth.json; stream: in truth-links.ndjson; none: left out. */
  readonly links?: LinksMode;
  readonly log?: (message: string) => void;
}

export interface GenerateResult {
  readonly truthPath: string;
  readonly counts: TruthCounts;
  readonly files: number;
  readonly rows: number;
  readonly quarantined: number;
}

export async function generateCity(opts: GenerateOptions): Promise<GenerateResult> {
  const log = opts.log ?? (() => {});
  const links = opts.links ?? 'embed';
  const started = Date.now();
  log(`building the city model (${opts.organizations} organizations, seed ${opts.seed})`);
  const city = buildCity({ seed: opts.seed, organizations: opts.organizations, asOf: opts.asOf ?? DEFAULT_AS_OF });
  log(
    `model: ${city.orgs.length} organizations, ${city.bodies.length} Party bodies, ${city.members.length} members, ${city.officers.length} officers`,
  );

  // Only what this generator owns is replaced; anything else in `out` is left alone.
  mkdirSync(opts.out, { recursive: true });
  for (const c of CONNECTORS) rmSync(join(opts.out, c), { recursive: true, force: true });
  for (const f of ['truth.json', LINKS_FILE]) rmSync(join(opts.out, f), { force: true });

  const observed = new Observed(city.orgs.length, city.members.length, city.asOf);
  const recorder = new Recorder(links, links === 'stream' ? join(opts.out, LINKS_FILE) : null);
  const d = city.asOf.date;
  const ctx: EmitContext = {
    out: opts.out,
    seed: city.seed,
    // Exports are dated the day before the as-of date; fixed so the bytes are reproducible.
    stamp: new Date(Date.UTC(d.y, d.m - 1, d.d - 1, 8, 0, 0)),
    recorder,
    observed,
    log,
  };
  for (const emit of [emitBusinessRegistration, emitSocialSecurity, emitTax, emitCivilAffairs, emitPartyOrganization, emitGuidance]) {
    await emit(ctx, city);
  }
  recorder.close();

  const outcomes = city.orgs.map((o) => evaluateOrg(o, observed));
  const counts = countOutcomes(outcomes);
  const truthPath = join(opts.out, 'truth.json');
  writeTruth(truthPath, { city, outcomes, counts, recorder, linksFile: links === 'stream' ? LINKS_FILE : null });
  const rows = recorder.files.reduce((n, f) => n + f.dataRows, 0);
  const quarantined = recorder.files.reduce((n, f) => n + f.quarantined, 0);
  log(
    `done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${recorder.files.length} files, ${rows} rows (${quarantined} to quarantine); ledger ${counts.ledger}, covered by body ${counts.coveredByBody}, by work ${counts.coveredByWork}`,
  );
  return { truthPath, counts, files: recorder.files.length, rows, quarantined };
}
