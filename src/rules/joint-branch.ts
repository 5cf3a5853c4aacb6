/**
 * Joint-branch suggestions (联合党支部): ledger organizations advised JOINT_BRANCH (1–2 formal
 * members) grouped with neighbours — the same zone first, then the same industry within
 * the county, then the same county — at most five units per branch (支部工作条例), and
 * only where the group reaches the three formal members a branch needs. Pure.
 */
import { BRANCH_MEMBERS, JOINT_BRANCH_MAX_UNITS } from './config.js';

export interface JointBranchUnit {
  id: number;
  name: string | null;
  formalMembers: number;
  zoneId: number | null;
  zoneName: string | null;
  /** GB/T 4754 industry code (e.g. F5143); its section + division (F51) is the "same industry". */
  industryCode: string | null;
  countyCode: string | null;
}

export type JointBranchBasis = 'ZONE' | 'INDUSTRY' | 'DIVISION';

export interface JointBranchSuggestion {
  basis: JointBranchBasis;
  /** Zone name, industry division (e.g. F51) or county code the units share. */
  shared: string;
  units: JointBranchUnit[];
  formalMembers: number;
}

export interface JointBranchPlan {
  suggestions: JointBranchSuggestion[];
  /** Units with no neighbour to reach three formal members: a guidance officer's case. */
  unplaced: JointBranchUnit[];
}

const industryOf = (u: JointBranchUnit) => (u.industryCode && u.industryCode.length >= 3 ? u.industryCode.slice(0, 3) : null);

const LEVELS: { basis: JointBranchBasis; key: (u: JointBranchUnit) => string | null; shared: (u: JointBranchUnit) => string }[] = [
  { basis: 'ZONE', key: (u) => (u.zoneId === null ? null : `z${u.zoneId}`), shared: (u) => u.zoneName ?? String(u.zoneId) },
  {
    basis: 'INDUSTRY',
    key: (u) => (industryOf(u) && u.countyCode ? `${u.countyCode}|${industryOf(u)}` : null),
    shared: (u) => industryOf(u)!,
  },
  { basis: 'DIVISION', key: (u) => u.countyCode, shared: (u) => u.countyCode! },
];

/**
 * Splits a bucket into the fewest groups of ≤ 5 units, dealing units round-robin by
 * members (most first) so the members spread evenly and as many groups as possible reach 3.
 */
function split(units: JointBranchUnit[]): JointBranchUnit[][] {
  const sorted = [...units].sort((a, b) => b.formalMembers - a.formalMembers || a.id - b.id);
  const groups: JointBranchUnit[][] = Array.from({ length: Math.ceil(sorted.length / JOINT_BRANCH_MAX_UNITS) }, () => []);
  sorted.forEach((u, i) => groups[i % groups.length]!.push(u));
  return groups;
}

const members = (units: readonly JointBranchUnit[]) => units.reduce((n, u) => n + u.formalMembers, 0);

export function suggestJointBranches(units: readonly JointBranchUnit[]): JointBranchPlan {
  const suggestions: JointBranchSuggestion[] = [];
  let left = [...units].sort((a, b) => a.id - b.id);
  for (const level of LEVELS) {
    const buckets = new Map<string, JointBranchUnit[]>();
    const rest: JointBranchUnit[] = [];
    for (const u of left) {
      const k = level.key(u);
      if (k === null) rest.push(u);
      else buckets.set(k, [...(buckets.get(k) ?? []), u]);
    }
    for (const bucket of buckets.values()) {
      if (bucket.length < 2) {
        rest.push(...bucket);
        continue;
      }
      for (const group of split(bucket)) {
        if (group.length >= 2 && members(group) >= BRANCH_MEMBERS)
          suggestions.push({ basis: level.basis, shared: level.shared(group[0]!), units: group, formalMembers: members(group) });
        else rest.push(...group);
      }
    }
    left = rest.sort((a, b) => a.id - b.id);
  }
  return { suggestions, unplaced: left };
}
