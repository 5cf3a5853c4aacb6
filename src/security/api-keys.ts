/**
 * API keys: `hub_<prefix>_<secret>`, 8 hex characters to find the client by and 43 base64url
 * characters (256 random bits) of secret. Only a SHA-256 hash is stored: a key with that much
 * entropy needs no slow hash, and a leaked table gives nobody a key. Comparison is constant-
 * time. Pure.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const KEY = /^hub_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;

export interface NewKey {
  key: string;
  prefix: string;
  hash: string;
}

export function newApiKey(): NewKey {
  const prefix = randomBytes(4).toString('hex');
  const key = `hub_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** The prefix of a well-formed key, else null (a malformed key is not looked up at all). */
export function keyPrefix(key: string): string | null {
  return KEY.exec(key)?.[1] ?? null;
}

export function keyMatches(key: string, storedHash: string): boolean {
  const given = Buffer.from(hashApiKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** `Authorization: Bearer <key>` (the scheme case-insensitive), or null. */
export function bearerToken(header: string | undefined | null): string | null {
  const m = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}
