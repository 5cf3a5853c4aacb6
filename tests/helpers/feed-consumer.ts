/**
 * A change-feed subscriber as a partner department would write one: it keeps the cursor of
 * the last event it received and, when the connection drops, subscribes again after it.
 * Every event received is kept, so tests can check "exactly once, in order".
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { authHeaders } from './api.js';

export interface FeedEvent {
  id: string;
  sequence: number;
  cursor: string;
  kind: string;
  entityType: string;
  entityId: string;
  changes: { field: string; old: unknown; new: unknown }[];
  [k: string]: unknown;
}

export class FeedConsumer {
  readonly events: FeedEvent[] = [];
  readonly errors: unknown[] = [];
  /** How many times it had to reconnect. */
  reconnects = 0;
  #client: Client | null = null;
  #stopped = false;
  #cursor: string | null;

  constructor(
    private readonly url: () => string,
    /** A subscription taking `$after: String` and selecting at least `cursor`. */
    private readonly query: string,
    private readonly variables: Record<string, unknown> = {},
    after: string | null = null,
    private readonly field = 'changes',
    private readonly headers: Record<string, string> = {},
  ) {
    this.#cursor = after;
  }

  get cursor(): string | null {
    return this.#cursor;
  }

  /** Subscribes after the current cursor. */
  start(): this {
    if (this.#stopped) return this;
    const client = createClient({
      url: this.url().replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      lazy: true,
      // The server's test administrator unless the test gives a client's key.
      connectionParams: 'authorization' in this.headers ? this.headers : authHeaders(this.url()),
    });
    this.#client = client;
    client.subscribe<Record<string, FeedEvent>>(
      { query: this.query, variables: { ...this.variables, after: this.#cursor } },
      {
        next: (result) => {
          // A connection already dropped may still deliver what was in flight: not this consumer's any more.
          if (this.#client !== client) return;
          if (result.errors) this.errors.push(result.errors);
          const event = result.data?.[this.field];
          if (event) {
            this.events.push(event);
            this.#cursor = event.cursor;
          }
        },
        error: (err) => {
          // A dropped connection (a restart, a network blip): come back after the last event seen.
          if (Array.isArray(err)) this.errors.push(err);
          void client.dispose();
          // Dropped on purpose (drop, stop): the test decides when to come back.
          if (this.#stopped || Array.isArray(err) || this.#client !== client) return;
          this.reconnects++;
          setTimeout(() => this.start(), 100);
        },
        complete: () => {},
      },
    );
    return this;
  }

  /** Drops the connection now, as a client whose network went away would. */
  async drop(): Promise<void> {
    const client = this.#client;
    this.#client = null;
    await client?.dispose();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.drop();
  }

  async waitFor(count: number, ms = 20_000): Promise<FeedEvent[]> {
    const end = Date.now() + ms;
    while (this.events.length < count) {
      if (this.errors.length) throw new Error(`subscription failed: ${JSON.stringify(this.errors)}`);
      if (Date.now() > end) throw new Error(`timed out with ${this.events.length} of ${count} events`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.events;
  }
}
