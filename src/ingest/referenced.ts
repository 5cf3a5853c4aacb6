/**
 * Organizations that Party records name by USCC (a body's covered units, a member's employer,
 * an officer's guided units) exist even when no registrar file lists them: each valid code
 * becomes an organization record of the naming source, so the organization is created (or
 * found) through the same resolver, and the gap — a unit the organization department knows
 * but the registrars do not — shows in the graph instead of vanishing.
 */
import { normalizeOrgName, displayName } from '../domain/name.js';
import { isCheckFailedCode } from '../domain/uscc.js';
import type { OrganizationRecord, RelatedRecord } from './records.js';

function organizationFor(code: string, name: string | null): OrganizationRecord {
  const statements = [{ property: 'uscc', value: code }];
  const keys: OrganizationRecord['keys'] = { uscc: code, orgCode: code.slice(8, 17), countyCode: code.slice(2, 8) };
  if (name) {
    statements.push({ property: 'name', value: displayName(name) });
    keys.name = displayName(name);
    keys.normalizedName = normalizeOrgName(name);
  }
  return { type: 'organization', sourceKey: `uscc:${code}`, keys, statements };
}

export function referencedOrganizations(record: RelatedRecord): OrganizationRecord[] {
  const codes =
    record.type === 'partyBody'
      ? record.covered.map((c) => [c, null] as const)
      : record.type === 'guidanceOfficer'
        ? record.guided.map((c) => [c, null] as const)
        : record.type === 'member' && record.employerUscc
          ? [[record.employerUscc, record.employerName] as const]
          : // A zone's list places organizations that exist; it does not make them.
            [];
  // Check-failed codes link only where an organization already holds them (pipeline).
  return codes.filter(([c]) => !isCheckFailedCode(c)).map(([c, name]) => organizationFor(c, name));
}
