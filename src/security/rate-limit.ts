/**
 * Per-client rate limits: a token bucket per client in each API process, holding up to a
 * minute's allowance and refilled continuously. Several instances each apply the limit (the
 * effective limit is the limit times the instances behind the balancer). Pure but for the clock.
 */
export interface RateDecision {
  ok: boolean;
  /** Seconds until a request would be allowed (when refused). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  #buckets = new Map<number, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  take(clientId: number, perMinute: number): RateDecision {
    const now = this.now();
    const perMs = perMinute / 60_000;
    const bucket = this.#buckets.get(clientId) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * perMs);
    bucket.at = now;
    this.#buckets.set(clientId, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true, retryAfterSeconds: 0 };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }
}
