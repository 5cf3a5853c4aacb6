import { describe, expect, it } from 'vitest';
import { suggestJointBranches, type JointBranchUnit } from '../../src/rules/joint-branch.js';

let next = 1;
const unit = (formalMembers: number, over: Partial<JointBranchUnit> = {}): JointBranchUnit => ({
  id: next++,
  name: null,
  formalMembers,
  zoneId: null,
  zoneName: null,
  industryCode: null,
  countyCode: '150302',
  ...over,
});

describe('joint-branch suggestions (the branch rule: ≤ 5 units, ≥ 3 formal members)', () => {
  it('groups units of the same zone first', () => {
    const park = { zoneId: 7, zoneName: '乌海经济开发区' };
    const plan = suggestJointBranches([
      unit(1, park),
      unit(2, park),
      unit(1, { industryCode: 'F5143' }),
      unit(2, { industryCode: 'F5191' }),
    ]);
    expect(plan.suggestions.map((s) => [s.basis, s.shared, s.units.length, s.formalMembers])).toEqual([
      ['ZONE', '乌海经济开发区', 2, 3],
      ['INDUSTRY', 'F51', 2, 3],
    ]);
    expect(plan.unplaced).toEqual([]);
  });

  it('never puts more than five units in one branch, and spreads members so each group reaches three', () => {
    const units = Array.from({ length: 7 }, () => unit(1, { industryCode: 'C1515' }));
    const plan = suggestJointBranches(units);
    expect(plan.suggestions.every((s) => s.units.length <= 5)).toBe(true);
    expect(plan.suggestions.map((s) => s.units.length).sort()).toEqual([3, 4]);
    expect(plan.unplaced).toEqual([]);
  });

  it('falls back to the county when zone and industry do not gather three members', () => {
    const plan = suggestJointBranches([unit(1, { zoneId: 1 }), unit(1, { industryCode: 'K7010' }), unit(1)]);
    expect(plan.suggestions).toHaveLength(1);
    expect(plan.suggestions[0]).toMatchObject({ basis: 'DIVISION', shared: '150302', formalMembers: 3 });
  });

  it('leaves a unit without neighbours (or without enough members) unplaced', () => {
    const plan = suggestJointBranches([
      unit(1, { countyCode: '150303' }),
      unit(1, { countyCode: '150304' }),
      unit(1, { countyCode: '150304' }),
    ]);
    expect(plan.suggestions).toEqual([]);
    expect(plan.unplaced).toHaveLength(3);
  });

  it('no units, no suggestions', () => {
    expect(suggestJointBranches([])).toEqual({ suggestions: [], unplaced: [] });
  });
});
