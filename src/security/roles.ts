/**
 * Roles and permissions of API clients. A client has one role, whose permissions it gets, and
 * may be granted more (`pii:read` to a department that must see ID numbers). Pure.
 */
export const ROLES = ['ADMIN', 'ANALYST', 'DEPARTMENT', 'PARTNER'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  /** Organizations, Party bodies, members and officers (masked), coverage, ledgers, gaps, reference data. */
  'org:read',
  /** The officials' mutations (Party bodies, officers, supervising department, zone, 六同步 events). */
  'org:write',
  /** Connectors, runs, quarantine, match reviews, the queue. */
  'ops:read',
  /** Running connectors, deciding match reviews. */
  'ops:write',
  /** The `changes` query and the subscriptions. */
  'feed:read',
  /** Registering and managing one's own webhooks (ADMIN: everyone's). */
  'webhook:manage',
  /** ID and phone numbers in clear; every such read is audited. */
  'pii:read',
  /** The audit log. */
  'audit:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  ADMIN: PERMISSIONS,
  ANALYST: ['org:read', 'ops:read', 'feed:read'],
  DEPARTMENT: ['org:read', 'org:write', 'feed:read', 'webhook:manage'],
  PARTNER: ['feed:read', 'webhook:manage'],
};

/** ADMIN and ANALYST see everything; DEPARTMENT and PARTNER only their scope. */
export const isUnrestricted = (role: Role): boolean => role === 'ADMIN' || role === 'ANALYST';

export function permissionsOf(role: Role, granted: readonly string[] = []): Set<Permission> {
  const extra = granted.filter((p): p is Permission => (PERMISSIONS as readonly string[]).includes(p));
  return new Set([...ROLE_PERMISSIONS[role], ...extra]);
}

export const isRole = (s: string): s is Role => (ROLES as readonly string[]).includes(s);
export const isPermission = (s: string): s is Permission => (PERMISSIONS as readonly string[]).includes(s);
