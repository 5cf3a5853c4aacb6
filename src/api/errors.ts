/** GraphQL errors with the codes clients branch on. */
import { GraphQLError } from 'graphql';

export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/** NOT_FOUND; with `field`, the message and extensions also say which argument held the unknown id. */
export function notFound(what: string, field?: string): GraphQLError {
  return field
    ? new GraphQLError(`${field}: ${what} not found`, { extensions: { code: 'NOT_FOUND', field } })
    : new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
}

/** A numeric id argument (ids are bigint keys, given as GraphQL IDs). */
export function parseId(field: string, value: string): number {
  if (!/^\d{1,15}$/.test(value)) throw badInput(field, 'is not an id');
  return Number(value);
}
