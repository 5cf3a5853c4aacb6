/**
 * 人社局: insured units, one row per unit per month, in three six-month files
 * (UTF-8 with BOM, XLSX under a title, GB18030) plus a supplement exported
 * by another system with English headers in its own column order.
 */
import { maskUscc } from '../codes.js';
import { aliases, headers, INSURED_UNITS } from '../contract.js';
import { fmtMonth, noisyCode, noisyDigits, noisyName } from '../defects.js';
import { type EmitContext, emitFile, type FileSpec, type SourceRow } from '../emit.js';
import type { City, Org } from '../model.js';
import { Random } from '../random.js';
import { bucket, chunkOf, district, gapFor, type MonthChunk, monthChunks } from './common.js';

const C = 'social-security' as const;
const FIELDS = {
  keys: ['统一社会信用代码', '单位名称'],
  code: '统一社会信用代码',
  name: '单位名称',
  month: '参保年月',
  counts: ['参保人数'],
} as const;

function ssRow(seed: number, o: Org, k: number, xlsx: boolean, duplicate: boolean): SourceRow {
  const ss = o.ss!;
  const month = ss.months[k]!;
  const count = ss.counts[k]!;
  const rng = Random.keyed(seed, 'insured', o.idx, month);
  const { nameOnlySs, maskedSs } = o.traits;
  const plain = !nameOnlySs && !maskedSs;
  return {
    cells: {
      统一社会信用代码: nameOnlySs ? '' : maskedSs ? maskUscc(o.uscc!) : noisyCode(rng, o.uscc!),
      单位名称: noisyName(rng, o.name),
      参保年月: fmtMonth(rng, month),
      参保人数: xlsx ? count : noisyDigits(rng, String(count)),
      单位参保状态: ss.states[k]!,
      所属区县: district(rng, o.county),
      remark: rng.chance(0.03) ? '补缴' : '',
    },
    orgs: [o.idx],
    uscc: plain && o.usccValid ? o.uscc! : undefined,
    protect: !o.usccValid,
    link: nameOnlySs ? 'NAME_ONLY' : maskedSs ? 'MASKED_CODE' : !o.usccValid ? 'CHECK_DIGIT' : duplicate ? 'DUPLICATE' : undefined,
    observe: (obs) => {
      obs.seen(o.idx, plain);
      obs.socialSecurity(o.idx, month, count);
    },
  };
}

export async function emitSocialSecurity(ctx: EmitContext, city: City): Promise<void> {
  const seed = city.seed;
  const chunks = monthChunks(city);
  const insured = city.orgs.filter((o) => o.ss !== null);
  const supplement = (o: Org): boolean => bucket(seed, 'insured-supplement', o.idx) < 10;
  const twice = (o: Org, month: number): boolean => bucket(seed, 'insured-twice', o.idx, month) === 0;
  // Some units are exported again in the next file for the last month of the previous one.
  const overlaps = (o: Org): boolean => bucket(seed, 'insured-overlap', o.idx) < 3;
  const cols = headers(INSURED_UNITS);
  const name = (c: MonthChunk): string => `insured_units_${c.label}`;
  const specs: FileSpec[] = [
    {
      connector: C,
      file: `${name(chunks[0]!)}.csv`,
      format: 'csv',
      encoding: 'utf8bom',
      columns: cols,
      fields: FIELDS,
      require: ['BAD_MONTH', 'NEGATIVE_COUNT', 'NO_KEY', 'TOO_FEW_COLUMNS'],
    },
    {
      connector: C,
      file: `${name(chunks[1]!)}.xlsx`,
      format: 'xlsx',
      columns: cols,
      fields: FIELDS,
      require: ['BAD_MONTH', 'NEGATIVE_COUNT', 'CHECK_DIGIT'],
      titleRows: ['乌海市社会保险参保单位月度明细', `统计期间：${chunks[1]!.label}`],
    },
    {
      connector: C,
      file: `${name(chunks[2]!)}.csv`,
      format: 'csv',
      encoding: 'gb18030',
      columns: cols,
      fields: FIELDS,
      require: ['UNDECODABLE', 'BAD_MONTH', 'TOO_FEW_COLUMNS', 'NO_KEY', 'CHECK_DIGIT'],
    },
  ];

  for (let f = 0; f < chunks.length; f++) {
    const xlsx = specs[f]!.format === 'xlsx';
    const monthsIn = (o: Org): number[] => o.ss!.months.flatMap((m, k) => (chunkOf(chunks, m) === f ? [k] : []));
    const count = insured.reduce((n, o) => n + (supplement(o) ? 0 : monthsIn(o).length), 0);
    await emitFile(
      ctx,
      { ...specs[f]!, gap: gapFor(count, specs[f]!.require.length) },
      (function* () {
        for (const o of insured) {
          if (supplement(o)) continue;
          const ks = monthsIn(o);
          if (f === 1 && overlaps(o)) {
            const prev = o.ss!.months.findLastIndex((m) => chunkOf(chunks, m) === 0);
            if (prev >= 0) yield ssRow(seed, o, prev, xlsx, true);
          }
          for (const k of ks) {
            yield ssRow(seed, o, k, xlsx, false);
            if (twice(o, o.ss!.months[k]!)) yield ssRow(seed, o, k, xlsx, true);
          }
        }
      })(),
    );
  }

  const alias = aliases(INSURED_UNITS);
  const enCols = ['参保年月', '统一社会信用代码', '单位名称', '参保人数', '所属区县', '单位参保状态', 'remark'];
  const supplemented = insured.filter(supplement);
  const total = supplemented.reduce((n, o) => n + o.ss!.months.length, 0);
  const en: FileSpec = {
    connector: C,
    file: 'insured_units_supplement_en.csv',
    format: 'csv',
    encoding: 'utf8',
    columns: enCols,
    labels: { ...alias, remark: 'remark' },
    fields: FIELDS,
    require: ['NEGATIVE_COUNT', 'BAD_MONTH'],
  };
  await emitFile(
    ctx,
    { ...en, gap: gapFor(total, en.require.length) },
    (function* () {
      for (const o of supplemented) for (let k = 0; k < o.ss!.months.length; k++) yield ssRow(seed, o, k, false, false);
    })(),
  );
}
