/**
 * The one connection helper every list uses: keyset pagination on a numeric key, opaque
 * cursors, `first` bounded by configuration, `totalCount` computed only when asked for.
 */
import { cursorKey, encodeCursor } from '../domain/cursor.js';
import { badInput } from './errors.js';

export { encodeCursor };

export function decodeCursor(cursor: string | null | undefined, field = 'after'): number | null {
  if (cursor == null || cursor === '') return null;
  const key = cursorKey(cursor);
  if (key === null) throw badInput(field, 'is not a cursor this API gave out');
  return key;
}

export function pageSize(first: number | null | undefined, max: number, field = 'first'): number {
  const n = first ?? 50;
  if (!Number.isInteger(n) || n < 0) throw badInput(field, 'must be a non-negative integer');
  if (n > max) throw badInput(field, `must be at most ${max}`);
  return n;
}

export interface Connection<T> {
  totalCount: () => Promise<number>;
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

/** `rows` were fetched with `limit first + 1`, so one extra row means there is a next page. */
export function toConnection<T>(
  rows: T[],
  first: number,
  keyOf: (row: T) => number,
  after: number | null,
  count: () => Promise<number>,
): Connection<T> {
  return keysetConnection(rows, first, (r) => encodeCursor(keyOf(r)), after !== null, count);
}

/** The same for lists ordered by more than an id: `cursorOf` encodes a row's place in the order. */
export function keysetConnection<T>(
  rows: T[],
  first: number,
  cursorOf: (row: T) => string,
  hasPreviousPage: boolean,
  count: () => Promise<number>,
): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  let counted: Promise<number> | undefined;
  return {
    totalCount: () => (counted ??= count()),
    edges,
    nodes: page,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * A cursor for an ordered list: the order it belongs to, the row's sort key and its id (the
 * tie-breaker). A cursor of another order is refused rather than silently misread.
 */
export function encodeKeyCursor(order: string, value: unknown, id: number): string {
  const v = value instanceof Date ? value.toISOString().slice(0, 10) : value;
  return Buffer.from(JSON.stringify([order, v, id])).toString('base64url');
}

export function decodeKeyCursor(cursor: string | null | undefined, order: string, field = 'after'): { value: unknown; id: number } | null {
  if (cursor == null || cursor === '') return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString());
  } catch {
    throw badInput(field, 'is not a cursor this API gave out');
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || typeof parsed[2] !== 'number' || !Number.isSafeInteger(parsed[2]))
    throw badInput(field, 'is not a cursor this API gave out');
  if (parsed[0] !== order) throw badInput(field, 'belongs to another orderBy');
  const value: unknown = parsed[1];
  if (typeof value !== 'string' && typeof value !== 'number') throw badInput(field, 'is not a cursor this API gave out');
  return { value, id: parsed[2] };
}
