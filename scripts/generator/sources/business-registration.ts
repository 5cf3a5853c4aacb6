/**
 * 市场监管局: the enterprise register (three files in three encodings/formats,
 * some enterprises in two of them) and annual reports (one file per year).
 */
import { ANNUAL_REPORTS, ENTERPRISES, headers } from '../contract.js';
import { fmtDate, fmtYesNo, noisyCode, noisyDigits, noisyName } from '../defects.js';
import { type EmitContext, emitFile, type FileSpec, type SourceRow } from '../emit.js';
import type { AnnualReport, City, Org } from '../model.js';
import { Random } from '../random.js';
import { bucket, gapFor } from './common.js';

const C = 'business-registration' as const;
const ENT_FIELDS = {
  keys: ['统一社会信用代码', '注册号', '企业名称'],
  code: '统一社会信用代码',
  name: '企业名称',
  dates: ['成立日期'],
} as const;
const AR_FIELDS = {
  keys: ['统一社会信用代码', '企业名称'],
  code: '统一社会信用代码',
  name: '企业名称',
  dates: ['报送日期'],
  counts: ['从业人数', '中共党员人数（含预备党员）'],
} as const;

function enterpriseRow(seed: number, o: Org, variant: number, duplicate: boolean): SourceRow {
  const rng = Random.keyed(seed, 'enterprise', o.idx, variant);
  return {
    cells: {
      统一社会信用代码: o.uscc ? noisyCode(rng, o.uscc) : '',
      注册号: o.regNo ? noisyCode(rng, o.regNo, 0.01) : '',
      企业名称: noisyName(rng, o.name),
      企业类型: o.entType ?? '',
      法定代表人: o.legalRep,
      '注册资本（万元）': o.capital,
      成立日期: fmtDate(rng, o.established),
      登记状态: rng.chance(0.03) ? `${o.status} ` : o.status,
      住所: o.address,
      行政区划代码: o.division ? noisyDigits(rng, o.division) : '',
      国民经济行业代码: noisyCode(rng, o.industryCode, 0.01),
      登记机关: o.authority,
    },
    orgs: [o.idx],
    uscc: o.uscc && o.usccValid ? o.uscc : undefined,
    protect: o.traits.protectedRegistration,
    link: !o.uscc ? 'OLD_REG_NO' : !o.usccValid ? 'CHECK_DIGIT' : duplicate ? 'DUPLICATE' : undefined,
    observe: (obs) => {
      obs.seen(o.idx, o.uscc !== null);
      obs.registered(o.idx, { entType: o.entType, soType: null, status: o.status, division: o.division, supervisor: null });
    },
  };
}

function reportRow(seed: number, o: Org, r: AnnualReport, xlsx: boolean, duplicate: boolean): SourceRow {
  const rng = Random.keyed(seed, 'annual-report', o.idx, r.year);
  const employees = r.employees === null ? '' : xlsx ? r.employees : noisyDigits(rng, String(r.employees));
  return {
    cells: {
      统一社会信用代码: noisyCode(rng, o.uscc!),
      企业名称: noisyName(rng, o.name),
      年报年度: xlsx ? r.year : String(r.year),
      从业人数: employees,
      '中共党员人数（含预备党员）': rng.chance(0.15) ? '' : xlsx ? o.memberCount : String(o.memberCount),
      是否建立党组织: fmtYesNo(rng, o.hasOwnBody),
      法定代表人是否中共党员: fmtYesNo(rng, r.repIsMember),
      经营状态: rng.chance(0.02) ? `${r.state} ` : r.state,
      生产经营地址: o.reportAddress ? o.businessAddress : '',
      报送日期: fmtDate(rng, r.filed),
      备注: rng.chance(0.05) ? '补报' : '',
    },
    orgs: [o.idx],
    uscc: o.usccValid ? o.uscc! : undefined,
    protect: !o.usccValid,
    link: !o.usccValid ? 'CHECK_DIGIT' : duplicate ? 'DUPLICATE' : undefined,
    observe: (obs) => {
      obs.seen(o.idx, true);
      obs.annualReport(o.idx, r.year, r.employees, r.state, o.reportAddress);
    },
  };
}

export async function emitBusinessRegistration(ctx: EmitContext, city: City): Promise<void> {
  const seed = city.seed;
  const registered = city.orgs.filter((o) => o.kind === 'ENTERPRISE' || o.kind === 'INDIVIDUAL_BUSINESS');
  const fileOf = (o: Org): number => {
    const b = bucket(seed, 'enterprise-file', o.idx);
    return b < 45 ? 0 : b < 85 ? 1 : 2;
  };
  const alsoIn = (o: Org): number => (o.traits.twoEnterpriseFiles ? (fileOf(o) + 1) % 3 : -1);
  const twice = (o: Org, what: string): boolean => bucket(seed, what, o.idx) === 0;
  const cols = headers(ENTERPRISES);
  const specs: FileSpec[] = [
    {
      connector: C,
      file: 'enterprises_a.csv',
      format: 'csv',
      encoding: 'utf8bom',
      columns: cols,
      fields: ENT_FIELDS,
      require: ['BAD_DATE', 'TOO_FEW_COLUMNS', 'NO_KEY', 'CHECK_DIGIT'],
    },
    {
      connector: C,
      file: 'enterprises_b.csv',
      format: 'csv',
      encoding: 'gb18030',
      columns: cols,
      fields: ENT_FIELDS,
      require: ['UNDECODABLE', 'BAD_DATE', 'TOO_FEW_COLUMNS'],
    },
    {
      connector: C,
      file: 'enterprises_c.xlsx',
      format: 'xlsx',
      columns: cols,
      fields: ENT_FIELDS,
      require: ['NO_KEY', 'BAD_DATE'],
      titleRows: ['乌海市市场主体登记信息（导出）', `数据截至：${city.asOf.date.y}年${city.asOf.date.m}月${city.asOf.date.d}日`],
    },
  ];
  for (let f = 0; f < specs.length; f++) {
    const count = registered.filter((o) => fileOf(o) === f || alsoIn(o) === f).length;
    const spec = { ...specs[f]!, gap: gapFor(count, specs[f]!.require.length) };
    await emitFile(
      ctx,
      spec,
      (function* () {
        for (const o of registered) {
          if (fileOf(o) === f) {
            yield enterpriseRow(seed, o, f, false);
            if (twice(o, 'enterprise-twice')) yield enterpriseRow(seed, o, f, true);
          } else if (alsoIn(o) === f) {
            yield enterpriseRow(seed, o, f, true);
          }
        }
      })(),
    );
  }

  const reporting = registered.filter((o) => o.reports.length > 0);
  const years = [city.asOf.year - 2, city.asOf.year - 1];
  const arCols = headers(ANNUAL_REPORTS);
  // The later year's export drifted: other column order and an extra column nobody asked for.
  const drifted = [
    '企业名称',
    '统一社会信用代码',
    '年报年度',
    '经营状态',
    '从业人数',
    '中共党员人数（含预备党员）',
    '是否建立党组织',
    '法定代表人是否中共党员',
    '生产经营地址',
    '报送日期',
    '备注',
  ];
  for (const year of years) {
    const xlsx = year === years[0];
    const base: FileSpec = xlsx
      ? {
          connector: C,
          file: `annual_reports_${year}.xlsx`,
          format: 'xlsx',
          columns: arCols,
          fields: AR_FIELDS,
          require: ['NEGATIVE_COUNT', 'BAD_DATE', 'CHECK_DIGIT'],
        }
      : {
          connector: C,
          file: `annual_reports_${year}.csv`,
          format: 'csv',
          encoding: 'utf8',
          columns: drifted,
          fields: AR_FIELDS,
          require: ['NEGATIVE_COUNT', 'BAD_DATE', 'NO_KEY', 'TOO_FEW_COLUMNS', 'CHECK_DIGIT'],
        };
    const count = reporting.filter((o) => o.reports.some((r) => r.year === year)).length;
    await emitFile(
      ctx,
      { ...base, gap: gapFor(count, base.require.length) },
      (function* () {
        for (const o of reporting) {
          const r = o.reports.find((x) => x.year === year);
          if (!r) continue;
          yield reportRow(seed, o, r, xlsx, false);
          if (twice(o, `report-twice-${year}`)) yield reportRow(seed, o, r, xlsx, true);
        }
      })(),
    );
  }
}
