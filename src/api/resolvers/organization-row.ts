import { selectCamel } from '../sql.js';

/** Selected with camelCase aliases so GraphQL's default resolvers read them as they are. */
export const ORGANIZATION_COLUMNS = selectCamel('o', [
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
  'established_on',
  'headcount',
]);

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
  establishedOn: string | null;
  headcount: number | null;
}

export interface SourceLinkRow {
  [k: string]: unknown;
  entityId: number;
  connector: string;
  sourceKey: string;
  method: string;
  score: number;
}
