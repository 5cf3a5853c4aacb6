/**
 * A paged JSON client for department APIs. Department gateways throttle (429 with
 * `Retry-After`) and fail transiently (5xx, resets, timeouts), so every request is retried
 * with exponential backoff; anything else (4xx, a body that is not JSON) fails at once, since
 * repeating it cannot help. An abort of the caller's signal stops waits and requests alike.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Attempts after the first. */
  retries: number;
  /** First backoff delay; it doubles on every further attempt. */
  baseMs: number;
  /** Ceiling of one backoff delay. */
  maxMs: number;
  /** Ceiling of a server's `Retry-After`: a gateway asking for an hour must not stall a run that long. */
  maxRetryAfterMs: number;
  /** Per attempt, headers and body included. */
  timeoutMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { retries: 5, baseMs: 500, maxMs: 30_000, maxRetryAfterMs: 120_000, timeoutMs: 30_000 };

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly url: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface RetryEvent {
  url: string;
  attempt: number;
  delayMs: number;
  /** HTTP status, or the network error's message. */
  cause: number | string;
}

export interface JsonRequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  retry?: Partial<RetryPolicy>;
  onRetry?: (e: RetryEvent) => void;
  /** Injected in tests; the global fetch otherwise. */
  fetchImpl?: typeof fetch;
}

const isAbort = (err: unknown) => err instanceof Error && err.name === 'AbortError';

/** Milliseconds a `Retry-After` header asks for (seconds or an HTTP date), or null when absent/unreadable. */
export function retryAfterMs(header: string | null, now = Date.now()): number | null {
  if (!header) return null;
  const t = header.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000);
  const at = Date.parse(t);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Backoff before retry `attempt` (0-based): base·2^attempt, capped, with jitter so clients do not retry in step. */
export function backoffMs(attempt: number, p: Pick<RetryPolicy, 'baseMs' | 'maxMs'>): number {
  const d = Math.min(p.maxMs, p.baseMs * 2 ** attempt);
  return Math.round(d / 2 + (Math.random() * d) / 2);
}

/** GET a URL and parse its JSON body, retrying what may succeed later. */
export async function fetchJson(url: string, opts: JsonRequestOptions = {}): Promise<unknown> {
  const policy = { ...DEFAULT_RETRY, ...opts.retry };
  const doFetch = opts.fetchImpl ?? fetch;
  const outer = opts.signal ?? new AbortController().signal;
  for (let attempt = 0; ; attempt++) {
    outer.throwIfAborted();
    let retryCause: number | string;
    let wait: number | null = null;
    try {
      const signal = AbortSignal.any([outer, AbortSignal.timeout(policy.timeoutMs)]);
      const res = await doFetch(url, { headers: { accept: 'application/json', ...opts.headers }, signal });
      if (res.ok) {
        const text = await res.text();
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new HttpError(res.status, url, `${url}: response is not JSON`);
        }
      }
      await res.body?.cancel().catch(() => {});
      if (res.status !== 429 && res.status < 500) throw new HttpError(res.status, url, `${url}: HTTP ${res.status} ${res.statusText}`);
      retryCause = res.status;
      const asked = retryAfterMs(res.headers.get('retry-after'));
      if (asked !== null) wait = Math.min(asked, policy.maxRetryAfterMs);
    } catch (err) {
      if (err instanceof HttpError || outer.aborted) throw err;
      // Our own timeout (TimeoutError) and network failures (TypeError) are worth another try.
      if (isAbort(err)) throw err;
      retryCause = (err as Error).message;
    }
    if (attempt >= policy.retries) {
      throw new HttpError(
        typeof retryCause === 'number' ? retryCause : 0,
        url,
        `${url}: gave up after ${attempt + 1} attempts (${retryCause})`,
      );
    }
    const delayMs = wait ?? backoffMs(attempt, policy);
    opts.onRetry?.({ url, attempt: attempt + 1, delayMs, cause: retryCause });
    await sleep(delayMs, undefined, { signal: outer });
  }
}

export interface Page<T> {
  page: number;
  items: T[];
  nextPage: number | null;
}

export interface PagedRequest<T> extends JsonRequestOptions {
  firstPage: number;
  url(page: number): string;
  /** Reads one response body; throw when it is not the expected shape. */
  parse(body: unknown): { items: T[]; nextPage: number | null };
}

/**
 * Pages in order, each fetched only when the previous one has been consumed, so a caller
 * that stops early (abort, failure downstream) fetches nothing more.
 */
export async function* fetchPages<T>(req: PagedRequest<T>): AsyncGenerator<Page<T>> {
  let page: number | null = req.firstPage;
  while (page !== null) {
    const url = req.url(page);
    const { items, nextPage } = req.parse(await fetchJson(url, req));
    // A server pointing back (or to itself) would loop forever.
    if (nextPage !== null && nextPage <= page) throw new Error(`${url}: nextPage ${nextPage} does not advance past page ${page}`);
    yield { page, items, nextPage };
    page = nextPage;
  }
}
