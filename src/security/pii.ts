/**
 * Personal data at rest (resident ID numbers, phone numbers): AES-256-GCM encryption with
 * a key from `HUB_PII_KEY`, and a keyed hash (HMAC-SHA256) for exact lookup without
 * decrypting. Ciphertexts carry their key id, so keys can be rotated (docs: SECURITY.md).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../config/env.js';

export interface Pii {
  /** The id of the key new values are sealed with (a sealed value starts with `<id>.`). */
  readonly currentKeyId: string;
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
  /** Deterministic keyed hash of a normalized value: equal inputs, equal hashes. */
  hash(plain: string): string;
  /** HMAC-SHA256 of `text` with a key derived for `purpose` from the current key (short-lived signed links). */
  sign(purpose: string, text: string): string;
}

function decodeKey(text: string): Buffer {
  const t = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (key.length !== 32) throw new ConfigError('HUB_PII_KEY must be 32 bytes, as 64 hex characters or base64');
  return key;
}

/** Key id → key. The first is used to encrypt; the others still decrypt (rotation). */
export function createPii(keys: { id: string; key: Buffer }[]): Pii {
  const [current] = keys;
  if (!current) throw new ConfigError('no personal-data key configured');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  // The lookup hash must not change when the encryption key rotates: it derives from the
  // oldest key, which stays configured (as the last entry) for as long as hashes exist.
  const hmacKey = Buffer.from(hkdfSync('sha256', keys.at(-1)!.key, Buffer.alloc(0), 'hub-pii-lookup', 32));
  return {
    currentKeyId: current.id,
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [current.id, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join('.');
    },
    decrypt(sealed) {
      const [id, iv, tag, ct] = sealed.split('.');
      const key = id ? byId.get(id) : undefined;
      if (!key || !iv || !tag || ct === undefined) throw new Error('personal data sealed with an unknown key');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      return Buffer.concat([decipher.update(Buffer.from(ct, 'base64')), decipher.final()]).toString('utf8');
    },
    hash(plain) {
      return createHmac('sha256', hmacKey).update(plain).digest('hex');
    },
    sign(purpose, text) {
      const key = Buffer.from(hkdfSync('sha256', current.key, Buffer.alloc(0), `hub-sign:${purpose}`, 32));
      return createHmac('sha256', key).update(text).digest('base64url');
    },
  };
}

/**
 * Keys from `HUB_PII_KEY` (`id:key,id:key` or a bare key, id `k1`). The embedded demo with
 * no key gets one generated into its data folder, so it works out of the box and its data
 * stays readable across restarts; a PostgreSQL deployment must configure its key.
 */
export function piiFromEnv(env: { HUB_PII_KEY?: string | undefined; HUB_DATA_DIR: string; DATABASE_URL?: string | undefined }): Pii {
  let text = env.HUB_PII_KEY;
  if (!text) {
    if (env.DATABASE_URL) throw new ConfigError('HUB_PII_KEY is required with DATABASE_URL (personal data is encrypted at rest)');
    const file = path.resolve(env.HUB_DATA_DIR, 'pii.key');
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    text = fs.readFileSync(file, 'utf8');
  }
  const keys = text.split(',').map((part, i) => {
    const m = /^([A-Za-z0-9_-]{1,16}):(.+)$/.exec(part.trim());
    return m ? { id: m[1]!, key: decodeKey(m[2]!) } : { id: i === 0 ? 'k1' : `k${i + 1}`, key: decodeKey(part) };
  });
  return createPii(keys);
}
