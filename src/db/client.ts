/**
 * One database interface over two engines: PostgreSQL through postgres.js when
 * DATABASE_URL is set, PGlite (embedded PostgreSQL in WebAssembly) otherwise.
 *
 * Most of the hub talks SQL through `query(text, params)`: bulk paths are set-based SQL
 * (multi-row upserts from `unnest` arrays) that both engines run unchanged. Result types
 * are made identical on both: int8 → number (ids stay far below 2^53), date and
 * timestamp → the text PostgreSQL sends (ISO order), numeric → string, json → parsed.
 * JSON goes *in* as text cast in SQL (`$1::text::jsonb`): postgres.js would encode a string
 * given for a jsonb parameter a second time.
 */
import fs from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';

export type Row = Record<string, unknown>;

export interface Queryable {
  query<T = Row>(text: string, params?: readonly unknown[]): Promise<T[]>;
}

export interface Database extends Queryable {
  readonly engine: 'postgres' | 'pglite';
  /** Connection URL (PostgreSQL only). */
  readonly url?: string;
  /** Runs `fn` in one transaction; everything it writes commits together or not at all. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Number of statements sent since the counter was last reset (tests count them per request). */
  statementCount(): number;
  /**
   * LISTEN on `channel`: `onNotify` runs for each NOTIFY, and once more whenever the listening
   * connection is (re)established, since notifications sent while it was down are lost.
   * Resolves to a function that stops listening.
   */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
  /** The underlying client, for the migrator and COPY; avoid elsewhere. */
  readonly raw: postgres.Sql | PGlite;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** PGlite data folder, or `memory://` for a throwaway database. */
  dataDir?: string;
  /** postgres.js pool size. */
  max?: number;
}

const TEXT_TYPES = [1082, 1083, 1114, 1184, 1186];
const INT8 = 20;

function toNumber(v: string): number {
  return Number(v);
}

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.max ?? 10) : openPglite(opts.dataDir ?? 'memory://');
}

function openPostgres(url: string, max: number): Database {
  const identity = (v: string) => v;
  const sql = postgres(url, {
    max,
    onnotice: () => {},
    types: {
      int8: { to: INT8, from: [INT8], serialize: (v: number | bigint) => String(v), parse: toNumber },
    },
    // JIT compiles our multi-row statements afresh each time (~0.5 s apiece on 2 cores) for
    // plans that run in milliseconds: off for the hub's sessions.
    connection: { application_name: 'two-new-hub', jit: 'off' },
  });
  for (const oid of TEXT_TYPES) {
    sql.options.parsers[oid] = identity;
    sql.options.serializers[oid] = identity;
  }
  let count = 0;
  // postgres.js types an array parameter by its first element, so [true, …] is sent as one
  // boolean and `$n::boolean[]` fails; such arrays are declared boolean[] (oid 1000).
  const param = (p: unknown) => (Array.isArray(p) && typeof p[0] === 'boolean' ? sql.array(p as boolean[], 1000) : p);
  const run = async <T>(client: postgres.Sql | postgres.TransactionSql, text: string, params?: readonly unknown[]) => {
    count++;
    return (await client.unsafe(text, (params ?? []).map(param) as postgres.ParameterOrJSON<never>[])) as unknown as T[];
  };
  return {
    engine: 'postgres',
    url,
    raw: sql,
    query: (text, params) => run(sql, text, params),
    async transaction(fn) {
      count++;
      return (await sql.begin((tx) => fn({ query: (text, params) => run(tx, text, params) }))) as Awaited<ReturnType<typeof fn>>;
    },
    statementCount: () => count,
    async listen(channel, onNotify) {
      // postgres.js listens on a connection of its own and re-listens after a reconnect.
      const sub = await sql.listen(
        channel,
        () => onNotify(),
        () => onNotify(),
      );
      return () => sub.unlisten();
    },
    close: () => sql.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  if (!dataDir.startsWith('memory://')) fs.mkdirSync(path.resolve(dataDir), { recursive: true });
  const identity = (v: string) => v;
  const parsers: Record<number, (v: string) => unknown> = { [INT8]: toNumber };
  for (const oid of TEXT_TYPES) parsers[oid] = identity;
  const pg = await PGlite.create(dataDir, { extensions: { pg_trgm }, parsers });
  let count = 0;
  // PGlite runs one statement at a time; a transaction holds it exclusively.
  const run = async <T>(client: Pick<PGlite, 'query'>, text: string, params?: readonly unknown[]) => {
    count++;
    const res = await client.query<T>(text, params as unknown[] | undefined);
    return res.rows;
  };
  return {
    engine: 'pglite',
    raw: pg,
    query: (text, params) => run(pg, text, params),
    async transaction(fn) {
      count++;
      return pg.transaction((tx) => fn({ query: (text, params) => run(tx, text, params) }));
    },
    statementCount: () => count,
    async listen(channel, onNotify) {
      const unlisten = await pg.listen(channel, () => onNotify());
      onNotify();
      return async () => {
        if (!pg.closed) await unlisten();
      };
    },
    close: () => pg.close(),
  };
}
