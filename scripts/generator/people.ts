/**
 * The people of the Party model: how many members each organization employs
 * (and of which kind), the members themselves with their Party relation, and
 * the guidance officers sent to organizations.
 */
import { makePhone, makeResidentId } from './codes.js';
import { type AsOf, fromDays, randomDate, toDays } from './dates.js';
import type { Member, Officer, Org, Relation } from './model.js';
import { personName } from './names.js';
import type { Random } from './random.js';

const OFFICER_SENDERS = [
  '中共乌海市委社会工作部',
  '乌海市工商业联合会',
  '乌海市市场监督管理局',
  '乌海市民政局',
  '中共乌海市海勃湾区委组织部',
  '中共乌海市海南区委社会工作部',
  '中共乌海市乌达区委组织部',
];
const BIRTH_PLACES = ['610113', '130104', '152801', '150102', '640104', '620102', '410105'];
const POCKET: readonly Relation[] = ['人才服务中心', '社区', '原单位', '其他'];

export interface Membership {
  readonly comp: Composition[];
  readonly formalFlags: boolean[][];
  readonly mobileFlags: boolean[][];
  /** Organizations whose size was forced; they get no body of their own. */
  readonly forced: ReadonlySet<number>;
  /** Formal, non-mobile members: the ones that can anchor a regular body. */
  readonly anchors: (org: number) => number;
}

interface Composition {
  count: number;
  onlyTemporary: boolean;
}

function memberCount(rng: Random, org: Org): number {
  // A member's employer is named by its USCC; an employer without one could not be placed.
  if (org.uscc === null) return 0;
  if (org.kind === 'INDIVIDUAL_BUSINESS') return rng.chance(0.08) ? 1 : 0;
  if (org.stateOwned || org.kind === 'PUBLIC_INSTITUTION') {
    return rng.weighted([
      [0, 50],
      [rng.int(1, 5), 38],
      [rng.int(6, 20), 10],
      [rng.int(21, 110), 2],
    ]);
  }
  if (org.soType)
    return rng.weighted([
      [0, 55],
      [rng.int(1, 2), 25],
      [rng.int(3, 12), 20],
    ]);
  // Members cluster where there are employees: a three-person shop rarely has one.
  if (org.staff < 10)
    return rng.weighted([
      [0, 88],
      [rng.int(1, 2), 10],
      [rng.int(3, 6), 2],
    ]);
  return rng.weighted([
    [0, 62],
    [rng.int(1, 2), 22],
    [rng.int(3, 12), 13],
    [rng.int(13, 49), 2.2],
    [rng.int(50, 99), 0.55],
    [rng.int(100, 130), 0.25],
  ]);
}

/** Likely to end up in the ledger: a private enterprise with staff, normal tax, an address and an open business. */
function healthy(o: Org, a: AsOf): boolean {
  const lastReport = o.reports[o.reports.length - 1];
  return (
    o.kind === 'ENTERPRISE' &&
    !o.stateOwned &&
    o.alive &&
    o.usccValid &&
    o.uscc !== null &&
    !o.traits.protectedRegistration &&
    o.staff >= 12 &&
    o.tax !== null &&
    o.tax.states[o.tax.states.length - 1] === '正常' &&
    o.tax.months[o.tax.months.length - 1]! >= a.month - 3 &&
    o.taxAddress &&
    (lastReport === undefined || lastReport.state === '开业')
  );
}

/** Decides membership sizes and kinds before any body exists, so bodies can follow the members. */
export function planMembership(rng: Random, orgs: Org[], a: AsOf): Membership {
  const comp: Composition[] = orgs.map((org) => {
    const count = memberCount(rng, org);
    return { count, onlyTemporary: count > 0 && count <= 3 && rng.chance(0.25) };
  });
  // Every city this size has a couple of big private employers with no body yet: the advice rule's top rows.
  const forced = new Set<number>();
  // Sized so that, after probationary and mobile members, ≥100 and 50–99 formal ones remain.
  for (const size of [rng.int(125, 140), rng.int(62, 78)]) {
    const org = orgs.find((o) => o.idx > 10 && !forced.has(o.idx) && comp[o.idx]!.count < 50 && healthy(o, a));
    if (org) {
      comp[org.idx] = { count: size, onlyTemporary: false };
      forced.add(org.idx);
    }
  }
  const formalFlags = comp.map((c) => Array.from({ length: c.count }, () => (c.onlyTemporary ? rng.chance(0.3) : rng.chance(0.9))));
  const mobileFlags = comp.map((c, i) => formalFlags[i]!.map((f) => (c.onlyTemporary && f ? true : rng.chance(0.06))));
  const anchors = (i: number): number => formalFlags[i]!.filter((f, k) => f && !mobileFlags[i]![k]).length;
  return { comp, formalFlags, mobileFlags, forced, anchors };
}

/** Members per organization; those whose employer has a covering body mostly hold their relation there. */
export function buildMembers(rng: Random, orgs: Org[], m: Membership, coveredBy: ReadonlyMap<number, string>, a: AsOf): Member[] {
  const { comp, formalFlags, mobileFlags } = m;
  const members: Member[] = [];
  const ids = new Set<string>();
  const latestFormalJoin = toDays(a.date) - 400;
  orgs.forEach((org, oi) => {
    org.memberCount = comp[oi]!.count;
    const body = coveredBy.get(oi);
    for (let k = 0; k < comp[oi]!.count; k++) {
      const male = rng.chance(0.6);
      const birth = randomDate(rng, { y: 1950, m: 1, d: 1 }, { y: 2004, m: 12, d: 31 });
      const adult = toDays({ y: birth.y + 18, m: birth.m, d: Math.min(birth.d, 28) });
      const formal = formalFlags[oi]![k]! && adult < latestFormalJoin;
      const joined = formal
        ? fromDays(rng.int(adult, latestFormalJoin))
        : fromDays(rng.int(Math.max(adult, toDays(a.date) - 360), toDays(a.date) - 1));
      let id = '';
      do id = makeResidentId(rng, rng.chance(0.7) ? org.county : rng.pick(BIRTH_PLACES), birth, male);
      while (ids.has(id));
      ids.add(id);
      const atBody = body !== undefined && rng.chance(0.75);
      members.push({
        idx: members.length,
        name: personName(rng),
        idNumber: id,
        male,
        formal,
        joined,
        bodyCode: atBody ? body : '',
        employer: oi,
        relation: atBody ? '本单位' : rng.pick(POCKET),
        mobile: mobileFlags[oi]![k]!,
      });
    }
  });

  return members;
}

/** Officers go mostly to live organizations with staff and no body yet. */
export function buildOfficers(rng: Random, orgs: Org[], coveredBy: ReadonlyMap<number, string>, a: AsOf): Officer[] {
  const officers: Officer[] = [];
  const guidable = orgs.filter((o) => o.uscc !== null);
  const preferred = guidable.filter(
    (o) => o.alive && !coveredBy.has(o.idx) && o.staff >= 10 && (o.kind === 'ENTERPRISE' || o.soType !== null),
  );
  const officerCount = Math.max(20, Math.round(orgs.length / 10));
  for (let i = 0; i < officerCount && guidable.length > 0; i++) {
    const pool = preferred.length > 0 && rng.chance(0.8) ? preferred : guidable;
    const k = rng.weighted([
      [1, 60],
      [2, 25],
      [3, 15],
    ]);
    officers.push({
      idx: i,
      name: personName(rng),
      sentBy: rng.pick(OFFICER_SENDERS),
      phone: makePhone(rng),
      guided: rng.sample(pool, k).map((o) => o.idx),
      assigned: fromDays(rng.int(toDays(a.date) - 4 * 365, toDays(a.date) - 1)),
    });
  }
  return officers;
}
