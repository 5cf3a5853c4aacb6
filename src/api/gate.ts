/**
 * The door of the HTTP API: CORS for the configured origins, then who is asking (401 without a
 * valid key), then their rate limit (429). GraphQL requests and ledger downloads pass through
 * it; the explorer page and /health do not need a key.
 */
import type http from 'node:http';
import type { Access } from '../security/access.js';
import { bearerToken } from '../security/api-keys.js';
import type { Authenticator } from './auth.js';
import { HttpError } from './http-util.js';

const ALLOWED_HEADERS = 'authorization, content-type, accept, apollo-require-preflight, x-apollo-operation-name';

/**
 * Sets CORS headers for an allowed origin; answers a preflight (true when it did). A browser on
 * any other origin gets no CORS headers, so it cannot read the answers.
 */
export function handleCors(req: http.IncomingMessage, res: http.ServerResponse, origins: readonly string[]): boolean {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && (origins.includes(origin) || origins.includes('*'));
  if (allowed) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
  }
  if (req.method !== 'OPTIONS' || req.headers['access-control-request-method'] === undefined) return false;
  if (allowed) {
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
    res.setHeader('access-control-max-age', '600');
  }
  res.writeHead(allowed ? 204 : 403).end();
  return true;
}

export const UNAUTHENTICATED = 'UNAUTHENTICATED';

/** The client of a request with a valid key, within its rate limit; else an HttpError (401, 429). */
export async function admit(req: http.IncomingMessage, auth: Authenticator): Promise<Access> {
  const access = await auth.access(bearerToken(req.headers.authorization));
  if (!access)
    throw new HttpError(401, 'an API key is required: Authorization: Bearer <key> (hub client create)', UNAUTHENTICATED, {
      'www-authenticate': 'Bearer realm="two-new-hub"',
    });
  return limited(access, auth);
}

export function limited(access: Access, auth: Authenticator): Access {
  const decision = auth.rateLimit(access);
  if (!decision.ok)
    throw new HttpError(429, `rate limit exceeded; retry in ${decision.retryAfterSeconds} s`, 'RATE_LIMITED', {
      'retry-after': String(decision.retryAfterSeconds),
    });
  return access;
}
