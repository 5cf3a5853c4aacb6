/**
 * One per process that serves the feed (each API instance, each worker delivering webhooks):
 * woken by PostgreSQL's NOTIFY when a transaction with change events commits (and by a slow
 * poll, in case a notification was lost), it runs the sequencer and publishes the feed's head
 * to the subscribers of this process. Several instances each tail the same outbox, so every
 * subscriber on every instance sees every event; see docs/architecture.md for why this and
 * not Redis pub/sub.
 */
import type { Database } from '../db/client.js';
import { logger } from '../log/logger.js';
import { FEED_CHANNEL } from './outbox.js';
import { sequenceChanges } from './sequencer.js';

export interface FeedTailOptions {
  /** Poll interval when no notification arrives (ms). */
  pollMs: number;
}

export class FeedTail {
  #head = 0;
  #running: Promise<void> | null = null;
  #again = false;
  #waiters = new Set<() => void>();
  #listeners = new Set<(head: number) => void>();
  #timer: NodeJS.Timeout | null = null;
  #unlisten: (() => Promise<void>) | null = null;
  #closed = false;

  constructor(
    private readonly db: Database,
    private readonly opts: FeedTailOptions,
  ) {}

  /** Highest position this process knows is committed and numbered. */
  get head(): number {
    return this.#head;
  }

  async start(): Promise<void> {
    await this.refresh();
    this.#unlisten = await this.db.listen(FEED_CHANNEL, () => void this.refresh());
    this.#timer = setInterval(() => void this.refresh(), this.opts.pollMs);
    this.#timer.unref();
  }

  /**
   * Sequences what has committed and reads the head. Calls while one is running are folded
   * into one more run after it, so a burst of notifications costs two passes, not one each.
   */
  refresh(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          const head = await sequenceChanges(this.db);
          if (head > this.#head) {
            this.#head = head;
            const waiters = [...this.#waiters];
            this.#waiters.clear();
            for (const wake of waiters) wake();
            for (const listener of this.#listeners) listener(head);
          }
        } while (this.#again && !this.#closed);
      } catch (err) {
        if (!this.#closed) logger().warn({ err: (err as Error).message }, 'feed: sequencing failed; retrying on the next wake');
      } finally {
        this.#running = null;
      }
    })();
    return this.#running;
  }

  /** Resolves once the head passes `position`, or when `signal` aborts or the tail closes. */
  waitBeyond(position: number, signal?: AbortSignal): Promise<void> {
    if (this.#head > position || this.#closed || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        signal?.removeEventListener('abort', wake);
        this.#waiters.delete(wake);
        resolve();
      };
      this.#waiters.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  /** Calls `listener` with the new head whenever it moves; returns the function that stops it. */
  onAdvance(listener: (head: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get closed(): boolean {
    return this.#closed;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    for (const wake of [...this.#waiters]) wake();
    this.#waiters.clear();
    this.#listeners.clear();
    await this.#running;
    await this.#unlisten?.().catch(() => {});
  }
}
