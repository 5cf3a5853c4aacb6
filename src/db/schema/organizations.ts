/**
 * The organization entity, the statements it is projected from, and how source records
 * link to it. Statements are the source of truth; `organizations` columns are derived.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';
import { departments, zones } from './reference.js';

export const organizations = pgTable(
  'organizations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    uscc: varchar('uscc', { length: 18 }),
    /** Set when the USCC fails its check digit but was linked by a second source (DOMAIN.md). */
    usccCheckFailed: boolean('uscc_check_failed').notNull().default(false),
    orgCode: varchar('org_code', { length: 9 }),
    regNo: varchar('reg_no', { length: 15 }),
    name: text('name'),
    normalizedName: text('normalized_name'),
    /** The name without legal form, parenthesized parts or leading place (review candidates). */
    coreName: text('core_name'),
    /** ENTERPRISE | INDIVIDUAL_BUSINESS | FARMERS_COOP | SOCIAL_ORGANIZATION | GOVERNMENT | PUBLIC_INSTITUTION | OTHER */
    kind: varchar('kind', { length: 32 }),
    /** ASSOCIATION | SOCIAL_SERVICE | FOUNDATION for social organizations */
    socialOrgType: varchar('social_org_type', { length: 24 }),
    enterpriseType: text('enterprise_type'),
    /** PRIVATE | STATE | FOREIGN | PUBLIC_INSTITUTION | GOVERNMENT */
    ownership: varchar('ownership', { length: 24 }),
    /** ACTIVE | REVOKED | DEREGISTERED | MOVED_OUT (登记状态, normalized) */
    registrationStatus: varchar('registration_status', { length: 24 }),
    /** 12-digit division code (6-digit codes padded) */
    divisionCode: varchar('division_code', { length: 12 }),
    countyCode: varchar('county_code', { length: 6 }),
    registeredAddress: text('registered_address'),
    businessAddress: text('business_address'),
    industryCode: varchar('industry_code', { length: 8 }),
    legalRepresentative: text('legal_representative'),
    registeredCapital10k: numeric('registered_capital_10k'),
    establishedOn: date('established_on', { mode: 'string' }),
    registrar: text('registrar'),
    supervisingDepartmentName: text('supervising_department_name'),
    supervisingDepartmentCode: varchar('supervising_department_code', { length: 32 }).references(() => departments.code),
    isTradeAssociation: boolean('is_trade_association'),
    /** 行业党委: the Party body acting as industry committee for this organization */
    industryCommitteeId: bigint('industry_committee_id', { mode: 'number' }),
    zoneId: bigint('zone_id', { mode: 'number' }).references(() => zones.id),
    headcount: integer('headcount'),
    /** SOCIAL_SECURITY | TAX | ANNUAL_REPORT: where the deciding headcount came from. */
    headcountSource: varchar('headcount_source', { length: 16 }),
    /** Members employed here: formal non-mobile (the advice counts these), all, pocket (口袋党员). */
    membersFormal: integer('members_formal'),
    membersTotal: integer('members_total'),
    membersPocket: integer('members_pocket'),
    // Derived facts (src/rules), stored with the projection so lists and counts are fast.
    factsAsOf: date('facts_as_of', { mode: 'string' }),
    inScope: boolean('in_scope'),
    /** ENTERPRISE | SOCIAL_ORGANIZATION: which "new" kind scope condition 1 found (DOMAIN.md). */
    scopeKind: varchar('scope_kind', { length: 24 }),
    scopeReasons: text('scope_reasons').array(),
    has10Employees: boolean('has_10_employees'),
    hasPremises: boolean('has_premises'),
    hasBusinessActivity: boolean('has_business_activity'),
    threeHaves: boolean('three_haves'),
    operatesNormally: boolean('operates_normally'),
    inLedger: boolean('in_ledger'),
    coveredByBody: boolean('covered_by_body'),
    coveredByWork: boolean('covered_by_work'),
    advice: varchar('advice', { length: 24 }),
    /** Evidence for every derived fact: which source, period and value decided. */
    facts: jsonb('facts').$type<Record<string, unknown>>(),
    /** A merge keeps the surviving id; the merged one points at it and is hidden. */
    mergedIntoId: bigint('merged_into_id', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organizations_uscc_uq').on(t.uscc),
    index('organizations_org_code_idx').on(t.orgCode),
    index('organizations_reg_no_idx').on(t.regNo),
    index('organizations_division_idx').on(t.divisionCode.op('varchar_pattern_ops')),
    index('organizations_county_name_idx').on(t.countyCode, t.normalizedName),
    index('organizations_county_core_idx').on(t.countyCode, t.coreName),
    index('organizations_name_trgm_idx').using('gin', t.normalizedName.op('gin_trgm_ops')),
    // Coverage counts read only this index: an index-only scan of the in-scope rows of a
    // division subtree carries every grouping key and flag the report counts.
    index('organizations_coverage_idx')
      .on(
        t.divisionCode.op('varchar_pattern_ops'),
        t.scopeKind,
        t.inLedger,
        t.coveredByBody,
        t.coveredByWork,
        t.supervisingDepartmentCode,
        t.industryCommitteeId,
      )
      .where(sql`${t.inScope} and ${t.mergedIntoId} is null`),
    index('organizations_supervisor_idx').on(t.supervisingDepartmentCode),
    index('organizations_merged_idx').on(t.mergedIntoId),
  ],
);

/**
 * 陈述: one value one source said about an entity. `id` is an MD5 (as uuid, 16 bytes) of
 * (source, sourceKey, property, period, value), so the same row seen twice adds nothing.
 */
export const statements = pgTable(
  'statements',
  {
    id: uuid('id').primaryKey(),
    entityType: varchar('entity_type', { length: 24 }).notNull().default('organization'),
    entityId: bigint('entity_id', { mode: 'number' }).notNull(),
    property: varchar('property', { length: 48 }).notNull(),
    value: text('value').notNull(),
    source: varchar('source', { length: 64 }).notNull(),
    sourceKey: text('source_key').notNull(),
    /** The period the value describes: YYYY-MM (month), YYYY (report year) or YYYY-MM-DD. */
    period: varchar('period', { length: 10 }).notNull().default(''),
    firstRunId: bigint('first_run_id', { mode: 'number' }),
    lastRunId: bigint('last_run_id', { mode: 'number' }),
    firstSeen: timestamp('first_seen', { withTimezone: true }).notNull().defaultNow(),
    lastSeen: timestamp('last_seen', { withTimezone: true }).notNull().defaultNow(),
  },
  // Two indexes only: every extra index costs on the bulk path. Lookups by source key go
  // through source_links, then statements by entity.
  // The period makes "the latest value of a property" one backward index probe (rules loader).
  // A partial index on what officials set (GraphQL mutations) finds every manual override
  // without scanning the connectors' millions of rows; connectors never write source 'manual'.
  (t) => [
    index('statements_entity_idx').on(t.entityType, t.entityId, t.property, t.period),
    index('statements_manual_idx')
      .on(t.property, t.entityId)
      .where(sql`${t.source} = 'manual'`),
  ],
);

/** (connector, source key) → entity, with how it was matched. */
export const sourceLinks = pgTable(
  'source_links',
  {
    connector: varchar('connector', { length: 64 }).notNull(),
    sourceKey: text('source_key').notNull(),
    entityType: varchar('entity_type', { length: 24 }).notNull().default('organization'),
    entityId: bigint('entity_id', { mode: 'number' }).notNull(),
    /** USCC | ORG_CODE | REG_NO | NAME | REVIEW | NEW */
    method: varchar('method', { length: 16 }).notNull(),
    score: real('score').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connector, t.sourceKey] }), index('source_links_entity_idx').on(t.entityType, t.entityId)],
);

/** Candidate pairs a person must decide; decisions are kept and replayed on every rebuild. */
export const matchReviews = pgTable(
  'match_reviews',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    connector: varchar('connector', { length: 64 }).notNull(),
    sourceKey: text('source_key').notNull(),
    candidateId: bigint('candidate_id', { mode: 'number' }).notNull(),
    score: real('score').notNull(),
    evidence: jsonb('evidence')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    /** PENDING | MERGE | KEEP_APART */
    decision: varchar('decision', { length: 16 }).notNull().default('PENDING'),
    decidedBy: text('decided_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('match_reviews_pair_uq').on(t.connector, t.sourceKey, t.candidateId),
    index('match_reviews_pending_idx').on(t.decision),
  ],
);

/** 六同步: registered, charter approved, annual report filed, spot check, grade evaluation, training. */
export const lifecycleEvents = pgTable(
  'lifecycle_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: bigint('organization_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    kind: varchar('kind', { length: 32 }).notNull(),
    occurredOn: date('occurred_on', { mode: 'string' }),
    detail: jsonb('detail')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    source: varchar('source', { length: 64 }).notNull(),
    sourceKey: text('source_key').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('lifecycle_events_uq').on(t.organizationId, t.kind, t.occurredOn, t.source, t.sourceKey)],
);

/**
 * Organizations whose statements changed and whose projection (and, later, derived facts)
 * must be rebuilt. Filled in the same transaction as the statements; drained in chunks at
 * the end of a run (or by a derive job), so a crash between the two loses nothing.
 */
export const projectionQueue = pgTable('projection_queue', {
  entityId: bigint('entity_id', { mode: 'number' }).primaryKey(),
  /** The organization was created by the run that queued it (its change event says CREATED). */
  created: boolean('created').notNull().default(false),
  cause: text('cause').notNull(),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * Organizations projected but not yet derived: `hub ingest` projects after each connector
 * (later connectors resolve against the projected keys) and derives once at the end, so an
 * organization that six connectors touch is evaluated once, not six times.
 */
export const deriveQueue = pgTable('derive_queue', {
  entityId: bigint('entity_id', { mode: 'number' }).primaryKey(),
  cause: text('cause').notNull(),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
});
