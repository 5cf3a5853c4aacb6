/** Reference data: departments (the 19), the division tree, zones where organizations cluster. */
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, smallint, text, timestamp, varchar, bigserial, uniqueIndex } from 'drizzle-orm/pg-core';

/** 部门: the departments whose data the hub integrates (seeded; editable). */
export const departments = pgTable('departments', {
  code: varchar('code', { length: 32 }).primaryKey(),
  name: text('name').notNull(),
  /** Other names the department goes by in source files (e.g. with the city prefix). */
  aliases: text('aliases')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  /** registrar | supervisor | data_source (one or more). */
  roles: text('roles')
    .array()
    .notNull()
    .default(sql`'{}'::text[]`),
  sortOrder: integer('sort_order').notNull().default(0),
});

/**
 * 行政区划: province → prefecture → county → township → community.
 * `code` is always 12 digits (6-digit codes padded with zeros) so subtree queries are one
 * prefix match on `prefix`, the code without its trailing zero levels.
 */
export const regions = pgTable(
  'regions',
  {
    code: varchar('code', { length: 12 }).primaryKey(),
    name: text('name').notNull(),
    level: smallint('level').notNull(), // 1 province … 5 community
    parentCode: varchar('parent_code', { length: 12 }),
    prefix: varchar('prefix', { length: 12 }).notNull(),
  },
  (t) => [
    index('regions_parent_idx').on(t.parentCode),
    index('regions_prefix_idx').on(t.prefix.op('varchar_pattern_ops')),
    index('regions_name_idx').on(t.name),
  ],
);

/** 园区 / 商圈 / 商务楼宇 */
export const zones = pgTable(
  'zones',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: varchar('kind', { length: 24 }).notNull(), // PARK | BUSINESS_DISTRICT | BUILDING
    name: text('name').notNull(),
    divisionCode: varchar('division_code', { length: 12 }),
    /** An organization whose business (else registered) address contains one of these is in the zone. */
    keywords: text('keywords')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** USCCs the zone lists as its units (入驻单位), whatever their address says. */
    units: text('units')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    source: varchar('source', { length: 64 }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('zones_kind_name_uq').on(t.kind, t.name), index('zones_division_idx').on(t.divisionCode.op('varchar_pattern_ops'))],
);
