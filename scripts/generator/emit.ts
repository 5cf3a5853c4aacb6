/**
 * Writes one source file from a lazy sequence of rows: decides which rows
 * are destroyed by design, writes the bytes, records links and defects, and
 * folds the surviving rows' facts into the observed model. Rows are produced
 * and written one at a time, never collected.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectorId } from './contract.js';
import { applicable, type Category, type DefectFields, destroy, type LinkCategory } from './defects.js';
import type { Observed } from './observed.js';
import { Random } from './random.js';
import type { Recorder } from './record.js';
import { type Cell, type Encoding, openCsv, openXlsx } from './writers.js';

export interface FileSpec {
  readonly connector: ConnectorId;
  readonly file: string;
  readonly format: 'csv' | 'xlsx';
  readonly encoding?: Encoding;
  readonly eol?: '\n' | '\r\n';
  /** Column keys (contract headers or unknown extras) in written order. */
  readonly columns: readonly string[];
  /** Header text to write instead of the key (English aliases). */
  readonly labels?: Readonly<Record<string, string>>;
  /** XLSX rows above the header (a report title, an export note). */
  readonly titleRows?: readonly string[];
  readonly fields: DefectFields;
  /** Quarantine categories this file must contain at least once. */
  readonly require: readonly Category[];
  /** Chance per row of a further destroyed row (after the required ones). */
  readonly rate?: number;
  /** Rows between two required defects. */
  readonly gap?: readonly [number, number];
}

export interface SourceRow {
  readonly cells: Readonly<Record<string, Cell>>;
  /** Organizations the row refers to (for precision/recall of a resolver). */
  readonly orgs: readonly number[];
  /** The single valid USCC in the code cell, when there is one (CHECK_DIGIT and MASKED_CODE need it). */
  readonly uscc?: string;
  /** Never destroy: other rows can only be placed through this one. */
  readonly protect?: boolean;
  /** Odd but placeable: recorded as a LINK defect. */
  readonly link?: LinkCategory;
  /** Folds the row's facts into the observed model; called only if the row survives. */
  readonly observe?: (o: Observed) => void;
}

export interface EmitContext {
  readonly out: string;
  readonly seed: number;
  readonly stamp: Date;
  readonly recorder: Recorder;
  readonly observed: Observed;
  readonly log: (message: string) => void;
}

class Planner {
  private readonly pending: Category[];
  private countdown: number;
  private readonly allowed: readonly Category[];
  private readonly format: { csv: boolean; gb18030: boolean };

  constructor(
    private readonly spec: FileSpec,
    private readonly rng: Random,
  ) {
    this.format = { csv: spec.format === 'csv', gb18030: spec.format === 'csv' && spec.encoding === 'gb18030' };
    const fmt = this.format;
    this.allowed = spec.require.filter((c) => (c !== 'TOO_FEW_COLUMNS' || fmt.csv) && (c !== 'UNDECODABLE' || fmt.gb18030));
    this.pending = rng.sample(this.allowed, this.allowed.length);
    this.countdown = this.nextGap();
  }

  private nextGap(): number {
    const [lo, hi] = this.spec.gap ?? [3, 12];
    return this.rng.int(lo, hi);
  }

  decide(row: SourceRow): Category | null {
    if (row.protect) return null;
    const ok = (c: Category): boolean => applicable(c, this.spec.fields, row, this.format);
    if (this.pending.length > 0 && --this.countdown <= 0) {
      const i = this.pending.findIndex(ok);
      if (i >= 0) {
        this.countdown = this.nextGap();
        return this.pending.splice(i, 1)[0]!;
      }
    }
    if (this.rng.chance(this.spec.rate ?? 0.003)) {
      const options = this.allowed.filter(ok);
      if (options.length > 0) return this.rng.pick(options);
    }
    return null;
  }

  get random(): Random {
    return this.rng;
  }
}

export async function emitFile(ctx: EmitContext, spec: FileSpec, rows: Iterable<SourceRow>): Promise<void> {
  const dir = join(ctx.out, spec.connector);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, spec.file);
  const encoding = spec.encoding ?? 'utf8';
  const sink = spec.format === 'csv' ? openCsv(path, encoding, spec.eol) : openXlsx(path, { stamp: ctx.stamp });
  for (const title of spec.titleRows ?? []) sink.write([title]);
  const headerLine = sink.write(spec.columns.map((c) => spec.labels?.[c] ?? c));
  const rec = ctx.recorder.beginFile({
    connector: spec.connector,
    file: spec.file,
    format: spec.format,
    encoding: spec.format === 'csv' ? encoding : null,
    headerLine,
  });
  const planner = new Planner(spec, Random.keyed(ctx.seed, 'defects', spec.connector, spec.file));
  const rng = planner.random;
  const nameColumn = spec.fields.name === undefined ? -1 : spec.columns.indexOf(spec.fields.name);

  for (const row of rows) {
    const cells: Record<string, Cell> = { ...row.cells };
    const category = planner.decide(row);
    if (category) destroy(rng, category, spec.fields, { cells, uscc: row.uscc });
    let values: Cell[] = spec.columns.map((c) => cells[c] ?? '');
    if (category === 'TOO_FEW_COLUMNS') values = values.slice(0, rng.int(1, Math.max(1, Math.floor(values.length / 2))));
    const line = sink.write(values, category === 'UNDECODABLE' ? nameColumn : undefined);
    ctx.recorder.row(rec, line, row.orgs);
    if (category) {
      ctx.recorder.defect(rec, line, category, 'QUARANTINE', row.orgs);
    } else {
      row.observe?.(ctx.observed);
      if (row.link) ctx.recorder.defect(rec, line, row.link, 'LINK', row.orgs);
    }
    if (rec.dataRows % 2000 === 0) await sink.breathe();
  }
  await sink.close();
  const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
  ctx.log(`${spec.connector}/${spec.file}: ${rec.dataRows} rows, ${rec.quarantined} to quarantine (rss ${rss} MB)`);
}
