/**
 * The Party side of the city: the body hierarchy (city two-new work
 * committee → county committees and a few industry committees → bodies in
 * organizations) and what each body covers; people.ts adds members and officers.
 */
import { type AsOf, fromDays, toDays, type Ymd } from './dates.js';
import { CITY, COUNTIES, PREFECTURE_CODE } from './divisions.js';
import type { BodyKind, Formation, Member, Officer, Org, PartyBody } from './model.js';
import { buildMembers, buildOfficers, planMembership } from './people.js';
import type { Random } from './random.js';

const INDUSTRY_COMMITTEES: readonly (readonly [string, readonly string[]])[] = [
  ['物流', ['物流', '运输']],
  ['建筑', ['建筑工程', '装饰工程', '房地产开发']],
  ['餐饮住宿', ['酒店管理', '餐饮管理']],
  ['社会组织', []],
];

export function buildParty(rng: Random, orgs: Org[], a: AsOf): { bodies: PartyBody[]; members: Member[]; officers: Officer[] } {
  const membership = planMembership(rng, orgs, a);
  const { comp, forced, anchors } = membership;
  const bodies: PartyBody[] = [];
  const serial = new Map<string, number>();
  const nextCode = (prefix: string): string => {
    const n = (serial.get(prefix) ?? 0) + 1;
    serial.set(prefix, n);
    return prefix + String(n).padStart(8, '0');
  };
  const founded = (org: Org | null): Ymd => {
    const from = org ? Math.max(toDays(org.established), toDays({ y: 2005, m: 1, d: 1 })) : toDays({ y: 2008, m: 1, d: 1 });
    return fromDays(rng.int(Math.min(from, toDays(a.date) - 2), toDays(a.date) - 1));
  };
  const add = (b: Omit<PartyBody, 'idx'>): PartyBody => {
    const body = { ...b, idx: bodies.length };
    bodies.push(body);
    return body;
  };

  const city = add({
    code: nextCode(PREFECTURE_CODE),
    name: `中共${CITY}两新组织工作委员会`,
    kind: '党委',
    formation: '',
    parentCode: '',
    founded: { y: 2012, m: 6, d: 28 },
    covers: [],
    division: PREFECTURE_CODE,
    industryTree: false,
  });
  const countyCommittee = new Map<string, string>();
  for (const c of COUNTIES) {
    countyCommittee.set(
      c.code,
      add({
        code: nextCode(c.code),
        name: `中共${CITY}${c.name}两新组织综合委员会`,
        kind: '党委',
        formation: '',
        parentCode: city.code,
        founded: { y: 2013, m: 7, d: 1 },
        covers: [],
        division: c.code,
        industryTree: false,
      }).code,
    );
  }
  const industry = INDUSTRY_COMMITTEES.map(([label, words]) => ({
    words,
    label,
    body: add({
      code: nextCode(PREFECTURE_CODE),
      name: `中共${CITY}${label}行业委员会`,
      kind: '党委',
      formation: '行业组建',
      parentCode: city.code,
      founded: founded(null),
      covers: [],
      division: PREFECTURE_CODE,
      industryTree: true,
    }),
  }));

  const coveredBy = new Map<number, string>();
  const coverable = (o: Org): boolean => o.uscc !== null && !coveredBy.has(o.idx);

  for (const org of orgs) {
    const f = anchors(org.idx);
    if (f < 3 || !coverable(org) || forced.has(org.idx) || !rng.chance(0.8)) continue;
    const kind: BodyKind = f >= 100 ? '党委' : f >= 50 ? '党总支' : '党支部';
    const ind = industry.find((x) => x.words.includes(org.industryWord));
    const underIndustry = ind !== undefined && rng.chance(0.3);
    const name =
      kind === '党委'
        ? `中共${org.name}委员会`
        : kind === '党总支'
          ? `中共${org.name}总支部委员会`
          : rng.chance(0.6)
            ? `中共${org.name}支部委员会`
            : `${org.name}党支部`;
    const own = add({
      code: nextCode(org.county),
      name,
      kind,
      formation: '单独组建',
      parentCode: underIndustry ? ind.body.code : countyCommittee.get(org.county)!,
      founded: founded(org),
      covers: [org.idx],
      division: org.division ?? org.county,
      industryTree: underIndustry,
    });
    org.hasOwnBody = true;
    coveredBy.set(org.idx, own.code);
    if (kind === '党委') {
      for (let k = 1; k <= rng.int(1, 2); k++) {
        add({
          code: nextCode(org.county),
          name: `中共${org.name}第${k}支部委员会`,
          kind: '党支部',
          formation: '单独组建',
          parentCode: own.code,
          founded: founded(org),
          covers: [],
          division: own.division,
          industryTree: underIndustry,
        });
      }
    }
  }

  const group = (candidates: Org[], min: number, max: number): Org[][] => {
    const groups: Org[][] = [];
    for (let i = 0; i + min <= candidates.length;) {
      const k = Math.min(rng.int(min, max), candidates.length - i);
      groups.push(candidates.slice(i, i + k));
      i += k;
    }
    return groups;
  };
  const coverGroup = (
    g: Org[],
    kind: BodyKind,
    formation: Formation,
    name: string,
    parentCode: string,
    division: string,
    industryTree: boolean,
  ): void => {
    const b = add({
      code: nextCode(division.slice(0, 6)),
      name,
      kind,
      formation,
      parentCode,
      founded: founded(g[0]!),
      covers: g.map((o) => o.idx),
      division,
      industryTree,
    });
    for (const o of g) coveredBy.set(o.idx, b.code);
  };

  for (const c of COUNTIES) {
    const cands = orgs.filter(
      (o) =>
        o.county === c.code &&
        coverable(o) &&
        !forced.has(o.idx) &&
        (anchors(o.idx) >= 1 && anchors(o.idx) <= 2 ? rng.chance(0.6) : comp[o.idx]!.count === 0 && o.staff >= 10 && rng.chance(0.12)),
    );
    for (const g of group(cands, 2, 5)) {
      coverGroup(
        g,
        '联合党支部',
        '联合组建',
        `中共${g[0]!.name}等${g.length}家单位联合支部委员会`,
        countyCommittee.get(c.code)!,
        c.code,
        false,
      );
    }
  }
  const perCommittee = Math.max(3, Math.round(orgs.length / 150));
  for (const ind of industry) {
    if (ind.words.length === 0) {
      const assoc = orgs.filter((o) => o.tradeAssociation && coverable(o)).slice(0, rng.int(1, 3));
      for (const o of assoc) coveredBy.set(o.idx, ind.body.code);
      ind.body.covers.push(...assoc.map((o) => o.idx));
      continue;
    }
    const cands = orgs.filter(
      (o) => ind.words.includes(o.industryWord) && o.kind === 'ENTERPRISE' && coverable(o) && !forced.has(o.idx) && rng.chance(0.3),
    );
    group(cands, 2, 4)
      .slice(0, perCommittee)
      .forEach((g, k) => {
        coverGroup(g, '党支部', '行业组建', `中共${CITY}${ind.label}行业第${k + 1}联合支部委员会`, ind.body.code, PREFECTURE_CODE, true);
      });
  }
  for (const org of orgs) {
    const c = comp[org.idx]!;
    if (c.count === 0 || anchors(org.idx) > 0 || !coverable(org) || !rng.chance(0.4)) continue;
    coverGroup(
      [org],
      '临时党支部',
      rng.chance(0.7) ? '单独组建' : '联合组建',
      `${org.name}临时党支部`,
      countyCommittee.get(org.county)!,
      org.division ?? org.county,
      false,
    );
  }

  const members = buildMembers(rng, orgs, membership, coveredBy, a);
  const officers = buildOfficers(rng, orgs, coveredBy, a);
  return { bodies, members, officers };
}
