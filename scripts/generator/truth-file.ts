/**
 * Writes truth.json one line at a time (one organization, body or file per
 * line), so even a 200k-organization truth never exists as one string.
 * A field whose value would be null is left out of an organization's entry.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { isoDate, isoMonth } from './dates.js';
import type { City } from './model.js';
import { orgId } from './model.js';
import type { Recorder } from './record.js';
import type { OrgOutcome, TruthCounts } from './truth.js';

export const TRUTH_SCHEMA = 'two-new-city-truth/1';

class LineWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private size = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'w');
  }

  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size > 1 << 20) this.flush();
  }

  flush(): void {
    if (this.parts.length === 0) return;
    writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function withoutNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

/** Writes `"key": [ item,\n item ]` with one JSON item per line. */
function writeList<T>(w: LineWriter, key: string, items: Iterable<T>, toJson: (item: T) => unknown, last = false): void {
  w.write(`"${key}": [`);
  let first = true;
  for (const item of items) {
    w.write(`${first ? '\n' : ',\n'}  ${JSON.stringify(toJson(item))}`);
    first = false;
  }
  w.write(`\n]${last ? '\n' : ',\n'}`);
}

export interface TruthInput {
  readonly city: City;
  readonly outcomes: readonly OrgOutcome[];
  readonly counts: TruthCounts;
  readonly recorder: Recorder;
  readonly linksFile: string | null;
}

export function writeTruth(path: string, t: TruthInput): void {
  const { city, outcomes, counts, recorder } = t;
  const w = new LineWriter(path);
  const byCategory: Record<string, { QUARANTINE: number; LINK: number }> = {};
  for (const d of recorder.defects) (byCategory[d.category] ??= { QUARANTINE: 0, LINK: 0 })[d.expect]++;
  const head = {
    schema: TRUTH_SCHEMA,
    generator: {
      seed: city.seed,
      organizations: city.orgs.length,
      asOf: isoDate(city.asOf.date),
      window: { from: isoMonth(city.asOf.windowFrom), to: isoMonth(city.asOf.windowTo) },
      inspectionYears: [city.asOf.year - 2, city.asOf.year - 1],
      monthsGenerated: { from: isoMonth(city.firstMonth), to: isoMonth(city.asOf.month - 1) },
    },
    notes: [
      'Rule outcomes follow /work/shared/DOMAIN.md applied to what the source files say once every row listed under defects with expect=QUARANTINE is removed.',
      'Counts are over known organizations (some surviving row refers to them); coverage counts are over the ledger.',
      'files[].rows[i] lists the organizations data row i refers to (line = headerLine + 1 + i), quarantined rows included.',
      'An organization entry omits a field whose value is null.',
    ],
    counts: {
      ...counts,
      bodies: city.bodies.length,
      members: city.members.length,
      officers: city.officers.length,
      sourceFiles: recorder.files.length,
      sourceRows: recorder.files.reduce((n, f) => n + f.dataRows, 0),
      quarantinedRows: recorder.files.reduce((n, f) => n + f.quarantined, 0),
      defects: byCategory,
    },
    linksFile: t.linksFile,
  };
  const headJson = JSON.stringify(head, null, 2);
  w.write(headJson.slice(0, -2) + ',\n');

  writeList(w, 'organizations', city.orgs, (o) => {
    const r = outcomes[o.idx]!;
    return withoutNulls({
      id: o.id,
      name: o.name,
      uscc: o.uscc,
      usccCheckValid: o.uscc === null ? null : o.usccValid,
      regNo: o.regNo,
      kind: o.kind,
      enterpriseType: o.entType,
      socialOrgType: o.soType,
      stateOwned: o.stateOwned,
      supervisor: o.supervisor,
      known: r.known,
      division: r.division,
      isEnterprise: r.isEnterprise,
      isSocialOrg: r.isSocialOrg,
      inScope: r.inScope,
      scopeReasons: r.scopeReasons,
      primaryReason: r.primaryReason,
      threeHaves: r.threeHaves,
      operatesNormally: r.operatesNormally,
      inLedger: r.inLedger,
      coveredByBody: r.coveredByBody,
      coveredByWork: r.coveredByWork,
      formalMembers: r.formalMembers,
      otherMembers: r.otherMembers,
      advice: r.advice,
    });
  });
  writeList(w, 'bodies', city.bodies, (b) => ({
    code: b.code,
    name: b.name,
    kind: b.kind,
    formation: b.formation,
    parentCode: b.parentCode,
    covers: b.covers.map(orgId),
  }));
  writeList(w, 'files', recorder.files, (f) => ({
    connector: f.connector,
    file: f.file,
    format: f.format,
    encoding: f.encoding,
    headerLine: f.headerLine,
    dataRows: f.dataRows,
    quarantined: f.quarantined,
    ...(f.rows ? { rows: f.rows.map((r) => r.map(orgId)) } : {}),
  }));
  writeList(w, 'defects', recorder.defects, (d) => ({ ...d, orgs: d.orgs.map(orgId) }), true);
  w.write('}\n');
  w.close();
}
