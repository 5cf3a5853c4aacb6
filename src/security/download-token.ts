/**
 * Signed, short-lived links for ledger downloads: a browser following a link sends no
 * Authorization header, so `ledgerDownload` puts a token in the URL that names the client,
 * the file and an expiry, signed with a key derived from HUB_PII_KEY. The server checks the
 * signature in constant time and that the client still exists and is not revoked.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Pii } from './pii.js';

const PURPOSE = 'ledger-download';

export interface DownloadClaims {
  clientId: number;
  /** The path and query the link is for (without the token). */
  resource: string;
  expiresAt: number;
}

export function signDownload(pii: Pii, claims: DownloadClaims): string {
  const body = Buffer.from(JSON.stringify([claims.clientId, claims.resource, claims.expiresAt])).toString('base64url');
  return `${body}.${pii.sign(PURPOSE, body)}`;
}

/** The claims when the token is genuine, for this resource and not expired; else null. */
export function verifyDownload(pii: Pii, token: string, resource: string, now = Date.now()): DownloadClaims | null {
  const [body, mac] = token.split('.');
  if (!body || !mac) return null;
  const expected = Buffer.from(pii.sign(PURPOSE, body));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(body, 'base64url').toString());
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return null;
  const [clientId, res, expiresAt] = parsed as [unknown, unknown, unknown];
  if (typeof clientId !== 'number' || res !== resource || typeof expiresAt !== 'number' || expiresAt < now) return null;
  return { clientId, resource: res, expiresAt };
}
