/**
 * The API as tests start it: a real server, and an ADMIN client whose key the request helpers
 * (./graphql.ts, the feed consumer) send to that server's origin by default. Tests of access
 * control make other clients with `clientKey`.
 */
import { startApiServer, type ApiServer, type ApiServices } from '../../src/api/http.js';
import type { Database } from '../../src/db/client.js';
import { createClient, type NewClient } from '../../src/security/clients.js';

const keysByOrigin = new Map<string, string>();
const adminKeys = new WeakMap<object, Promise<string>>();

/** A new client's key. */
export async function clientKey(db: Database, client: NewClient): Promise<string> {
  return (await createClient(db, client)).key;
}

/** One ADMIN key per database. */
export function adminKey(db: Database): Promise<string> {
  let key = adminKeys.get(db.raw);
  if (!key) {
    key = clientKey(db, { name: 'test administrator', role: 'ADMIN' });
    adminKeys.set(db.raw, key);
  }
  return key;
}

export async function startTestApi(services: ApiServices, opts: { port?: number; host?: string } = {}): Promise<ApiServer> {
  const key = await adminKey(services.db);
  const server = await startApiServer(services, { port: 0, ...opts });
  keysByOrigin.set(new URL(server.url).origin, key);
  return server;
}

/** The Authorization header for the server at `url` (its test administrator), if it has one. */
export function authHeaders(url: string): Record<string, string> {
  const key = keysByOrigin.get(new URL(url).origin);
  return key ? { authorization: `Bearer ${key}` } : {};
}
