/**
 * 社会工作部: guidance officers and the organizations they are sent to. Last
 * year's list is a GB18030 CSV, this year's an XLSX; a few officers appear
 * in both.
 */
import { GUIDANCE_OFFICERS, headers } from '../contract.js';
import { fmtDate, noisyDigits, noisyName } from '../defects.js';
import { type EmitContext, emitFile, type FileSpec, type SourceRow } from '../emit.js';
import type { City, Officer } from '../model.js';
import { Random } from '../random.js';
import { bucket, gapFor, joinCodes } from './common.js';

const C = 'guidance' as const;
const FIELDS = {
  keys: ['指导员姓名', '指导单位统一社会信用代码'],
  code: '指导单位统一社会信用代码',
  name: '指导员姓名',
  dates: ['选派日期'],
} as const;

function officerRow(seed: number, city: City, o: Officer, duplicate: boolean): SourceRow {
  const rng = Random.keyed(seed, 'officer', o.idx);
  const guided = o.guided.map((i) => city.orgs[i]!);
  return {
    cells: {
      指导员姓名: noisyName(rng, o.name, 0.04),
      派出单位: o.sentBy,
      联系电话: noisyDigits(rng, o.phone, 0.02),
      指导单位统一社会信用代码: joinCodes(
        rng,
        guided.map((g) => g.uscc!),
      ),
      选派日期: fmtDate(rng, o.assigned),
    },
    orgs: o.guided,
    uscc: guided.length === 1 && guided[0]!.usccValid ? guided[0]!.uscc! : undefined,
    link: guided.some((g) => !g.usccValid) ? 'CHECK_DIGIT' : duplicate ? 'DUPLICATE' : undefined,
    observe: (obs) => {
      for (const g of guided) {
        obs.seen(g.idx, true);
        obs.guidedBy(g.idx);
      }
    },
  };
}

export async function emitGuidance(ctx: EmitContext, city: City): Promise<void> {
  const seed = city.seed;
  const year = city.asOf.year;
  const thisYear = (o: Officer): boolean => o.assigned.y === year;
  const twice = (o: Officer): boolean => bucket(seed, 'officer-twice', o.idx) < 5;
  const cols = headers(GUIDANCE_OFFICERS);
  const files: [FileSpec, (o: Officer) => 'ROW' | 'DUPLICATE' | null][] = [
    [
      {
        connector: C,
        file: `guidance_officers_${year - 1}.csv`,
        format: 'csv',
        encoding: 'gb18030',
        columns: cols,
        fields: FIELDS,
        require: ['UNDECODABLE', 'MASKED_CODE', 'BAD_DATE', 'NO_KEY', 'TOO_FEW_COLUMNS', 'CHECK_DIGIT'],
      },
      (o) => (!thisYear(o) ? 'ROW' : twice(o) ? 'DUPLICATE' : null),
    ],
    [
      {
        connector: C,
        file: `guidance_officers_${year}.xlsx`,
        format: 'xlsx',
        columns: cols,
        fields: FIELDS,
        require: ['MASKED_CODE', 'BAD_DATE'],
      },
      (o) => (thisYear(o) ? 'ROW' : twice(o) ? 'DUPLICATE' : null),
    ],
  ];
  for (const [spec, pick] of files) {
    const count = city.officers.filter((o) => pick(o) !== null).length;
    await emitFile(
      ctx,
      { ...spec, gap: gapFor(count, spec.require.length) },
      (function* () {
        for (const o of city.officers) {
          const p = pick(o);
          if (p) yield officerRow(seed, city, o, p === 'DUPLICATE');
        }
      })(),
    );
  }
}
