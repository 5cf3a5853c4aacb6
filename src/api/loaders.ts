/**
 * One loader factory for every relation, so batching is the default: a resolver asks for
 * keys, the loader runs one `= any($1)` query per tick for all of them.
 */
import DataLoader from 'dataloader';
import type { Queryable, Row } from '../db/client.js';

/** Loads at most one row per key. */
export function loadOne<R extends Row>(db: Queryable, sql: string, keyColumn: keyof R & string): DataLoader<number | string, R | null> {
  return new DataLoader(async (keys) => {
    const rows = await db.query<R>(sql, [keys]);
    const byKey = new Map(rows.map((r) => [String(r[keyColumn]), r]));
    return keys.map((k) => byKey.get(String(k)) ?? null);
  });
}

/** Loads every row for each key (a one-to-many relation). */
export function loadMany<R extends Row>(db: Queryable, sql: string, keyColumn: keyof R & string): DataLoader<number | string, R[]> {
  return new DataLoader(async (keys) => {
    const rows = await db.query<R>(sql, [keys]);
    const byKey = new Map<string, R[]>();
    for (const r of rows) {
      const k = String(r[keyColumn]);
      const list = byKey.get(k);
      if (list) list.push(r);
      else byKey.set(k, [r]);
    }
    return keys.map((k) => byKey.get(String(k)) ?? []);
  });
}
