/**
 * The HTTP server: GraphQL at /graphql through Apollo Server's integration API on a plain
 * Node server, graphql-ws on the same port and path, the explorer (/explorer, and /graphql
 * opened in a browser), /health, and the ledger downloads /ledgers/<kind>.<xlsx|csv>.
 */
import http from 'node:http';
import { PassThrough } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { logger } from '../log/logger.js';
import { stopBackgroundRuns } from './background-runs.js';
import { createContext, type ApiContext, type ApiServices } from './context.js';
import { buildSchema } from './schema.js';
import { EXPLORER_ASSETS_PATH, EXPLORER_PATH, sendExplorerAsset, sendExplorerPage, wantsExplorer } from './explorer.js';
import { limitsFromEnv, queryLimitsPlugin } from './limits.js';
import { attachGraphqlSocket } from './ws.js';
import { FeedTail } from '../feed/tail.js';
import { exportLedger, ledgerFileName, LedgerInputError } from '../ledger/export.js';
import { LEDGER_KINDS, type LedgerKind } from '../ledger/columns.js';
import { parseDate } from '../domain/date.js';

const MAX_BODY_BYTES = 1_000_000;
const GRAPHQL_PATH = '/graphql';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  // A declared length over the limit is refused before a byte is read.
  if (Number(req.headers['content-length'] ?? 0) > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export type { ApiServices };

export async function startApiServer(given: ApiServices, opts: { port?: number; host?: string } = {}): Promise<ApiServer> {
  const { db, env } = given;
  // This instance's tail of the change feed: subscriptions here wait on it.
  const feed = given.feed ?? new FeedTail(db, { pollMs: env.HUB_FEED_POLL_MS });
  const ownFeed = given.feed === undefined;
  if (ownFeed) await feed.start();
  const services: ApiServices = { ...given, feed };
  const schema = buildSchema();
  const limits = limitsFromEnv(env);
  const apollo = new ApolloServer<ApiContext>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Apollo's landing page loads from a CDN; the hub serves its own explorer (explorer.ts).
    plugins: [ApolloServerPluginLandingPageDisabled(), queryLimitsPlugin(limits)],
  });
  await apollo.start();

  const handleGraphql = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const text = await readBody(req);
      const type = headers.get('content-type') ?? '';
      if (type.includes('application/json') || type.includes('application/graphql-response+json')) {
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          throw new HttpError(400, 'request body is not valid JSON');
        }
      } else {
        body = text;
      }
    }
    const result = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: req.method ?? 'GET', headers, search: url.search, body },
      context: async () => createContext(services),
    });
    for (const [key, value] of result.headers) res.setHeader(key, value);
    res.statusCode = result.status ?? 200;
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };

  /** GET /ledgers/<kind>.<xlsx|csv>?division=&asOf= — the file a ledgerDownload link points at. */
  const downloadLedger = async (res: http.ServerResponse, kind: string, format: 'xlsx' | 'csv', url: URL) => {
    if (!(LEDGER_KINDS as readonly string[]).includes(kind)) throw new HttpError(404, `no ledger "${kind}": ${LEDGER_KINDS.join(', ')}`);
    const division = url.searchParams.get('division');
    const asOf = url.searchParams.get('asOf');
    if (asOf !== null && !(/^\d{4}-\d{2}-\d{2}$/.test(asOf) && parseDate(asOf).ok)) throw new HttpError(400, 'asOf: expected YYYY-MM-DD');
    const opts = { kind: kind as LedgerKind, format, division, asOf };
    const fileName = ledgerFileName(opts, asOf ?? services.rules.asOf());
    try {
      // Headers go out with the first bytes, so a bad division is caught before anything is sent.
      let started = false;
      const out = new PassThrough();
      out.on('data', (chunk: Buffer) => {
        if (!started) {
          started = true;
          res.writeHead(200, {
            'content-type':
              format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`,
          });
        }
        if (!res.write(chunk)) {
          out.pause();
          res.once('drain', () => out.resume());
        }
      });
      const ended = new Promise<void>((resolve) => out.on('end', resolve));
      await exportLedger(db, services, opts, out);
      await ended;
      res.end();
    } catch (err) {
      if (err instanceof LedgerInputError) throw new HttpError(400, err.message);
      throw err;
    }
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = async () => {
      if (url.pathname === '/health') {
        await db.query('select 1');
        return sendJson(res, 200, { ok: true, database: db.engine });
      }
      if (url.pathname === EXPLORER_PATH || (url.pathname === GRAPHQL_PATH && wantsExplorer(req, url))) return sendExplorerPage(req, res);
      if (url.pathname === GRAPHQL_PATH) return handleGraphql(req, res, url);
      if (url.pathname.startsWith(EXPLORER_ASSETS_PATH)) {
        if (await sendExplorerAsset(req, res, url.pathname.slice(EXPLORER_ASSETS_PATH.length), url)) return;
        return sendJson(res, 404, { error: 'not found' });
      }
      const ledger = /^\/ledgers\/([a-z-]+)\.(xlsx|csv)$/.exec(url.pathname);
      if (ledger) return downloadLedger(res, ledger[1]!, ledger[2] as 'xlsx' | 'csv', url);
      return sendJson(res, 404, { error: 'not found', hint: 'GraphQL is served at /graphql, the explorer at /explorer' });
    };
    route().catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) logger().error({ err }, 'request failed');
      if (!res.headersSent) sendJson(res, status, { errors: [{ message: status === 500 ? 'internal error' : (err as Error).message }] });
      else res.end();
    });
  });

  const socket = attachGraphqlSocket(server, { path: GRAPHQL_PATH, schema, services, limits });

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? env.PORT, opts.host ?? env.HOST, resolve);
    });
  } catch (err) {
    // A port already taken: release what was started so the process can exit or retry.
    await socket.close();
    await apollo.stop();
    if (ownFeed) await feed.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? env.HOST;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    async close() {
      // Runs started through the API record how far they got before the database closes.
      await stopBackgroundRuns();
      // Sockets close first with 1001 "going away", so subscribers reconnect and resume from
      // their cursors (ending the subscriptions first would tell them the stream completed).
      await socket.close();
      if (ownFeed) await feed.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}
