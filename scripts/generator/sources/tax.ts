/**
 * 税务局: the taxpayer register by month, in three six-month files (GB18030,
 * XLSX, and a UTF-8 export with extra columns in another order). Taxpayers
 * registered before the reform still appear under their old 15-character id.
 */
import { oldTaxpayerId } from '../codes.js';
import { headers, TAXPAYERS } from '../contract.js';
import { fmtMonth, noisyCode, noisyDigits, noisyName } from '../defects.js';
import { county } from '../divisions.js';
import { type EmitContext, emitFile, type FileSpec, type SourceRow } from '../emit.js';
import type { City, Org } from '../model.js';
import { Random } from '../random.js';
import { bucket, chunkOf, gapFor, monthChunks } from './common.js';

const C = 'tax' as const;
const FIELDS = {
  keys: ['纳税人识别号', '纳税人名称'],
  code: '纳税人识别号',
  clearOnMask: '纳税人名称',
  name: '纳税人名称',
  month: '所属期',
  counts: ['个税扣缴人数'],
} as const;

function taxRow(seed: number, o: Org, k: number, chunk: number, xlsx: boolean, duplicate: boolean, serial: number): SourceRow {
  const tax = o.tax!;
  const month = tax.months[k]!;
  const withheld = tax.counts[k]!;
  const state = tax.states[k]!;
  const rng = Random.keyed(seed, 'taxpayer', o.idx, month);
  const old = o.traits.oldTaxId === 'ALL' || (o.traits.oldTaxId === 'EARLY' && chunk === 0);
  return {
    cells: {
      序号: serial,
      纳税人识别号: old ? noisyCode(rng, oldTaxpayerId(o.county, o.orgCode!), 0.01) : noisyCode(rng, o.uscc!),
      纳税人名称: noisyName(rng, o.name),
      纳税人状态: state,
      登记注册类型: o.taxRegType,
      所属期: fmtMonth(rng, month),
      个税扣缴人数: xlsx ? withheld : noisyDigits(rng, String(withheld)),
      生产经营地址: o.taxAddress ? o.businessAddress : '',
      主管税务机关: `国家税务总局乌海市${county(o.county).name}税务局`,
      数据来源: rng.pick(['金税三期', '电子税务局']),
    },
    orgs: [o.idx],
    uscc: !old && o.usccValid ? o.uscc! : undefined,
    protect: !o.usccValid,
    link: old ? 'OLD_TAX_ID' : !o.usccValid ? 'CHECK_DIGIT' : duplicate ? 'DUPLICATE' : undefined,
    observe: (obs) => {
      obs.seen(o.idx, !old);
      obs.tax(o.idx, month, state, withheld, o.taxAddress);
    },
  };
}

export async function emitTax(ctx: EmitContext, city: City): Promise<void> {
  const seed = city.seed;
  const chunks = monthChunks(city);
  const taxpayers = city.orgs.filter((o) => o.tax !== null);
  const twice = (o: Org, month: number): boolean => bucket(seed, 'taxpayer-twice', o.idx, month) === 0;
  const cols = headers(TAXPAYERS);
  const drifted = [
    '序号',
    '所属期',
    '纳税人识别号',
    '纳税人名称',
    '个税扣缴人数',
    '纳税人状态',
    '登记注册类型',
    '主管税务机关',
    '生产经营地址',
    '数据来源',
  ];
  const specs: FileSpec[] = [
    {
      connector: C,
      file: `taxpayers_${chunks[0]!.label}.csv`,
      format: 'csv',
      encoding: 'gb18030',
      columns: cols,
      fields: FIELDS,
      require: ['UNDECODABLE', 'BAD_MONTH', 'MASKED_CODE', 'TOO_FEW_COLUMNS'],
    },
    {
      connector: C,
      file: `taxpayers_${chunks[1]!.label}.xlsx`,
      format: 'xlsx',
      columns: cols,
      fields: FIELDS,
      require: ['NEGATIVE_COUNT', 'CHECK_DIGIT', 'NO_KEY'],
    },
    {
      connector: C,
      file: `taxpayers_${chunks[2]!.label}.csv`,
      format: 'csv',
      encoding: 'utf8',
      columns: drifted,
      fields: FIELDS,
      require: ['BAD_MONTH', 'NEGATIVE_COUNT', 'MASKED_CODE', 'TOO_FEW_COLUMNS', 'CHECK_DIGIT'],
    },
  ];
  for (let f = 0; f < chunks.length; f++) {
    const spec = specs[f]!;
    const xlsx = spec.format === 'xlsx';
    const monthsIn = (o: Org): number[] => o.tax!.months.flatMap((m, k) => (chunkOf(chunks, m) === f ? [k] : []));
    const count = taxpayers.reduce((n, o) => n + monthsIn(o).length, 0);
    await emitFile(
      ctx,
      { ...spec, gap: gapFor(count, spec.require.length) },
      (function* () {
        let serial = 0;
        for (const o of taxpayers) {
          for (const k of monthsIn(o)) {
            yield taxRow(seed, o, k, f, xlsx, false, ++serial);
            if (twice(o, o.tax!.months[k]!)) yield taxRow(seed, o, k, f, xlsx, true, ++serial);
          }
        }
      })(),
    );
  }
}
