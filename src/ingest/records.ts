/**
 * What a mapped row says, before resolution: facts about organizations (as statements),
 * Party bodies, members and guidance officers.
 */

/** Keys by which an organization record can be matched, strongest first. */
export interface OrganizationKeys {
  /** A USCC that passed its check digit. */
  uscc?: string;
  /** A USCC that failed its check digit: flagged, links only where another source agrees. */
  usccCheckFailed?: string;
  /** 组织机构代码 (USCC chars 9–17), e.g. from an old 15-digit taxpayer id. */
  orgCode?: string;
  /** Old 15-digit registration number (注册号). */
  regNo?: string;
  name?: string;
  normalizedName?: string;
  /** County-level division (6 digits) for name matching. */
  countyCode?: string;
  /** A county named in words (所属区县 "海勃湾区"), resolved to its code by the resolver. */
  countyName?: string;
}

export interface StatementInput {
  property: string;
  value: string;
  /** YYYY-MM, YYYY or YYYY-MM-DD: the period the value describes ('' when timeless). */
  period?: string;
}

export interface OrganizationRecord {
  type: 'organization';
  /** The source's own key for the record, stable across files of the same connector. */
  sourceKey: string;
  keys: OrganizationKeys;
  statements: StatementInput[];
}

export interface PartyBodyRecord {
  type: 'partyBody';
  bodyCode: string;
  name: string;
  kind: string;
  formation: string | null;
  parentCode: string | null;
  foundedOn: string | null;
  divisionCode: string | null;
  /** Normalized USCCs of the units it covers. */
  covered: string[];
}

export interface MemberRecord {
  type: 'member';
  /** Personal data: encrypted before it is written, never logged. */
  idNumber: string;
  name: string;
  gender: string | null;
  kind: 'FORMAL' | 'PROBATIONARY' | null;
  joinedOn: string | null;
  bodyCode: string | null;
  employerUscc: string | null;
  employerName: string | null;
  relationHeldAt: string | null;
  isMobile: boolean | null;
}

export interface GuidanceOfficerRecord {
  type: 'guidanceOfficer';
  name: string;
  sentBy: string | null;
  /** Personal data. */
  phone: string | null;
  guided: string[];
  assignedOn: string | null;
}

/** 园区 / 商圈 / 商务楼宇: where organizations cluster (a ledger of its own). */
export interface ZoneRecord {
  type: 'zone';
  kind: 'PARK' | 'BUSINESS_DISTRICT' | 'BUILDING';
  name: string;
  divisionCode: string | null;
  /** Address words that place an organization in the zone (e.g. 乌海经济开发区, 滨河大厦). */
  keywords: string[];
  /** Normalized USCCs of the units the zone lists. */
  units: string[];
}

export type RelatedRecord = PartyBodyRecord | MemberRecord | GuidanceOfficerRecord | ZoneRecord;

export type HubRecord = OrganizationRecord | RelatedRecord;
