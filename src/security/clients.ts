/**
 * API clients in the database: created with a key shown once, listed, revoked, and found by
 * the key a request presents.
 */
import type { Queryable } from '../db/client.js';
import { parseDivisionFilter } from '../domain/division.js';
import type { Principal } from './access.js';
import { keyMatches, keyPrefix, newApiKey } from './api-keys.js';
import { isPermission, isRole, permissionsOf, type Role } from './roles.js';

export class ClientInputError extends Error {}

export interface NewClient {
  name: string;
  role: string;
  departmentCode?: string | null;
  divisions?: readonly string[];
  permissions?: readonly string[];
  rateLimitPerMinute?: number | null;
}

export interface ClientRow {
  id: number;
  name: string;
  role: Role;
  departmentCode: string | null;
  divisions: string[];
  permissions: string[];
  keyPrefix: string;
  rateLimitPerMinute: number | null;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const COLUMNS = `id, name, role, department_code as "departmentCode", divisions, permissions, key_prefix as "keyPrefix",
  rate_limit_per_minute as "rateLimitPerMinute", created_at as "createdAt", revoked_at as "revokedAt", last_used_at as "lastUsedAt"`;

/** Checks the client's settings; a scoped role needs divisions or a department to see anything. */
async function checked(db: Queryable, c: NewClient): Promise<Required<NewClient> & { role: Role }> {
  const name = c.name.trim();
  if (!name || name.length > 200) throw new ClientInputError('name: 1 to 200 characters');
  const role = c.role.trim().toUpperCase();
  if (!isRole(role)) throw new ClientInputError(`role: one of ADMIN, ANALYST, DEPARTMENT, PARTNER (not "${c.role}")`);
  const divisions = (c.divisions ?? []).map((d) => {
    const parsed = parseDivisionFilter(d);
    if (!parsed.ok) throw new ClientInputError(`divisions: "${d}" ${parsed.absent ? 'is empty' : parsed.reason}`);
    return parsed.value.prefix;
  });
  const permissions = [...new Set(c.permissions ?? [])].map((p) => p.trim());
  for (const p of permissions) if (!isPermission(p)) throw new ClientInputError(`permissions: no permission "${p}"`);
  let departmentCode = c.departmentCode?.trim().toUpperCase() || null;
  if (departmentCode) {
    const [dept] = await db.query<{ code: string }>(`select code from departments where upper(code) = $1`, [departmentCode]);
    if (!dept) throw new ClientInputError(`department: no department "${c.departmentCode}" (hub migrate seeds the 19 departments)`);
    departmentCode = dept.code;
  }
  // Runs, quarantine and match reviews are not scoped: they belong to ADMIN and ANALYST only.
  const unscoped = permissions.filter((p) => p.startsWith('ops:') || p === 'audit:read');
  if ((role === 'DEPARTMENT' || role === 'PARTNER') && unscoped.length > 0)
    throw new ClientInputError(
      `permissions: ${unscoped.join(', ')} cannot be given to a ${role} client (what they show is not limited to a scope)`,
    );
  if ((role === 'DEPARTMENT' || role === 'PARTNER') && divisions.length === 0 && !departmentCode)
    throw new ClientInputError(`a ${role} client needs --divisions or --department: it would see nothing`);
  const rate = c.rateLimitPerMinute ?? null;
  if (rate !== null && (!Number.isInteger(rate) || rate < 1)) throw new ClientInputError('rate limit: a positive whole number per minute');
  return { name, role, departmentCode, divisions, permissions, rateLimitPerMinute: rate };
}

/** Creates a client; the key is returned here and never again. */
export async function createClient(db: Queryable, input: NewClient): Promise<{ client: ClientRow; key: string }> {
  const c = await checked(db, input);
  const key = newApiKey();
  const [client] = await db.query<ClientRow>(
    `insert into api_clients (name, department_code, role, divisions, permissions, key_prefix, key_hash, rate_limit_per_minute)
     values ($1, $2, $3, $4::text[], $5::text[], $6, $7, $8) returning ${COLUMNS}`,
    [c.name, c.departmentCode, c.role, c.divisions, c.permissions, key.prefix, key.hash, c.rateLimitPerMinute],
  );
  return { client: client!, key: key.key };
}

export const listClients = (db: Queryable): Promise<ClientRow[]> => db.query<ClientRow>(`select ${COLUMNS} from api_clients order by id`);

/** Revokes a client by id or by key prefix; answers the revoked client, or null when there is none. */
export async function revokeClient(db: Queryable, which: { id: number } | { prefix: string }): Promise<ClientRow | null> {
  const [row] = await db.query<ClientRow>(
    `update api_clients set revoked_at = coalesce(revoked_at, now()) where ${'id' in which ? 'id = $1::bigint' : 'key_prefix = $1'}
     returning ${COLUMNS}`,
    ['id' in which ? which.id : which.prefix],
  );
  return row ?? null;
}

/**
 * What `hub client revoke` was given: `hub_<prefix>` (or the whole key) names a key prefix, a
 * number an id; an 8-character prefix of digits would be ambiguous, so prefixes need `hub_`.
 */
export function revokeTarget(text: string): { id: number } | { prefix: string } | null {
  const t = text.trim();
  const prefix = /^hub_([0-9a-f]{8})(?:_|$)/.exec(t);
  if (prefix) return { prefix: prefix[1]! };
  if (/^\d{1,15}$/.test(t)) return { id: Number(t) };
  return null;
}

export function principalOf(
  c: Pick<ClientRow, 'id' | 'name' | 'role' | 'departmentCode' | 'divisions' | 'permissions' | 'rateLimitPerMinute'>,
): Principal {
  return {
    clientId: c.id,
    name: c.name,
    role: c.role,
    departmentCode: c.departmentCode,
    divisions: c.divisions,
    permissions: permissionsOf(c.role, c.permissions),
    rateLimitPerMinute: c.rateLimitPerMinute,
  };
}

/** An active client by id (a signed link, a webhook's owner), or null when it is gone or revoked. */
export async function activeClient(db: Queryable, id: number): Promise<Principal | null> {
  const [row] = await db.query<ClientRow>(`select ${COLUMNS} from api_clients where id = $1 and revoked_at is null`, [id]);
  return row ? principalOf(row) : null;
}

/** The active client a key belongs to, or null (unknown, malformed or revoked: all the same to the caller). */
export async function clientByKey(db: Queryable, key: string): Promise<Principal | null> {
  const prefix = keyPrefix(key);
  if (!prefix) return null;
  const rows = await db.query<ClientRow & { keyHash: string }>(
    `select ${COLUMNS}, key_hash as "keyHash" from api_clients where key_prefix = $1 and revoked_at is null`,
    [prefix],
  );
  const match = rows.find((r) => keyMatches(key, r.keyHash));
  return match ? principalOf(match) : null;
}
