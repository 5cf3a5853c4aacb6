/**
 * Builds the clean truth model of a city: organizations with their
 * registration and activity, then (party.ts) Party bodies, members and
 * guidance officers. Everything comes from one sequential seeded stream.
 */
import { annualReports, enrollment, headcount, inspections, latestOffset, series, span, type TaxPlan, taxStates } from './activity.js';
import { makeOrgCode, makeRegNo, makeUscc, withWrongCheck } from './codes.js';
import { type AsOf, asOf as parseAsOf, type MonthIndex, monthIndex, type Ymd } from './dates.js';
import { address, communityCode, CITY, COUNTIES, county, PREFECTURE_CODE } from './divisions.js';
import { type City, type MonthlySeries, type Org, type OrgKind, type OrgTraits, orgId } from './model.js';
import { enterpriseName, INDUSTRIES, institutionName, type LegalForm, NameBook, personName } from './names.js';
import { type SocialOrgType, socialOrgName, tradesFor } from './names.js';
import { buildParty } from './party.js';
import { hashKey, Random } from './random.js';
import { ALIVE_ENT, capital, DEAD_ENT, ENT_TYPES, established, SO_PREFIX, SUPERVISORS, TAX_REG_TYPE } from './registry.js';

export interface BuildOptions {
  readonly seed: number;
  readonly organizations: number;
  readonly asOf: string;
}

export function buildCity(opts: BuildOptions): City {
  const a = parseAsOf(opts.asOf);
  const firstMonth = a.month - 18;
  const rng = new Random(hashKey(opts.seed, 'city'));
  const names = new NameBook();
  const orgs: Org[] = [];
  let pilots = 0;
  for (let idx = 0; idx < opts.organizations; idx++) {
    // A city always has a couple of pilot codes; beyond those they are rare.
    const id = identity(rng, idx, a, names, pilots < 2);
    if (id.pilot) pilots++;
    orgs.push(withActivity(rng, id, a, firstMonth));
  }
  const party = buildParty(rng, orgs, a);
  return { seed: opts.seed, asOf: a, firstMonth, orgs, ...party };
}

/** Who an organization is, as its registrar records it. */
interface Identity {
  readonly idx: number;
  readonly kind: OrgKind;
  /** Legal form of enterprises (individual businesses included); null for others. */
  readonly form: LegalForm | null;
  readonly soType: SocialOrgType | null;
  readonly county: string;
  /** Registered before codes were unified and never re-registered: only a 注册号. */
  readonly noUscc: boolean;
  readonly est: Ymd;
  readonly status: string;
  readonly alive: boolean;
  readonly usccDivision: string;
  readonly orgCode: string | null;
  readonly uscc: string | null;
  readonly pilot: boolean;
  readonly regNo: string | null;
  readonly division: string | null;
  readonly industryWord: string;
  readonly industryCode: string;
  readonly tradeIndustry: string | null;
  readonly name: string;
  readonly entType: string | null;
  readonly stateOwned: boolean;
}

function pickKind(rng: Random): OrgKind {
  return rng.weighted<OrgKind>([
    ['ENTERPRISE', 76],
    ['INDIVIDUAL_BUSINESS', 6],
    ['SOCIAL_ORGANIZATION', 13],
    ['PUBLIC_INSTITUTION', 5],
  ]);
}

function pickForm(rng: Random, kind: OrgKind): LegalForm | null {
  if (kind === 'INDIVIDUAL_BUSINESS') return 'INDIVIDUAL';
  if (kind !== 'ENTERPRISE') return null;
  return rng.weighted<LegalForm>([
    ['LLC', 62],
    ['JSC', 4],
    ['PARTNERSHIP', 8],
    ['SOLE', 7],
    ['COOPERATIVE', 3],
    ['SOE', 5],
    ['FOREIGN', 2],
  ]);
}

function pickStatus(rng: Random, form: LegalForm | null, soType: SocialOrgType | null, noUscc: boolean): string {
  if (soType)
    return rng.weighted([
      ['正常', 88],
      ['撤销', 5],
      ['注销', 7],
    ] as const);
  if (!form) return ''; // public institutions have no registrar record here
  if (noUscc)
    return rng.weighted([
      ['吊销', 55],
      ['注销', 15],
      ['存续', 30],
    ] as const);
  return rng.chance(0.84) ? rng.weighted(ALIVE_ENT) : rng.weighted(DEAD_ENT);
}

/** Characters 1–2 of the USCC. */
function usccPrefix(kind: OrgKind, form: LegalForm | null, soType: SocialOrgType | null): string {
  if (soType) return SO_PREFIX[soType];
  if (kind === 'PUBLIC_INSTITUTION') return '12';
  if (form === 'INDIVIDUAL') return '92';
  return form === 'COOPERATIVE' ? '93' : '91';
}

function identity(rng: Random, idx: number, a: AsOf, names: NameBook, forcePilot: boolean): Identity {
  const kind = pickKind(rng);
  const countyCode = rng.weighted(COUNTIES.map((c, i) => [c.code, [45, 25, 30][i]!] as const));
  const form = pickForm(rng, kind);
  const noUscc = (form === 'LLC' || form === 'SOLE') && rng.chance(0.03);
  const est = established(rng, a, kind, noUscc);
  const soType =
    kind === 'SOCIAL_ORGANIZATION'
      ? rng.weighted<SocialOrgType>([
          ['社会团体', 55],
          ['民办非企业单位', 25],
          ['社会服务机构', 12],
          ['基金会', 8],
        ])
      : null;
  const status = pickStatus(rng, form, soType, noUscc);
  const alive = kind === 'PUBLIC_INSTITUTION' || !/吊销|注销|迁出|撤销/.test(status);

  const usccDivision = rng.chance(0.25) ? PREFECTURE_CODE : countyCode;
  const series = est.y < 2016 ? 'DIGITS' : soType ? 'MJ' : kind === 'PUBLIC_INSTITUTION' ? 'MB' : 'MA';
  const orgCode = noUscc && rng.chance(0.5) ? null : makeOrgCode(rng, series);
  // Pilot codes are legal yet fail the check; they live on only in live private organizations.
  const pilot =
    !noUscc && alive && (kind === 'ENTERPRISE' || soType !== null) && form !== 'SOE' && idx > 5 && (forcePilot || rng.chance(0.002));
  const valid = noUscc || orgCode === null ? null : makeUscc(usccPrefix(kind, form, soType), usccDivision, orgCode);
  const uscc = valid && pilot ? withWrongCheck(valid, rng) : valid;
  const regNo = form && (noUscc || (est.y < 2015 && rng.chance(0.6))) ? makeRegNo(rng, usccDivision) : null;

  const division =
    kind === 'PUBLIC_INSTITUTION'
      ? null
      : rng.weighted<string | null>([
          [communityCode(rng, countyCode), 55],
          [countyCode, 38],
          // An empty 行政区划代码 — except where the name-only match depends on it.
          [noUscc ? countyCode : null, 7],
        ]);
  const [industryWord, industryCode] = rng.pick(form ? tradesFor(form) : INDUSTRIES);
  const tradeIndustry = soType === '社会团体' && rng.chance(0.25) ? industryWord : null;
  const name = names.unique(() => {
    if (soType) return socialOrgName(rng, soType, countyCode, tradeIndustry);
    if (!form) return institutionName(rng, countyCode);
    return enterpriseName(rng, form, countyCode, industryWord);
  });
  const entType = !form ? null : form === 'INDIVIDUAL' ? '个体工商户' : rng.pick(ENT_TYPES[form]);
  const stateOwned = entType !== null && /国有|全民所有制/.test(entType);
  return {
    idx,
    kind,
    form,
    soType,
    county: countyCode,
    noUscc,
    est,
    status,
    alive,
    usccDivision,
    orgCode,
    uscc,
    pilot,
    regNo,
    division,
    industryWord,
    industryCode: soType ? '' : industryCode,
    tradeIndustry,
    name,
    entType,
    stateOwned,
  };
}

function staffSize(rng: Random, id: Identity): number {
  if (id.stateOwned) return rng.int(30, 800);
  if (id.kind === 'INDIVIDUAL_BUSINESS') return rng.int(1, 6);
  if (id.kind === 'PUBLIC_INSTITUTION') return rng.int(20, 300);
  if (id.soType)
    return rng.weighted([
      [rng.int(1, 8), 50],
      [rng.int(9, 11), 20],
      [rng.int(12, 40), 30],
    ]);
  // A quarter sit right on the 10-employee line.
  return rng.weighted([
    [rng.int(9, 11), 25],
    [rng.int(1, 8), 35],
    [rng.int(12, 60), 25],
    [rng.int(61, 400), 12],
    [0, 3],
  ]);
}

/** How likely a unit is to appear in social security and in tax at all. */
function participation(id: Identity): { ss: number; tax: number } {
  if (id.noUscc) return { ss: id.alive ? 0.8 : 0, tax: 0 };
  if (id.kind === 'PUBLIC_INSTITUTION') return { ss: 1, tax: 0.7 };
  if (id.stateOwned) return { ss: 0.95, tax: 0.95 };
  if (id.soType) return { ss: 0.5, tax: 0.4 };
  if (id.kind === 'INDIVIDUAL_BUSINESS') return { ss: 0.2, tax: 0.6 };
  return id.alive ? { ss: 0.6, tax: 0.78 } : { ss: 0.2, tax: 0.5 };
}

/** Monthly rows, never before the month the organization was established; null when none remain. */
function monthly(
  rng: Random,
  a: AsOf,
  from: MonthIndex,
  offset: number,
  count: (k: number, n: number) => number,
  state: (k: number, n: number) => string,
): MonthlySeries | null {
  const s = series(rng, a, from, { latestOffset: offset, span: span(rng), count, state });
  return s.months.length > 0 ? s : null;
}

function withActivity(rng: Random, id: Identity, a: AsOf, firstMonth: MonthIndex): Org {
  const staff = staffSize(rng, id);
  // Zombies and near-zombies are what the scope rule is about; make sure they exist.
  const pattern =
    id.kind === 'ENTERPRISE' && !id.stateOwned && id.alive && !id.noUscc && !id.pilot
      ? rng.weighted([
          ['ZOMBIE', 6],
          ['ABNORMAL_ACTIVE', 3],
          ['PLAIN', 91],
        ] as const)
      : 'PLAIN';
  const chance = participation(id);
  // A pilot code must show up in a second source (tax for enterprises, social security for social organizations).
  const hasSs = pattern === 'ABNORMAL_ACTIVE' || (id.pilot && id.soType !== null) || rng.chance(pattern === 'ZOMBIE' ? 0.5 : chance.ss);
  const ssOffset = pattern === 'ZOMBIE' ? rng.int(13, 18) : pattern === 'ABNORMAL_ACTIVE' || id.pilot ? 1 : latestOffset(rng, id.alive);
  const from = Math.max(firstMonth, monthIndex(id.est.y, id.est.m));
  const en = enrollment(rng, staff);
  const ss = hasSs ? monthly(rng, a, from, ssOffset, en.count, en.state) : null;

  const hasTax = pattern !== 'PLAIN' || (id.pilot && id.soType === null) || rng.chance(chance.tax);
  let plan: TaxPlan;
  if (pattern !== 'PLAIN') plan = rng.chance(0.2) ? 'DEREGISTERED' : 'ABNORMAL';
  else if (/注销/.test(id.status)) plan = 'DEREGISTERED';
  else if (/吊销/.test(id.status)) plan = 'ABNORMAL';
  else
    plan = rng.weighted<TaxPlan>([
      ['NORMAL', 88],
      ['ABNORMAL', 5],
      ['SUSPENDED', 5],
      ['DEREGISTERED', 2],
    ]);
  const iitShift = rng.chance(0.3) ? rng.int(0, 3) : 0;
  const taxStateAt = taxStates(rng, plan);
  const badLatest = plan === 'DEREGISTERED' ? '注销' : '非正常';
  const tax = hasTax
    ? monthly(
        rng,
        a,
        from,
        pattern !== 'PLAIN' || id.pilot ? 1 : latestOffset(rng, id.alive),
        () => Math.max(0, headcount(rng, staff) - iitShift),
        (k, n) => (pattern !== 'PLAIN' && k === n - 1 ? badLatest : taxStateAt(k, n)),
      )
    : null;

  const reports = id.form && id.form !== 'INDIVIDUAL' && id.uscc ? annualReports(rng, a, id.est, id.alive, staff) : [];
  const matchable = ss !== null && id.alive && id.division !== null && !id.pilot;
  const nameOnlySs = matchable && (id.noUscc || ((id.kind === 'ENTERPRISE' || id.soType !== null) && rng.chance(0.06)));
  const maskedSs = matchable && !nameOnlySs && id.uscc !== null && rng.chance(0.02);
  const oldIdEligible = tax && id.uscc && !id.pilot && id.kind !== 'PUBLIC_INSTITUTION' && id.orgCode && /^\d/.test(id.orgCode);
  const oldTaxId = oldIdEligible && id.est.y < 2015 && rng.chance(0.3) ? (rng.chance(0.4) ? 'ALL' : 'EARLY') : null;
  const traits: OrgTraits = {
    nameOnlySs,
    maskedSs,
    oldTaxId,
    twoEnterpriseFiles: id.form !== null && rng.chance(0.04),
    protectedRegistration: nameOnlySs || maskedSs || oldTaxId !== null || id.pilot || id.uscc === null,
  };

  const registered = address(rng, id.county);
  const place = id.usccDivision === PREFECTURE_CODE ? '' : county(id.county).name;
  return {
    idx: id.idx,
    id: orgId(id.idx),
    kind: id.kind,
    name: id.name,
    uscc: id.uscc,
    usccValid: !id.pilot,
    orgCode: id.orgCode,
    regNo: id.regNo,
    county: id.county,
    division: id.division,
    industryCode: id.industryCode,
    industryWord: id.industryWord,
    entType: id.entType,
    stateOwned: id.stateOwned,
    soType: id.soType,
    status: id.status,
    alive: id.alive,
    established: id.est,
    legalRep: personName(rng),
    capital: id.form ? capital(rng, id.form) : '',
    address: registered,
    businessAddress: rng.chance(0.75) ? registered : address(rng, id.county),
    authority: `${CITY}${place}${id.soType ? '民政局' : '市场监督管理局'}`,
    supervisor: supervisor(rng, id),
    tradeAssociation: id.tradeIndustry !== null,
    grade: id.soType && rng.chance(0.4) ? rng.pick(['1A', '2A', '3A', '4A', '5A']) : null,
    inspections: id.soType ? inspections(rng, a, id.est.y) : [],
    staff,
    ss,
    tax,
    taxRegType: id.soType ?? (id.form ? TAX_REG_TYPE[id.form] : '事业单位'),
    taxAddress: rng.chance(0.8),
    reports,
    reportAddress: rng.chance(0.85),
    traits,
    memberCount: 0,
    hasOwnBody: false,
  };
}

/** Trade associations were cut loose from their departments; half now answer to the federation of commerce. */
function supervisor(rng: Random, id: Identity): string | null {
  if (!id.soType) return null;
  if (id.tradeIndustry) return rng.chance(0.5) ? '乌海市工商业联合会' : null;
  return rng.chance(0.6) ? rng.pick(SUPERVISORS) : null;
}
