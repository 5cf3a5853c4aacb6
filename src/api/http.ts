/**
 * The HTTP server: GraphQL at /graphql through Apollo Server's integration API on a plain
 * Node server (so the subscription websocket can share the port later), and /health.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, HeaderMap } from '@apollo/server';
import type { Hub } from '../app.js';
import { logger } from '../log/logger.js';
import { createContext, type ApiContext } from './context.js';
import { buildSchema } from './schema.js';

const MAX_BODY_BYTES = 1_000_000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(req: http.IncomingMessage): Promise<string> {
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

export type ApiServices = Pick<Hub, 'db' | 'env' | 'priorities' | 'rules'>;

export async function startApiServer(services: ApiServices, opts: { port?: number; host?: string } = {}): Promise<ApiServer> {
  const { db, env } = services;
  const apollo = new ApolloServer<ApiContext>({ schema: buildSchema(), introspection: true, includeStacktraceInErrorResponses: false });
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
      context: async () => createContext(db, env, services.priorities, services.rules),
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

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const route = async () => {
      if (url.pathname === '/health') {
        await db.query('select 1');
        return sendJson(res, 200, { ok: true, database: db.engine });
      }
      if (url.pathname === '/graphql') return handleGraphql(req, res, url);
      return sendJson(res, 404, { error: 'not found', hint: 'GraphQL is served at /graphql' });
    };
    route().catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      if (status === 500) logger().error({ err }, 'request failed');
      if (!res.headersSent) sendJson(res, status, { errors: [{ message: status === 500 ? 'internal error' : (err as Error).message }] });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? env.PORT, opts.host ?? env.HOST, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host ?? env.HOST;
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/graphql`,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await apollo.stop();
    },
  };
}
