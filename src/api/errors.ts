/** GraphQL errors with the codes clients branch on, and how every error leaves the server. */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { logger } from '../log/logger.js';
import { scrubPersonalData } from '../security/scrub.js';

export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/** NOT_FOUND; with `field`, the message and extensions also say which argument held the unknown id. */
export function notFound(what: string, field?: string): GraphQLError {
  return field
    ? new GraphQLError(`${field}: ${what} not found`, { extensions: { code: 'NOT_FOUND', field } })
    : new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
}

/** The row a lookup found; NOT_FOUND (naming the argument) when there is none or the client may not see it. */
export function found<T>(row: T | null | undefined, what: string, field: string): T {
  if (row === null || row === undefined) throw notFound(what, field);
  return row;
}

/** A numeric id argument (ids are bigint keys, given as GraphQL IDs). */
export function parseId(field: string, value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw badInput(field, 'is not an id');
  return Number(value);
}

/**
 * Error messages leave with personal data masked (a coercion error repeats the value it was
 * given); an internal error's text, which can hold SQL or data, is logged and not sent.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  // Apollo marks a thrown non-GraphQL error INTERNAL_SERVER_ERROR; over the websocket it arrives wrapped and without a code.
  const original = error instanceof GraphQLError ? error.originalError : undefined;
  const wrapped =
    original !== undefined && original !== null && !(original instanceof GraphQLError) && formatted.extensions?.code === undefined;
  if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR' || wrapped) {
    logger().error({ err: error }, 'request failed');
    return { ...formatted, message: 'internal error', extensions: { ...formatted.extensions, code: 'INTERNAL_SERVER_ERROR' } };
  }
  return { ...formatted, message: scrubPersonalData(formatted.message) };
}
