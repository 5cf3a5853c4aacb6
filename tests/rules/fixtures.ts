/** Builders for rule inputs: a fact per cell, an organization with nothing known. */
import type { Fact } from '../../src/rules/facts.js';
import type { OrganizationInput } from '../../src/rules/evaluate.js';

export const fact = (property: string, value: string, period = '', source = 'test'): Fact => ({ property, value, source, period });
export const insured = (period: string, n: number) => fact('insured', String(n), period, 'social-security');
export const withheld = (period: string, n: number) => fact('iit_withheld', String(n), period, 'tax');
export const taxState = (period: string, v: string) => fact('tax_state', v, period, 'tax');

/** A private limited company, alive, 正常 tax, 20 insured last month, an address: in the ledger. */
export function enterprise(over: Partial<OrganizationInput> = {}): OrganizationInput {
  return {
    uscc: '91150302MA0N12345X',
    enterpriseType: fact('enterprise_type', '有限责任公司（自然人投资或控股）'),
    socialOrgType: null,
    registrationStatus: fact('registration_status', '存续'),
    taxStates: [taxState('2026-10', '正常')],
    insured: [insured('2026-10', 20)],
    withheld: [],
    annualReports: [],
    businessAddresses: [fact('business_address', '乌海市海勃湾区人民路1号', '2026-10', 'tax')],
    inspections: [],
    bodies: [],
    officers: [],
    members: [],
    ...over,
  };
}

export function socialOrg(over: Partial<OrganizationInput> = {}): OrganizationInput {
  return enterprise({
    uscc: '52150302MJ0000000A',
    enterpriseType: null,
    socialOrgType: fact('social_org_type', '民办非企业单位'),
    registrationStatus: fact('registration_status', '正常'),
    taxStates: [],
    insured: [],
    businessAddresses: [],
    inspections: [fact('inspection_result', '合格', '2025', 'civil-affairs')],
    ...over,
  });
}
