/**
 * The organization projection: its columns from the chosen statements, then the
 * classification derived from them. Pure.
 */
import type { SourcePriority } from '../config/survivorship.js';
import { parseDivision } from '../domain/division.js';
import { coreOrgName, normalizeOrgName } from '../domain/name.js';
import { parseYesNo } from '../domain/text.js';
import { classify, registrationStatusOf } from '../rules/classification.js';
import { matchDepartment } from '../domain/departments.js';
import { chooseAll, type StatementView } from './survivorship.js';

/** Projected column → the statement property it shows. */
const COLUMN_PROPERTY = {
  uscc: 'uscc',
  org_code: 'org_code',
  reg_no: 'reg_no',
  name: 'name',
  enterprise_type: 'enterprise_type',
  registered_address: 'address',
  business_address: 'business_address',
  industry_code: 'industry_code',
  legal_representative: 'legal_rep',
  registered_capital_10k: 'capital_10k',
  established_on: 'established_on',
  registrar: 'registrar',
  supervising_department_name: 'supervisor',
} as const;

export const PROJECTED_PROPERTIES: readonly string[] = [
  ...Object.values(COLUMN_PROPERTY),
  'social_org_type',
  'registration_status',
  'division_code',
  'is_trade_association',
];

export interface OrganizationProjection {
  uscc: string | null;
  org_code: string | null;
  reg_no: string | null;
  name: string | null;
  normalized_name: string | null;
  core_name: string | null;
  kind: string | null;
  social_org_type: string | null;
  enterprise_type: string | null;
  ownership: string | null;
  registration_status: string | null;
  division_code: string | null;
  county_code: string | null;
  registered_address: string | null;
  business_address: string | null;
  industry_code: string | null;
  legal_representative: string | null;
  registered_capital_10k: string | null;
  established_on: string | null;
  registrar: string | null;
  supervising_department_name: string | null;
  supervising_department_code: string | null;
  is_trade_association: boolean | null;
}

export const PROJECTION_COLUMNS = [
  'uscc',
  'org_code',
  'reg_no',
  'name',
  'normalized_name',
  'core_name',
  'kind',
  'social_org_type',
  'enterprise_type',
  'ownership',
  'registration_status',
  'division_code',
  'county_code',
  'registered_address',
  'business_address',
  'industry_code',
  'legal_representative',
  'registered_capital_10k',
  'established_on',
  'registrar',
  'supervising_department_name',
  'supervising_department_code',
  'is_trade_association',
] as const satisfies readonly (keyof OrganizationProjection)[];

export function projectOrganization(statements: readonly StatementView[], priorities: SourcePriority): OrganizationProjection {
  const chosen = chooseAll(PROJECTED_PROPERTIES, statements, priorities);
  const value = (p: string) => chosen.get(p)?.statement.value ?? null;
  const col = Object.fromEntries(Object.entries(COLUMN_PROPERTY).map(([c, p]) => [c, value(p)])) as Record<
    keyof typeof COLUMN_PROPERTY,
    string | null
  >;
  const uscc = col.uscc;
  const division = parseDivision(value('division_code'));
  // DOMAIN.md: the registrar's division; without one, USCC characters 3–8.
  const divisionCode = division.ok ? division.value.code12 : uscc ? parseDivisionOrNull(uscc.slice(2, 8)) : null;
  const { kind, socialOrgType, ownership } = classify({
    uscc,
    enterpriseType: col.enterprise_type,
    socialOrgType: value('social_org_type'),
  });
  const trade = parseYesNo(value('is_trade_association'));
  const supervisor = col.supervising_department_name ? matchDepartment(col.supervising_department_name) : null;
  return {
    ...col,
    org_code: col.org_code ?? (uscc ? uscc.slice(8, 17) : null),
    normalized_name: col.name ? normalizeOrgName(col.name) : null,
    core_name: col.name ? coreOrgName(normalizeOrgName(col.name)) : null,
    kind,
    social_org_type: socialOrgType,
    ownership,
    registration_status: registrationStatusOf(value('registration_status')),
    division_code: divisionCode,
    county_code: divisionCode ? divisionCode.slice(0, 6) : null,
    supervising_department_code: supervisor?.code ?? null,
    is_trade_association: trade.ok ? trade.value : null,
  };
}

function parseDivisionOrNull(code: string): string | null {
  const d = parseDivision(code);
  return d.ok ? d.value.code12 : null;
}
