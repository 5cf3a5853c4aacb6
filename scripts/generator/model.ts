/**
 * The clean city: what is really true about each organization, Party body,
 * member and officer before any department exports (and garbles) it.
 */
import type { AsOf, MonthIndex, Ymd } from './dates.js';
import type { SocialOrgType } from './names.js';

export type OrgKind = 'ENTERPRISE' | 'INDIVIDUAL_BUSINESS' | 'SOCIAL_ORGANIZATION' | 'PUBLIC_INSTITUTION';

export type TaxState = '正常' | '非正常' | '停业' | '注销';
export type OperatingState = '开业' | '歇业' | '清算';
export type InspectionResult = '合格' | '基本合格' | '不合格' | '未参检';

/** One row per month for social-security (insured) and tax (IIT withheld). */
export interface MonthlySeries {
  readonly months: MonthIndex[];
  readonly counts: number[];
  /** Enrollment state (social security) or tax state, per month. */
  readonly states: string[];
}

export interface AnnualReport {
  readonly year: number;
  /** null: the enterprise chose not to publish it (an empty cell). */
  readonly employees: number | null;
  readonly repIsMember: boolean;
  readonly state: OperatingState;
  readonly filed: Ymd;
}

export interface Inspection {
  readonly year: number;
  readonly result: InspectionResult;
}

/** How this organization makes a resolver's life hard (drives protections in emitters). */
export interface OrgTraits {
  /** Social-security rows carry no USCC: matched by 单位名称 + 所属区县. */
  nameOnlySs: boolean;
  /** Social-security rows carry a masked USCC (never a key): matched by name + district too. */
  maskedSs: boolean;
  /** Tax rows use the old 15-digit id: 'ALL' months, or only the oldest file's. */
  oldTaxId: 'ALL' | 'EARLY' | null;
  /** Listed in two enterprise files. */
  twoEnterpriseFiles: boolean;
  /** Rows that place other rows must never be destroyed, or the truth could not be resolved. */
  protectedRegistration: boolean;
}

export interface Org {
  readonly idx: number;
  readonly id: string;
  readonly kind: OrgKind;
  readonly name: string;
  /** The code as every source carries it; a pilot code fails its check yet is legal. */
  readonly uscc: string | null;
  readonly usccValid: boolean;
  readonly orgCode: string | null;
  readonly regNo: string | null;
  readonly county: string;
  /** 行政区划代码 on the registrar's record (6 or 12 digits); null = the cell is empty. */
  readonly division: string | null;
  readonly industryCode: string;
  readonly industryWord: string;
  /** 企业类型 (enterprises) — null for others. */
  readonly entType: string | null;
  readonly stateOwned: boolean;
  readonly soType: SocialOrgType | null;
  /** 登记状态 as the registrar writes it. */
  readonly status: string;
  readonly alive: boolean;
  readonly established: Ymd;
  readonly legalRep: string;
  readonly capital: string;
  readonly address: string;
  readonly businessAddress: string;
  readonly authority: string;
  readonly supervisor: string | null;
  readonly tradeAssociation: boolean;
  readonly grade: string | null;
  readonly inspections: Inspection[];
  readonly staff: number;
  readonly ss: MonthlySeries | null;
  readonly tax: MonthlySeries | null;
  readonly taxRegType: string;
  /** The tax register states a business address for this organization. */
  readonly taxAddress: boolean;
  readonly reports: AnnualReport[];
  /** The annual reports state a business address. */
  readonly reportAddress: boolean;
  readonly traits: OrgTraits;
  /** Filled by the Party model: members whose employer this is. */
  memberCount: number;
  hasOwnBody: boolean;
}

export type BodyKind = '党委' | '党总支' | '党支部' | '联合党支部' | '临时党支部';
export type Formation = '单独组建' | '联合组建' | '行业组建' | '';

export interface PartyBody {
  readonly idx: number;
  readonly code: string;
  readonly name: string;
  readonly kind: BodyKind;
  readonly formation: Formation;
  readonly parentCode: string;
  readonly founded: Ymd;
  readonly covers: number[];
  readonly division: string;
  /** Bodies of the industry-committee subtree go to their own file. */
  readonly industryTree: boolean;
}

export type Relation = '本单位' | '人才服务中心' | '社区' | '原单位' | '其他';

export interface Member {
  readonly idx: number;
  readonly name: string;
  readonly idNumber: string;
  readonly male: boolean;
  readonly formal: boolean;
  readonly joined: Ymd;
  readonly bodyCode: string;
  readonly employer: number;
  readonly relation: Relation;
  readonly mobile: boolean;
}

export interface Officer {
  readonly idx: number;
  readonly name: string;
  readonly sentBy: string;
  readonly phone: string;
  readonly guided: number[];
  readonly assigned: Ymd;
}

export interface City {
  readonly seed: number;
  readonly asOf: AsOf;
  /** Months any monthly source may describe: asOf-18 … asOf-1. */
  readonly firstMonth: MonthIndex;
  readonly orgs: Org[];
  readonly bodies: PartyBody[];
  readonly members: Member[];
  readonly officers: Officer[];
}

export const orgId = (idx: number): string => `O${String(idx + 1).padStart(6, '0')}`;
