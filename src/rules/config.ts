/**
 * The rule parameters DOMAIN.md calls configuration, with its defaults. The 3-member branch
 * threshold and the 10-employee "have" are definitions, not settings, so they are constants.
 */
export interface RulesConfig {
  /** Whole calendar months before the as-of month that headcount and insured counts may come from. */
  windowMonths: number;
  /** Formal members from which a general branch (党总支) is advised. */
  generalBranchMembers: number;
  /** Formal members from which a Party committee (党委) is advised. */
  committeeMembers: number;
}

export const DEFAULT_RULES: RulesConfig = { windowMonths: 12, generalBranchMembers: 50, committeeMembers: 100 };

/** 支部工作条例: three formal members form a branch. */
export const BRANCH_MEMBERS = 3;
/** 有10人以上员工 */
export const EMPLOYEE_THRESHOLD = 10;
/** Inspections of this many report years before the as-of year can decide. */
export const INSPECTION_YEARS = 2;
/** 支部工作条例: a joint branch unites at most five units. */
export const JOINT_BRANCH_MAX_UNITS = 5;
