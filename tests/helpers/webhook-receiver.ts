/**
 * A department's webhook receiver on loopback: records every POST it gets (headers and body),
 * answers with the status a test sets (by default 204), and keeps the events it accepted,
 * deduplicated by event id as the README tells receivers to.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  id: string;
  sequence: number;
  entityType: string;
  entityId: string;
  kind: string;
  changes: { field: string; old: unknown; new: unknown }[];
  [k: string]: unknown;
}

export interface Delivery {
  headers: http.IncomingHttpHeaders;
  body: string;
  status: number;
  events: ReceivedEvent[];
  at: number;
}

export class WebhookReceiver {
  readonly deliveries: Delivery[] = [];
  /** Accepted events by id: a redelivered event is stored once. */
  readonly accepted = new Map<string, ReceivedEvent>();
  /** The status of the next answers, one per request; when empty, `status`. */
  readonly plan: number[] = [];
  status = 204;
  #server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = this.plan.shift() ?? this.status;
      const events = (JSON.parse(body) as { events: ReceivedEvent[] }).events;
      this.deliveries.push({ headers: req.headers, body, status, events, at: Date.now() });
      if (status >= 200 && status < 300) for (const e of events) if (!this.accepted.has(e.id)) this.accepted.set(e.id, e);
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status >= 400 ? `refused by the test (${status})` : '');
    });
  });

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async waitForAccepted(count: number, ms = 20_000): Promise<ReceivedEvent[]> {
    const end = Date.now() + ms;
    while (this.accepted.size < count) {
      if (Date.now() > end) throw new Error(`timed out with ${this.accepted.size} of ${count} events accepted`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return [...this.accepted.values()].sort((a, b) => a.sequence - b.sequence);
  }
}
