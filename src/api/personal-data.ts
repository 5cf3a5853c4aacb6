/**
 * Personal data through the API: in clear only for a client with `pii:read`, and then every
 * value read is recorded in the audit trail of the request; masked for everyone else.
 */
import type { ApiContext } from './context.js';

export async function revealed(
  ctx: ApiContext,
  entity: { type: 'member' | 'guidanceOfficer'; id: number; field: string },
  masked: string | null,
  sealed: () => Promise<string | null>,
): Promise<string | null> {
  if (!ctx.access.can('pii:read')) return masked;
  const value = await sealed();
  if (value === null) return masked;
  ctx.audit.record({ action: 'pii:read', entityType: entity.type, entityId: entity.id, fields: [entity.field] });
  return ctx.pii.decrypt(value);
}
