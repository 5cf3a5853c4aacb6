/**
 * 组织部: Party bodies (the main tree as CSV, the industry committees' subtree
 * as a titled XLSX) and members (three files, a few people listed twice).
 */
import { headers, PARTY_BODIES, PARTY_MEMBERS } from '../contract.js';
import { fmtDate, fmtYesNo, fullWidth, noisyCode, noisyDigits, noisyName } from '../defects.js';
import { type EmitContext, emitFile, type FileSpec, type SourceRow } from '../emit.js';
import type { City, Member, PartyBody } from '../model.js';
import { Random } from '../random.js';
import { bucket, gapFor, joinCodes } from './common.js';

const C = 'party-organization' as const;
const BODY_FIELDS = {
  keys: ['党组织编码', '党组织名称', '覆盖单位统一社会信用代码'],
  code: '覆盖单位统一社会信用代码',
  name: '党组织名称',
  dates: ['成立日期'],
} as const;
const MEMBER_FIELDS = {
  keys: ['姓名', '公民身份号码', '工作单位统一社会信用代码', '工作单位'],
  code: '工作单位统一社会信用代码',
  name: '姓名',
  dates: ['入党日期'],
} as const;

function bodyRow(seed: number, city: City, b: PartyBody): SourceRow {
  const rng = Random.keyed(seed, 'party-body', b.idx);
  const covered = b.covers.map((i) => city.orgs[i]!);
  const single = covered.length === 1 && covered[0]!.usccValid ? covered[0]!.uscc! : undefined;
  // 临时党支部 is a fallback, not a formed body; a body with no formation covers nothing by itself.
  const temporary = b.kind === '临时党支部';
  const counts = b.formation !== '';
  return {
    cells: {
      党组织编码: noisyCode(rng, b.code, 0.01),
      党组织名称: noisyName(rng, b.name, 0.08),
      党组织类别: b.kind,
      组建方式: b.formation,
      上级党组织编码: b.parentCode,
      成立日期: fmtDate(rng, b.founded),
      覆盖单位统一社会信用代码: joinCodes(
        rng,
        covered.map((o) => o.uscc!),
      ),
      行政区划代码: noisyDigits(rng, b.division),
    },
    orgs: b.covers,
    uscc: single,
    link: covered.some((o) => !o.usccValid) ? 'CHECK_DIGIT' : undefined,
    observe: (obs) => {
      for (const o of covered) {
        obs.seen(o.idx, true);
        if (counts) obs.covered(o.idx, temporary);
      }
    },
  };
}

function memberRow(seed: number, city: City, m: Member, variant: number, duplicate: boolean): SourceRow {
  const rng = Random.keyed(seed, 'member', m.idx, variant);
  const employer = city.orgs[m.employer]!;
  let id = m.idNumber;
  if (id.endsWith('X') && rng.chance(0.3)) id = id.toLowerCase();
  else if (rng.chance(0.01)) id = fullWidth(id);
  return {
    cells: {
      姓名: rng.chance(0.03) ? `${m.name} ` : m.name,
      公民身份号码: id,
      性别: m.male ? '男' : '女',
      人员类别: m.formal ? '正式党员' : '预备党员',
      入党日期: fmtDate(rng, m.joined),
      所在党组织编码: m.bodyCode,
      工作单位统一社会信用代码: noisyCode(rng, employer.uscc!),
      工作单位: noisyName(rng, employer.name),
      组织关系所在: m.relation,
      是否流动党员: fmtYesNo(rng, m.mobile),
    },
    orgs: [m.employer],
    uscc: employer.usccValid ? employer.uscc! : undefined,
    link: !employer.usccValid ? 'CHECK_DIGIT' : duplicate ? 'DUPLICATE' : undefined,
    observe: (obs) => {
      obs.seen(m.employer, true);
      obs.member(m.idx, m.employer, m.formal, m.mobile);
    },
  };
}

export async function emitPartyOrganization(ctx: EmitContext, city: City): Promise<void> {
  const seed = city.seed;
  const bodyCols = headers(PARTY_BODIES);
  const bodyFiles: [FileSpec, PartyBody[]][] = [
    [
      {
        connector: C,
        file: 'party_bodies.csv',
        format: 'csv',
        encoding: 'utf8',
        columns: bodyCols,
        fields: BODY_FIELDS,
        require: ['BAD_DATE', 'NO_KEY', 'TOO_FEW_COLUMNS', 'CHECK_DIGIT'],
      },
      city.bodies.filter((b) => !b.industryTree),
    ],
    [
      {
        connector: C,
        file: 'party_bodies_industry.xlsx',
        format: 'xlsx',
        columns: bodyCols,
        fields: BODY_FIELDS,
        require: ['BAD_DATE'],
        titleRows: ['行业党委所属党组织名册'],
      },
      city.bodies.filter((b) => b.industryTree),
    ],
  ];
  for (const [spec, bodies] of bodyFiles) {
    await emitFile(
      ctx,
      { ...spec, gap: gapFor(bodies.length, spec.require.length) },
      (function* () {
        // The city work committee anchors the tree: keep it readable.
        for (const b of bodies) yield b.parentCode === '' ? { ...bodyRow(seed, city, b), protect: true } : bodyRow(seed, city, b);
      })(),
    );
  }

  const fileOf = (m: Member): number => {
    const b = bucket(seed, 'member-file', m.idx);
    return b < 45 ? 0 : b < 80 ? 1 : 2;
  };
  const alsoIn = (m: Member): number => (bucket(seed, 'member-twice', m.idx) < 2 ? (fileOf(m) + 1) % 3 : -1);
  const memberCols = headers(PARTY_MEMBERS);
  const memberFiles: FileSpec[] = [
    {
      connector: C,
      file: 'party_members_a.csv',
      format: 'csv',
      encoding: 'utf8bom',
      columns: memberCols,
      fields: MEMBER_FIELDS,
      require: ['BAD_DATE', 'NO_KEY', 'TOO_FEW_COLUMNS', 'CHECK_DIGIT'],
    },
    {
      connector: C,
      file: 'party_members_b.csv',
      format: 'csv',
      encoding: 'gb18030',
      columns: memberCols,
      fields: MEMBER_FIELDS,
      require: ['UNDECODABLE', 'BAD_DATE'],
    },
    {
      connector: C,
      file: 'party_members_c.xlsx',
      format: 'xlsx',
      columns: memberCols,
      fields: MEMBER_FIELDS,
      require: ['BAD_DATE', 'NO_KEY'],
    },
  ];
  for (let f = 0; f < memberFiles.length; f++) {
    const spec = memberFiles[f]!;
    const count = city.members.filter((m) => fileOf(m) === f || alsoIn(m) === f).length;
    await emitFile(
      ctx,
      { ...spec, gap: gapFor(count, spec.require.length) },
      (function* () {
        for (const m of city.members) {
          if (fileOf(m) === f) yield memberRow(seed, city, m, 0, false);
          else if (alsoIn(m) === f) yield memberRow(seed, city, m, 0, true);
        }
      })(),
    );
  }
}
