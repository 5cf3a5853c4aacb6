/**
 * The HTTP server: GraphQL at /graphql through Apollo Server's integration API on a plain
 * Node server, graphql-ws on the same port and path, the explorer (/explorer, and /graphql
 * opened in a browser), /health, and the ledger downloads /ledgers/<kind>.<xlsx|csv>.
 * Everything but the explorer and /health needs an API key (./gate.ts).
 */
import http from 'node:http';
import { PassThrough } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { logger } from '../log/logger.js';
import { bearerToken } from '../security/api-keys.js';
import { verifyDownload } from '../security/download-token.js';
import { stopBackgroundRuns } from './background-runs.js';
import { createContext, type ApiContext, type ApiServices } from './context.js';
import { buildSchema } from './schema.js';
import { EXPLORER_ASSETS_PATH, EXPLORER_PATH, sendExplorerAsset, sendExplorerPage, wantsExplorer } from './explorer.js';
import { limitsForRole, queryLimitsPlugin } from './limits.js';
import { attachGraphqlSocket } from './ws.js';
import { FeedTail } from '../feed/tail.js';
import { Authenticator } from './auth.js';
import { admit, handleCors, limited } from './gate.js';
import { HttpError, readBody, sendJson } from './http-util.js';
import { formatError } from './errors.js';
import { exportLedger, ledgerFileName, LedgerInputError } from '../ledger/export.js';
import { LEDGER_KINDS, type LedgerKind } from '../ledger/columns.js';
import { parseDate } from '../domain/date.js';
import type { Access } from '../security/access.js';

const GRAPHQL_PATH = '/graphql';

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
  const auth = new Authenticator(db, { cacheMs: env.HUB_AUTH_CACHE_MS, ratePerMinute: env.HUB_RATE_LIMIT_PER_MINUTE });
  const schema = buildSchema();
  const apollo = new ApolloServer<ApiContext>({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError,
    plugins: [
      // Apollo's landing page loads from a CDN; the hub serves its own explorer (explorer.ts).
      ApolloServerPluginLandingPageDisabled(),
      queryLimitsPlugin<ApiContext>((ctx) => limitsForRole(env, ctx.access.role)),
      // The audit records of a request are written before its answer is sent.
      { requestDidStart: async () => ({ willSendResponse: async ({ contextValue }) => contextValue.audit.flush() }) },
    ],
  });
  await apollo.start();

  const handleGraphql = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL, access: Access) => {
    const headers = new HeaderMap();
    for (const [key, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    let body: unknown = undefined;
    if (req.method === 'POST') {
      const text = await readBody(req, env.HUB_MAX_BODY_BYTES);
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
      context: async () => createContext(services, access),
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

  /** A download needs a key, or the signed link `ledgerDownload` gave (a browser sends no header). */
  const downloader = async (req: http.IncomingMessage, url: URL): Promise<Access> => {
    const token = url.searchParams.get('token');
    if (token === null || bearerToken(req.headers.authorization)) return admit(req, auth);
    const rest = new URLSearchParams(url.searchParams);
    rest.delete('token');
    const claims = verifyDownload(services.pii, token, `${url.pathname}${rest.size ? `?${rest}` : ''}`);
    const access = claims ? await auth.accessOfClient(claims.clientId) : null;
    if (!access)
      throw new HttpError(401, 'this download link is invalid or has expired; ask ledgerDownload for a new one', 'UNAUTHENTICATED');
    return limited(access, auth);
  };

  /** GET /ledgers/<kind>.<xlsx|csv>?division=&asOf= — the file a ledgerDownload link points at. */
  const downloadLedger = async (res: http.ServerResponse, kind: string, format: 'xlsx' | 'csv', url: URL, access: Access) => {
    if (!access.can('org:read')) throw new HttpError(403, `this client (${access.role}) lacks the org:read permission`, 'FORBIDDEN');
    if (!(LEDGER_KINDS as readonly string[]).includes(kind)) throw new HttpError(404, `no ledger "${kind}": ${LEDGER_KINDS.join(', ')}`);
    const division = url.searchParams.get('division');
    const asOf = url.searchParams.get('asOf');
    if (asOf !== null && !(/^\d{4}-\d{2}-\d{2}$/.test(asOf) && parseDate(asOf).ok)) throw new HttpError(400, 'asOf: expected YYYY-MM-DD');
    const opts = { kind: kind as LedgerKind, format, division, asOf, scope: access.organizations('o') };
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
      if (handleCors(req, res, env.HUB_CORS_ORIGINS)) return;
      if (url.pathname === '/health') {
        await db.query('select 1');
        return sendJson(res, 200, { ok: true, database: db.engine });
      }
      if (url.pathname === EXPLORER_PATH || (url.pathname === GRAPHQL_PATH && wantsExplorer(req, url))) return sendExplorerPage(req, res);
      if (url.pathname === GRAPHQL_PATH) return handleGraphql(req, res, url, await admit(req, auth));
      if (url.pathname.startsWith(EXPLORER_ASSETS_PATH)) {
        if (await sendExplorerAsset(req, res, url.pathname.slice(EXPLORER_ASSETS_PATH.length), url)) return;
        return sendJson(res, 404, { error: 'not found' });
      }
      const ledger = /^\/ledgers\/([a-z-]+)\.(xlsx|csv)$/.exec(url.pathname);
      if (ledger) return downloadLedger(res, ledger[1]!, ledger[2] as 'xlsx' | 'csv', url, await downloader(req, url));
      return sendJson(res, 404, { error: 'not found', hint: 'GraphQL is served at /graphql, the explorer at /explorer' });
    };
    route().catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) logger().error({ err }, 'request failed');
      if (res.headersSent) return res.end();
      const message = status === 500 ? 'internal error' : (err as Error).message;
      const code = err instanceof HttpError ? err.code : undefined;
      sendJson(res, status, { errors: [{ message, ...(code && { extensions: { code } }) }] }, err instanceof HttpError ? err.headers : {});
    });
  });

  const socket = attachGraphqlSocket(server, { path: GRAPHQL_PATH, schema, services, auth });

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
