/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the HTTP server's own port and path, so
 * a client needs one address for queries and subscriptions. The API key comes in the
 * connection params (`{ authorization: "Bearer …" }`, which a browser can send) or the upgrade
 * request's Authorization header; without a valid one the socket is closed with 4401. Each
 * operation gets a fresh context (DataLoader caches must not outlive an operation), is checked
 * against the client's role's limits and its rate limit, and flushes its audit records before
 * each result is sent.
 */
import type http from 'node:http';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Access } from '../security/access.js';
import { bearerToken } from '../security/api-keys.js';
import type { Authenticator } from './auth.js';
import { createContext, type ApiContext, type ApiServices } from './context.js';
import { limitsForRole, queryLimitRules } from './limits.js';
import { formatError } from './errors.js';

/** How long close() lets clients answer the close frame before dropping them. */
const CLOSE_GRACE_MS = 1_000;

export interface GraphqlSocketServer {
  close(): Promise<void>;
}

interface Extra extends Record<PropertyKey, unknown> {
  request: http.IncomingMessage;
  key?: string;
  access?: Access;
  recheck?: NodeJS.Timeout;
}

const UNAUTHORIZED = 4401;

export function attachGraphqlSocket(
  server: http.Server,
  opts: { path: string; schema: GraphQLSchema; services: ApiServices; auth: Authenticator },
): GraphqlSocketServer {
  const { schema, services, auth } = opts;
  // The same ceiling as an HTTP request body: one message is one request.
  const wss = new WebSocketServer({ server, path: opts.path, maxPayload: services.env.HUB_MAX_BODY_BYTES });
  const disposable = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema,
      async onConnect(ctx) {
        const params = ctx.connectionParams ?? {};
        const header = [params.authorization, params.Authorization].find((v): v is string => typeof v === 'string');
        const key = bearerToken(header ?? ctx.extra.request.headers.authorization);
        const access = await auth.access(key);
        if (!access || !key) {
          ctx.extra.socket.close(UNAUTHORIZED, 'Unauthorized: an API key is required');
          return false;
        }
        ctx.extra.key = key;
        ctx.extra.access = access;
        // A key revoked while its socket is open: subscriptions end within the auth cache's time.
        ctx.extra.recheck = setInterval(
          () => {
            auth.access(key).then(
              (still) => {
                if (!still) ctx.extra.socket.close(UNAUTHORIZED, 'Unauthorized: the API key was revoked');
              },
              // The database unreachable for a moment (or closing): the next check, or the next operation, decides.
              () => {},
            );
          },
          Math.max(1_000, services.env.HUB_AUTH_CACHE_MS),
        );
        ctx.extra.recheck.unref();
        return true;
      },
      onClose(ctx) {
        clearInterval(ctx.extra.recheck);
      },
      context: (ctx) => createContext(services, ctx.extra.access!),
      // Parsing and validating here (instead of graphql-ws's defaults) because the limit rules need
      // the operation's variables, and a syntax error should answer that operation, not close the socket.
      onSubscribe: async (ctx, _id, payload) => {
        // Each operation checks the key again (cached briefly), so a revoked one stops working.
        const access = await auth.access(ctx.extra.key ?? null);
        if (!access) {
          ctx.extra.socket.close(UNAUTHORIZED, 'Unauthorized: the API key was revoked');
          return [new GraphQLError('the API key was revoked', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        ctx.extra.access = access;
        const decision = auth.rateLimit(access);
        if (!decision.ok)
          return [
            new GraphQLError(`rate limit exceeded; retry in ${decision.retryAfterSeconds} s`, {
              extensions: { code: 'RATE_LIMITED', retryAfter: decision.retryAfterSeconds },
            }),
          ];
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
        }
        const rules = [
          ...specifiedRules,
          ...queryLimitRules(limitsForRole(services.env, access.role), {
            variables: payload.variables,
            operationName: payload.operationName,
          }),
        ];
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors;
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
      },
      async onNext(_ctx, _id, _payload, args, result) {
        await (args.contextValue as ApiContext).audit.flush();
        if (!result.errors) return;
        return { ...result, errors: result.errors.map((e) => formatError(e.toJSON(), e)) };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((e) => formatError(e.toJSON(), e)),
    },
    wss,
  );

  return {
    async close() {
      // dispose() sends every client "1001 Going away" and waits until all have closed; one that
      // never answers would hold the port for ws's 30 s close timeout.
      const grace = setTimeout(() => {
        for (const socket of wss.clients) socket.terminate();
      }, CLOSE_GRACE_MS);
      try {
        await disposable.dispose();
      } finally {
        clearTimeout(grace);
      }
    },
  };
}
