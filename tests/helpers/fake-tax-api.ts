/**
 * A tax authority's paged JSON API on loopback (the contract's shape): pages of items
 * newer than `updatedSince`, and faults (429 with Retry-After, 5xx) answered once each.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { usccCheckChar } from '../../src/domain/uscc.js';

export interface Item {
  taxpayer_id: string;
  name: string;
  tax_state: string;
  registration_type: string;
  period: string;
  iit_withheld: number;
  business_address: string;
  tax_office: string;
  updatedAt: string;
}

/** Statements per item: uscc, name, tax_state, iit_withheld, business_address, registration_type, tax_office. */
export const STATEMENTS_PER_ITEM = 7;
export const PAGE_SIZE = 10;

export function uscc(n: number): string {
  const first17 = `91150302MA${String(n).padStart(7, '0')}`;
  return first17 + usccCheckChar(first17)!;
}

export function item(n: number, updatedAt: string): Item {
  return {
    taxpayer_id: uscc(n),
    name: `乌海市测试${n}号商贸有限公司`,
    tax_state: '正常',
    registration_type: '私营有限责任公司',
    period: '2026-06',
    iit_withheld: n % 40,
    business_address: `乌海市海勃湾区人民路${n}号`,
    tax_office: '国家税务总局乌海市海勃湾区税务局',
    updatedAt,
  };
}

/** Items 1..n updated one second apart from `start`. */
export const items = (from: number, to: number, start: string) =>
  Array.from({ length: to - from + 1 }, (_, i) => item(from + i, new Date(Date.parse(start) + i * 1000).toISOString()));

export class FakeTaxApi {
  items: Item[] = [];
  requests: { url: URL; at: number; status: number }[] = [];
  /** Answered once each, in order, when their page is asked for. */
  faults: { page: number; status: number; headers?: Record<string, string> }[] = [];
  onRequest?: (url: URL) => void;
  private readonly server = http.createServer((req, res) => this.handle(req, res));

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  pagesAsked(): string[] {
    return this.requests.map((r) => `${r.url.searchParams.get('page')}:${r.status}`);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.onRequest?.(url);
    const page = Number(url.searchParams.get('page') ?? '1');
    const size = Number(url.searchParams.get('pageSize') ?? '100');
    const fault = this.faults.findIndex((f) => f.page === page);
    if (fault >= 0) {
      const [f] = this.faults.splice(fault, 1);
      this.requests.push({ url, at: Date.now(), status: f!.status });
      res.writeHead(f!.status, { 'content-type': 'text/plain', ...f!.headers }).end('try later');
      return;
    }
    this.requests.push({ url, at: Date.now(), status: 200 });
    const since = url.searchParams.get('updatedSince');
    const visible = this.items
      .filter((i) => !since || Date.parse(i.updatedAt) > Date.parse(since))
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt));
    const slice = visible.slice((page - 1) * size, page * size);
    const nextPage = page * size < visible.length ? page + 1 : null;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: slice, nextPage }));
  }
}
