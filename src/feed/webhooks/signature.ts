/**
 * Webhook signatures: HMAC-SHA256 with the webhook's secret over `<timestamp>.<body>`, sent as
 * `X-Hub-Signature-256: sha256=<hex>` beside `X-Hub-Timestamp: <unix seconds>`. Signing the
 * timestamp with the body lets a receiver refuse an old delivery replayed by someone who
 * captured it. Pure; the README shows a receiver's side in a few lines.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-hub-signature-256';
export const TIMESTAMP_HEADER = 'x-hub-timestamp';
export const DELIVERY_HEADER = 'x-hub-delivery';
export const WEBHOOK_HEADER = 'x-hub-webhook';
export const ATTEMPT_HEADER = 'x-hub-attempt';

export function sign(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export interface VerifyOptions {
  /** Oldest acceptable timestamp, in seconds before `now` (default 300). */
  toleranceSeconds?: number;
  now?: number;
}

/** True when `signature` is this body's signature with `secret` and the timestamp is recent. */
export function verify(secret: string, signature: string, timestamp: string | number, body: string, opts: VerifyOptions = {}): boolean {
  const ts = Number(timestamp);
  if (!Number.isInteger(ts)) return false;
  const now = opts.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - ts) > (opts.toleranceSeconds ?? 300)) return false;
  const expected = Buffer.from(sign(secret, ts, body));
  const given = Buffer.from(signature);
  // Compared in constant time: a byte-by-byte compare would tell an attacker how much was right.
  return expected.length === given.length && timingSafeEqual(expected, given);
}
