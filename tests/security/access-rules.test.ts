/** The pure parts of access control: roles, scope predicates, keys, rate limits, signed links, audit arguments. */
import { describe, expect, it } from 'vitest';
import { Access, type Principal } from '../../src/security/access.js';
import { bearerToken, keyMatches, keyPrefix, newApiKey } from '../../src/security/api-keys.js';
import { describeArguments } from '../../src/security/audit.js';
import { signDownload, verifyDownload } from '../../src/security/download-token.js';
import { createPii } from '../../src/security/pii.js';
import { RateLimiter } from '../../src/security/rate-limit.js';
import { permissionsOf, type Role } from '../../src/security/roles.js';

const principal = (role: Role, over: Partial<Principal> = {}): Principal => ({
  clientId: 7,
  name: 'x',
  role,
  departmentCode: null,
  divisions: [],
  permissions: permissionsOf(role),
  rateLimitPerMinute: null,
  ...over,
});

describe('roles', () => {
  it('give each role its permissions, and extra grants on top', () => {
    expect([...permissionsOf('ANALYST')].sort()).toEqual(['feed:read', 'ops:read', 'org:read']);
    expect(permissionsOf('ANALYST').has('pii:read')).toBe(false);
    expect(permissionsOf('DEPARTMENT', ['pii:read', 'nonsense']).has('pii:read')).toBe(true);
    expect(permissionsOf('DEPARTMENT', ['nonsense']).size).toBe(4);
    expect([...permissionsOf('PARTNER')].sort()).toEqual(['feed:read', 'webhook:manage']);
    expect(permissionsOf('ADMIN').has('audit:read')).toBe(true);
  });
});

describe('scope predicates', () => {
  it('are `true` for ADMIN and ANALYST', () => {
    for (const role of ['ADMIN', 'ANALYST'] as const) {
      const a = new Access(principal(role, { divisions: ['150302'] }));
      expect([a.organizations(), a.partyBodies(), a.members(), a.officers(), a.events()]).toEqual(['true', 'true', 'true', 'true', 'true']);
    }
  });

  it('name the divisions and the department of a scoped client', () => {
    const a = new Access(principal('DEPARTMENT', { divisions: ['150302', '150303001'], departmentCode: 'CIVIL_AFFAIRS' }));
    expect(a.organizations('o')).toBe(
      `(o.division_code like '150302%' or o.division_code like '150303001%' or o.supervising_department_code = 'CIVIL_AFFAIRS')`,
    );
    expect(new Access(principal('PARTNER', { departmentCode: 'TAX' })).organizations('x')).toBe(
      `(false or x.supervising_department_code = 'TAX')`,
    );
    expect(a.webhooks('w')).toBe('w.client_id = 7');
    expect(new Access(principal('ADMIN')).webhooks('w')).toBe('true');
  });

  it('refuse values that are not codes, so nothing can be injected into the SQL', () => {
    expect(() => new Access(principal('DEPARTMENT', { divisions: ["15' or 1=1 --"] }))).toThrow(/division/);
    expect(() => new Access(principal('DEPARTMENT', { departmentCode: "X' or 'a'='a" }))).toThrow(/department/);
  });
});

describe('API keys', () => {
  it('are hub_<8 hex>_<43 base64url>; only a hash is kept, compared in constant time', () => {
    const k = newApiKey();
    expect(k.key).toMatch(/^hub_[0-9a-f]{8}_[\w-]{43}$/);
    expect(keyPrefix(k.key)).toBe(k.prefix);
    expect(k.hash).not.toContain(k.key.slice(13));
    expect(keyMatches(k.key, k.hash)).toBe(true);
    const other = k.key.endsWith('A') ? 'B' : 'A';
    expect(keyMatches(`${k.key.slice(0, -1)}${other}`, k.hash)).toBe(false);
    expect(keyPrefix('hub_1234_short')).toBeNull();
    expect(newApiKey().key).not.toBe(k.key);
  });

  it('come as a bearer token', () => {
    expect(bearerToken('Bearer abc')).toBe('abc');
    expect(bearerToken('  bearer   abc ')).toBe('abc');
    expect(bearerToken('Basic abc')).toBeNull();
    expect(bearerToken(undefined)).toBeNull();
    expect(bearerToken('Bearer a b')).toBeNull();
  });
});

describe('rate limits', () => {
  it('allow a minute’s allowance at once, then refill continuously', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    expect([1, 2, 3].map(() => limiter.take(1, 3).ok)).toEqual([true, true, true]);
    const refused = limiter.take(1, 3);
    expect(refused).toEqual({ ok: false, retryAfterSeconds: 20 });
    expect(limiter.take(2, 3).ok).toBe(true);
    now += 20_000;
    expect(limiter.take(1, 3).ok).toBe(true);
    expect(limiter.take(1, 3).ok).toBe(false);
  });
});

describe('signed download links', () => {
  const pii = createPii([{ id: 'k1', key: Buffer.alloc(32, 1) }]);
  const claims = { clientId: 3, resource: '/ledgers/enterprises.csv?division=150302', expiresAt: 2_000 };

  it('verify for their own resource until they expire', () => {
    const token = signDownload(pii, claims);
    expect(verifyDownload(pii, token, claims.resource, 1_000)).toEqual(claims);
    expect(verifyDownload(pii, token, claims.resource, 2_001)).toBeNull();
    expect(verifyDownload(pii, token, '/ledgers/enterprises.csv', 1_000)).toBeNull();
    expect(verifyDownload(pii, `${token}x`, claims.resource, 1_000)).toBeNull();
    expect(verifyDownload(pii, 'nope', claims.resource, 1_000)).toBeNull();
    const other = createPii([{ id: 'k1', key: Buffer.alloc(32, 2) }]);
    expect(verifyDownload(other, token, claims.resource, 1_000)).toBeNull();
  });
});

describe('audited arguments', () => {
  it('list the argument paths and withhold secrets and personal numbers', () => {
    const { fields, detail } = describeArguments({
      input: { name: 'x', secret: 's3cret', filter: { kinds: ['CREATED'] }, phone: '13812345678' },
      id: '5',
    });
    expect(fields).toEqual(['input.name', 'input.secret', 'input.filter.kinds', 'input.phone', 'id']);
    expect(detail).toEqual({ input: { name: 'x', secret: '[withheld]', filter: { kinds: ['CREATED'] }, phone: '[withheld]' }, id: '5' });
  });
});

describe('root field permissions', () => {
  it('a root field without an entry stops the schema from being built', async () => {
    const { makeExecutableSchema } = await import('@graphql-tools/schema');
    const { guardRootFields } = await import('../../src/api/guard.js');
    const schema = makeExecutableSchema({ typeDefs: 'type Query { health: Int, secretThing: Int }' });
    expect(() => guardRootFields(schema)).toThrow(/Query.secretThing has no entry/);
  });
});

describe('hub client revoke targets', () => {
  it('tell an id from a key prefix, even a prefix of digits', async () => {
    const { revokeTarget } = await import('../../src/security/clients.js');
    expect(revokeTarget('42')).toEqual({ id: 42 });
    expect(revokeTarget('hub_12345678')).toEqual({ prefix: '12345678' });
    expect(revokeTarget(`hub_1a2b3c4d_${'x'.repeat(43)}`)).toEqual({ prefix: '1a2b3c4d' });
    expect(revokeTarget('1a2b3c4d')).toBeNull();
    expect(revokeTarget('hub_xyz')).toBeNull();
  });
});
