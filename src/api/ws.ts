/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the HTTP server's own port and path, so
 * a client needs one address for queries and, once the schema has them, subscriptions. Each
 * operation gets a fresh context (DataLoader caches must not outlive an operation) and is
 * checked against the same limits as over HTTP.
 */
import type http from 'node:http';
import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { createContext, type ApiServices } from './context.js';
import { queryLimitRules, type QueryLimits } from './limits.js';

/** The same ceiling as an HTTP request body: one message is one request. */
const MAX_MESSAGE_BYTES = 1_000_000;
/** How long close() lets clients answer the close frame before dropping them. */
const CLOSE_GRACE_MS = 1_000;

export interface GraphqlSocketServer {
  close(): Promise<void>;
}

export function attachGraphqlSocket(
  server: http.Server,
  opts: { path: string; schema: GraphQLSchema; services: ApiServices; limits: QueryLimits },
): GraphqlSocketServer {
  const { schema, services, limits } = opts;
  const wss = new WebSocketServer({ server, path: opts.path, maxPayload: MAX_MESSAGE_BYTES });
  const disposable = useServer(
    {
      schema,
      context: () => createContext(services),
      // Parsing and validating here (instead of graphql-ws's defaults) because the limit rules need
      // the operation's variables, and a syntax error should answer that operation, not close the socket.
      onSubscribe: (_ctx, _id, payload) => {
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch (err) {
          return [err instanceof GraphQLError ? err : new GraphQLError(String(err))];
        }
        const rules = [
          ...specifiedRules,
          ...queryLimitRules(limits, { variables: payload.variables, operationName: payload.operationName }),
        ];
        const errors = validate(schema, document, rules);
        if (errors.length > 0) return errors;
        return { schema, document, variableValues: payload.variables, operationName: payload.operationName };
      },
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
