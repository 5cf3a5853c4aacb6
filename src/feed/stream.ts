/**
 * A subscriber's stream: replay from its cursor, then live events, in position order, each
 * once. Replay and live are one loop: read what lies between the cursor and the head this
 * process knows, then wait for the head to move. A subscriber that falls behind simply reads
 * more per turn; nothing is buffered per subscriber beyond one page.
 */
import type { Queryable } from '../db/client.js';
import type { Conditions } from '../db/sql.js';
import { readChanges, type ChangeRow } from './read.js';
import type { ChangeSelection } from './selection.js';
import type { FeedTail } from './tail.js';

const PAGE = 500;
const LIVE_GATHER_MS = 10;

const delay = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });

export interface StreamOptions {
  after: number;
  selection: ChangeSelection;
  restrict?: ((c: Conditions) => void) | undefined;
}

export async function* streamChanges(db: Queryable, tail: FeedTail, opts: StreamOptions, signal: AbortSignal): AsyncGenerator<ChangeRow> {
  let cursor = opts.after;
  while (!signal.aborted && !tail.closed) {
    const head = tail.head;
    if (cursor >= head) {
      await tail.waitBeyond(cursor, signal);
      // Live, events come a few at a time: gathering them for a moment makes one read of many
      // instead of one read per commit for every subscriber (measured in bench:feed).
      await delay(LIVE_GATHER_MS, signal);
      continue;
    }
    const rows = await readChanges(db, { after: cursor, upTo: head, selection: opts.selection, restrict: opts.restrict, limit: PAGE });
    for (const row of rows) {
      if (signal.aborted) return;
      yield row;
    }
    // A short page means everything up to the head was read (most of it perhaps not selected).
    cursor = rows.length === PAGE ? rows.at(-1)!.position : head;
  }
}

/**
 * An async iterator whose `return()` (a client unsubscribing or disconnecting) takes effect
 * at once: a generator parked on an await would otherwise only notice at the next event.
 */
export function cancellable<T>(make: (signal: AbortSignal) => AsyncGenerator<T>): AsyncIterableIterator<T> {
  const abort = new AbortController();
  const inner = make(abort.signal);
  const outer: AsyncIterableIterator<T> = {
    next: () => inner.next(),
    return: (value) => {
      abort.abort();
      return inner.return(value as T);
    },
    throw: (err) => {
      abort.abort();
      return inner.throw(err);
    },
    [Symbol.asyncIterator]: () => outer,
  };
  return outer;
}
