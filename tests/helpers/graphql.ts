/**
 * GraphQL requests over real HTTP, and the two expectations most tests put on them. Requests
 * carry the test administrator's key of the server they go to, unless `headers` give an
 * `authorization` of their own ('' for none).
 */
import { expect } from 'vitest';
import { authHeaders } from './api.js';

export interface GraphQLResult<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function gql<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResult<T>> {
  const auth = 'authorization' in headers ? (headers.authorization ? { authorization: headers.authorization } : {}) : authHeaders(url);
  const { authorization: _given, ...rest } = headers;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...rest, ...auth },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GraphQLResult<T>, 'status'>;
  return { status: res.status, ...body };
}

/** The data of a request that must succeed: any error fails the test. */
export async function gqlData<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<T> {
  const r = await gql<T>(url, query, variables, headers);
  expect(r.errors).toBeUndefined();
  return r.data!;
}

/** The one error of a request that must be refused: its code and the argument it names. */
export async function gqlRefusal(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<{ code?: string; field?: string }> {
  const r = await gql(url, query, variables, headers);
  expect(r.errors).toHaveLength(1);
  return r.errors![0]!.extensions as { code?: string; field?: string };
}
