/**
 * Source priority per property (survivorship): the first source in the list that has a
 * value wins; among one source's values the most recent period wins. Configurable with
 * `HUB_SOURCE_PRIORITY` (JSON: {"property": ["connector", …]}); these are the defaults.
 */
const REGISTRARS = ['business-registration', 'civil-affairs'];
const EVERYONE = [...REGISTRARS, 'tax', 'social-security', 'party-organization', 'guidance'];

export const DEFAULT_SOURCE_PRIORITY: Record<string, readonly string[]> = {
  name: EVERYONE,
  uscc: EVERYONE,
  org_code: EVERYONE,
  reg_no: REGISTRARS,
  enterprise_type: REGISTRARS,
  social_org_type: REGISTRARS,
  registration_status: REGISTRARS,
  division_code: REGISTRARS,
  address: REGISTRARS,
  // 生产经营地址: the annual report first, then the tax register (DOMAIN.md "premises").
  business_address: ['business-registration', 'tax'],
  industry_code: REGISTRARS,
  legal_rep: REGISTRARS,
  capital_10k: REGISTRARS,
  established_on: REGISTRARS,
  registrar: REGISTRARS,
  // An official's determination (GraphQL setSupervisingDepartment) outranks the registrars.
  supervisor: ['manual', ...REGISTRARS],
  is_trade_association: REGISTRARS,
};

export type SourcePriority = Record<string, readonly string[]>;

export function sourcePriorityFromEnv(text: string | undefined): SourcePriority {
  if (!text) return DEFAULT_SOURCE_PRIORITY;
  const parsed = JSON.parse(text) as unknown;
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('HUB_SOURCE_PRIORITY must be a JSON object');
  const out: Record<string, readonly string[]> = { ...DEFAULT_SOURCE_PRIORITY };
  for (const [prop, list] of Object.entries(parsed)) {
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string'))
      throw new Error(`HUB_SOURCE_PRIORITY.${prop} must be a list of connector ids`);
    out[prop] = list as string[];
  }
  return out;
}
