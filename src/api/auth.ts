/**
 * Who is asking: the API key of a request (HTTP `Authorization: Bearer …`, or the websocket's
 * connection params) resolved to a client, cached briefly per process, and that client's rate
 * limit. Every entry point of the API goes through one Authenticator.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../db/client.js';
import { activeClient, clientByKey } from '../security/clients.js';
import { Access, type Principal } from '../security/access.js';
import { RateLimiter, type RateDecision } from '../security/rate-limit.js';

export interface AuthSettings {
  /** How long a key's client is remembered (ms): a revocation takes effect within it. */
  cacheMs: number;
  /** Requests a minute for clients without their own limit. */
  ratePerMinute: number;
}

export class Authenticator {
  #cache = new Map<string, { principal: Principal | null; until: number }>();
  #lastUse = new Map<number, number>();
  #limiter = new RateLimiter();

  constructor(
    private readonly db: Queryable,
    private readonly settings: AuthSettings,
  ) {}

  /** The client's access for a key, or null for no key, an unknown, malformed or revoked one. */
  async access(key: string | null): Promise<Access | null> {
    if (!key) return null;
    const principal = await this.#principal(key);
    if (!principal) return null;
    this.#touch(principal.clientId);
    return new Access(principal);
  }

  /** For a signed download link: the client it names, if it is still active. */
  async accessOfClient(clientId: number): Promise<Access | null> {
    const principal = await activeClient(this.db, clientId);
    return principal ? new Access(principal) : null;
  }

  rateLimit(access: Access): RateDecision {
    return this.#limiter.take(access.principal.clientId, access.principal.rateLimitPerMinute ?? this.settings.ratePerMinute);
  }

  async #principal(key: string): Promise<Principal | null> {
    // Remembered by the key's hash: the process never keeps a key itself.
    const id = createHash('sha256').update(key).digest('base64');
    const now = Date.now();
    const hit = this.#cache.get(id);
    if (hit && hit.until > now) return hit.principal;
    const principal = await clientByKey(this.db, key);
    if (this.settings.cacheMs > 0) {
      if (this.#cache.size > 10_000) this.#cache.clear();
      this.#cache.set(id, { principal, until: now + this.settings.cacheMs });
    }
    return principal;
  }

  /** `last_used_at`, written at most once a minute per client. */
  #touch(clientId: number): void {
    const now = Date.now();
    if ((this.#lastUse.get(clientId) ?? 0) > now - 60_000) return;
    this.#lastUse.set(clientId, now);
    this.db.query(`update api_clients set last_used_at = now() where id = $1`, [clientId]).catch(() => {});
  }
}
