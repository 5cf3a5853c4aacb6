import { selectCamel } from '../../db/sql.js';

const BASE_COLUMNS = [
  'id',
  'uscc',
  'uscc_check_failed',
  'org_code',
  'reg_no',
  'name',
  'kind',
  'social_org_type',
  'enterprise_type',
  'registration_status',
  'division_code',
  'county_code',
  'registered_address',
  'business_address',
  'industry_code',
  'legal_representative',
  'established_on',
  'registrar',
  'supervising_department_name',
  'supervising_department_code',
  'is_trade_association',
  'zone_id',
  'industry_committee_id',
];

/** Stored facts: read from `organizations`, or from `facts_for_date` when a list asks for another date. */
const FACT_COLUMNS = [
  'headcount',
  'headcount_source',
  'facts_as_of',
  'in_scope',
  'scope_kind',
  'scope_reasons',
  'has_10_employees',
  'has_premises',
  'has_business_activity',
  'three_haves',
  'operates_normally',
  'in_ledger',
  'covered_by_body',
  'covered_by_work',
  'advice',
];

/** Selected with camelCase aliases so GraphQL's default resolvers read them as they are. */
export const organizationColumns = (factsAlias = 'o') => `${selectCamel('o', BASE_COLUMNS)}, ${selectCamel(factsAlias, FACT_COLUMNS)}`;
export const ORGANIZATION_COLUMNS = organizationColumns();

export interface OrganizationRow {
  [k: string]: unknown;
  id: number;
  uscc: string | null;
  usccCheckFailed: boolean;
  orgCode: string | null;
  regNo: string | null;
  name: string | null;
  kind: string | null;
  socialOrgType: string | null;
  enterpriseType: string | null;
  registrationStatus: string | null;
  divisionCode: string | null;
  countyCode: string | null;
  registeredAddress: string | null;
  businessAddress: string | null;
  industryCode: string | null;
  legalRepresentative: string | null;
  establishedOn: string | null;
  registrar: string | null;
  supervisingDepartmentName: string | null;
  supervisingDepartmentCode: string | null;
  isTradeAssociation: boolean | null;
  zoneId: number | null;
  industryCommitteeId: number | null;
  headcount: number | null;
  headcountSource: string | null;
  factsAsOf: string | null;
  inScope: boolean | null;
  scopeKind: string | null;
  scopeReasons: string[] | null;
  has10Employees: boolean | null;
  hasPremises: boolean | null;
  hasBusinessActivity: boolean | null;
  threeHaves: boolean | null;
  operatesNormally: boolean | null;
  inLedger: boolean | null;
  coveredByBody: boolean | null;
  coveredByWork: boolean | null;
  advice: string | null;
}

export interface SourceLinkRow {
  [k: string]: unknown;
  entityId: number;
  connector: string;
  sourceKey: string;
  method: string;
  score: number;
}
