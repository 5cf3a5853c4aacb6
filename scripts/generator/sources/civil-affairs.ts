/**
 * 民政局: the social organization register. Two current snapshots (GB18030;
 * UTF-8 with BOM and CRLF line ends) carry each organization's latest
 * inspection; a history workbook carries the older ones.
 */
import { headers, SOCIAL_ORGS } from '../contract.js';
import { fmtDate, fmtYesNo, noisyCode, noisyDigits, noisyName } from '../defects.js';
import { type EmitContext, emitFile, type FileSpec, type SourceRow } from '../emit.js';
import type { City, Inspection, Org } from '../model.js';
import { Random } from '../random.js';
import { bucket, gapFor } from './common.js';

const C = 'civil-affairs' as const;
const FIELDS = {
  keys: ['统一社会信用代码', '社会组织名称'],
  code: '统一社会信用代码',
  name: '社会组织名称',
  dates: ['成立登记日期'],
} as const;

function socialOrgRow(seed: number, o: Org, insp: Inspection | null, xlsx: boolean): SourceRow {
  const rng = Random.keyed(seed, 'social-org', o.idx, insp?.year ?? 0);
  return {
    cells: {
      统一社会信用代码: noisyCode(rng, o.uscc!),
      社会组织名称: noisyName(rng, o.name),
      社会组织类型: o.soType!,
      业务主管单位: o.supervisor ?? '',
      登记管理机关: o.authority,
      法定代表人: o.legalRep,
      成立登记日期: fmtDate(rng, o.established),
      登记状态: o.status,
      住所: o.address,
      行政区划代码: o.division ? noisyDigits(rng, o.division) : '',
      是否行业协会商会: fmtYesNo(rng, o.tradeAssociation),
      年检年度: insp ? (xlsx ? insp.year : String(insp.year)) : '',
      年检结论: insp?.result ?? '',
      评估等级: o.grade ?? '',
    },
    orgs: [o.idx],
    uscc: o.usccValid ? o.uscc! : undefined,
    protect: o.traits.protectedRegistration,
    link: !o.usccValid ? 'CHECK_DIGIT' : undefined,
    observe: (obs) => {
      obs.seen(o.idx, true);
      obs.registered(o.idx, { entType: null, soType: o.soType, status: o.status, division: o.division, supervisor: o.supervisor });
      if (insp) obs.inspection(o.idx, insp.year, insp.result);
    },
  };
}

export async function emitCivilAffairs(ctx: EmitContext, city: City): Promise<void> {
  const seed = city.seed;
  const socialOrgs = city.orgs.filter((o) => o.soType !== null && o.uscc !== null);
  const inB = (o: Org): boolean => bucket(seed, 'social-org-file', o.idx) >= 70;
  const cols = headers(SOCIAL_ORGS);
  const year = city.asOf.year;
  const current: FileSpec[] = [
    {
      connector: C,
      file: `social_orgs_${year}.csv`,
      format: 'csv',
      encoding: 'gb18030',
      columns: cols,
      fields: FIELDS,
      require: ['UNDECODABLE', 'BAD_DATE', 'NO_KEY', 'TOO_FEW_COLUMNS'],
    },
    {
      connector: C,
      file: `social_orgs_${year}_b.csv`,
      format: 'csv',
      encoding: 'utf8bom',
      eol: '\r\n',
      columns: cols,
      fields: FIELDS,
      require: ['CHECK_DIGIT', 'BAD_DATE', 'NO_KEY'],
    },
  ];
  for (let f = 0; f < current.length; f++) {
    const members = socialOrgs.filter((o) => inB(o) === (f === 1));
    const spec = { ...current[f]!, gap: gapFor(members.length, current[f]!.require.length) };
    await emitFile(
      ctx,
      spec,
      (function* () {
        for (const o of members) yield socialOrgRow(seed, o, o.inspections[0] ?? null, false);
      })(),
    );
  }

  const history: FileSpec = {
    connector: C,
    file: 'social_orgs_history.xlsx',
    format: 'xlsx',
    columns: cols,
    fields: FIELDS,
    require: ['BAD_DATE', 'NO_KEY', 'CHECK_DIGIT'],
    titleRows: ['乌海市社会组织年检结论（历年）'],
  };
  const older = socialOrgs.reduce((n, o) => n + Math.max(0, o.inspections.length - 1), 0);
  await emitFile(
    ctx,
    { ...history, gap: gapFor(older, history.require.length) },
    (function* () {
      for (const o of socialOrgs) for (const insp of o.inspections.slice(1)) yield socialOrgRow(seed, o, insp, true);
    })(),
  );
}
