/** Operations: runs, files seen, cursors, quarantine, the change outbox, webhooks, clients, audit. */
import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  varchar,
} from 'drizzle-orm/pg-core';

export const syncRuns = pgTable(
  'sync_runs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    connector: varchar('connector', { length: 64 }).notNull(),
    /** RUNNING | SUCCEEDED | FAILED | INTERRUPTED */
    status: varchar('status', { length: 16 }).notNull(),
    trigger: varchar('trigger', { length: 16 }).notNull().default('manual'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    rowsRead: integer('rows_read').notNull().default(0),
    rowsAccepted: integer('rows_accepted').notNull().default(0),
    rowsQuarantined: integer('rows_quarantined').notNull().default(0),
    filesProcessed: integer('files_processed').notNull().default(0),
    filesSkipped: integer('files_skipped').notNull().default(0),
    entitiesCreated: integer('entities_created').notNull().default(0),
    entitiesUpdated: integer('entities_updated').notNull().default(0),
    error: text('error'),
    detail: jsonb('detail')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
  },
  (t) => [index('sync_runs_connector_idx').on(t.connector, t.startedAt)],
);

/** A file already processed (same content hash) is skipped. */
/**
 * The as-of date every live organization's stored facts are of, written when a complete
 * derive ends and cleared when facts of another date are stored: "are the stored facts of
 * date D?" is one row, not a scan of the organizations (nor an index every update must touch).
 */
export const factsState = pgTable('facts_state', {
  id: smallint('id').primaryKey().default(1),
  asOf: date('as_of', { mode: 'string' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const processedFiles = pgTable(
  'processed_files',
  {
    connector: varchar('connector', { length: 64 }).notNull(),
    contentHash: varchar('content_hash', { length: 64 }).notNull(),
    fileName: text('file_name').notNull(),
    runId: bigint('run_id', { mode: 'number' }),
    rows: integer('rows').notNull().default(0),
    processedAt: timestamp('processed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connector, t.contentHash] })],
);

/** Resumable cursor per connector (file hash + row, or updatedSince + page). */
export const connectorState = pgTable('connector_state', {
  connector: varchar('connector', { length: 64 }).primaryKey(),
  cursor: jsonb('cursor')
    .$type<Record<string, unknown>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  /** Connector configuration set through the API or CLI (validated by the connector's schema). */
  config: jsonb('config')
    .$type<Record<string, unknown>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  enabled: boolean('enabled').notNull().default(true),
  schedule: text('schedule'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const quarantine = pgTable(
  'quarantine',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    runId: bigint('run_id', { mode: 'number' }),
    connector: varchar('connector', { length: 64 }).notNull(),
    file: text('file').notNull(),
    fileHash: varchar('file_hash', { length: 64 }).notNull().default(''),
    /** 1-based line in the file (0 for a whole-file problem) */
    line: integer('line').notNull(),
    raw: text('raw'),
    reasons: text('reasons').array().notNull(),
    /**
     * A row held for a USCC that fails its check digit: it is released (linked, its statements
     * written) when another source carries the same code for the same name (DOMAIN.md).
     */
    heldKey: varchar('held_key', { length: 18 }),
    heldSource: varchar('held_source', { length: 128 }),
    heldName: text('held_name'),
    record: jsonb('record').$type<Record<string, unknown>>(),
    releasedAt: timestamp('released_at', { withTimezone: true }),
    releasedTo: bigint('released_to', { mode: 'number' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('quarantine_row_uq').on(t.connector, t.fileHash, t.line),
    index('quarantine_run_idx').on(t.runId),
    index('quarantine_held_idx').on(t.heldKey),
  ],
);

/**
 * The outbox: written in the same transaction as the change. `seq` is the insertion order;
 * `position` is the feed's order, given by the sequencer (src/feed/sequencer.ts) once the
 * row is committed, so a reader that has seen position N has seen everything before it.
 */
export const changeEvents = pgTable(
  'change_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    /** Commit order, assigned after commit; null until then. */
    position: bigint('position', { mode: 'number' }),
    entityType: varchar('entity_type', { length: 24 }).notNull(),
    entityId: bigint('entity_id', { mode: 'number' }).notNull(),
    /** CREATED | UPDATED | MERGED | DELETED */
    kind: varchar('kind', { length: 16 }).notNull(),
    changes: jsonb('changes')
      .$type<Record<string, { old: unknown; new: unknown }>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    divisionCode: varchar('division_code', { length: 12 }),
    orgKind: varchar('org_kind', { length: 32 }),
    /** The organization the event is about or belongs to (an assignment's, a member's employer). */
    organizationId: bigint('organization_id', { mode: 'number' }),
    cause: text('cause'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('change_events_entity_idx').on(t.entityType, t.entityId),
    index('change_events_division_idx').on(t.divisionCode.op('varchar_pattern_ops')),
    uniqueIndex('change_events_position_uq').on(t.position),
    index('change_events_unsequenced_idx')
      .on(t.seq)
      .where(sql`position is null`),
    index('change_events_organization_idx').on(t.organizationId, t.position),
  ],
);

export const apiClients = pgTable(
  'api_clients',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    departmentCode: varchar('department_code', { length: 32 }),
    /** ADMIN | ANALYST | DEPARTMENT | PARTNER */
    role: varchar('role', { length: 16 }).notNull(),
    divisions: text('divisions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    permissions: text('permissions')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    keyPrefix: varchar('key_prefix', { length: 16 }).notNull(),
    keyHash: varchar('key_hash', { length: 128 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    /** Requests a minute (HUB_RATE_LIMIT_PER_MINUTE when null). */
    rateLimitPerMinute: integer('rate_limit_per_minute'),
  },
  (t) => [uniqueIndex('api_clients_key_hash_uq').on(t.keyHash), index('api_clients_key_prefix_idx').on(t.keyPrefix)],
);

/** A department's webhook: the events its filter selects, POSTed in feed order. */
export const webhooks = pgTable('webhooks', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  clientId: bigint('client_id', { mode: 'number' }).references(() => apiClients.id),
  departmentCode: varchar('department_code', { length: 32 }),
  name: text('name').notNull().default(''),
  url: text('url').notNull(),
  /** Sealed like personal data: the hub needs the secret itself to sign. */
  secretEnc: text('secret_enc').notNull(),
  filter: jsonb('filter')
    .$type<Record<string, unknown>>()
    .notNull()
    .default(sql`'{}'::jsonb`),
  active: boolean('active').notNull().default(true),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  maxFailures: integer('max_failures').notNull().default(20),
  /** Events per POST. */
  batchSize: integer('batch_size').notNull().default(100),
  /** Feed position up to which the webhook has been served (delivered, or not selected by its filter). */
  deliveredPosition: bigint('delivered_position', { mode: 'number' }).notNull().default(0),
  disabledReason: text('disabled_reason'),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** One POST attempt: which events, how it went. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    webhookId: bigint('webhook_id', { mode: 'number' })
      .notNull()
      .references(() => webhooks.id, { onDelete: 'cascade' }),
    firstPosition: bigint('first_position', { mode: 'number' }).notNull().default(0),
    lastPosition: bigint('last_position', { mode: 'number' }).notNull().default(0),
    events: integer('events').notNull().default(0),
    attempt: integer('attempt').notNull(),
    /** SUCCEEDED | FAILED */
    status: varchar('status', { length: 16 }).notNull(),
    responseCode: integer('response_code'),
    error: text('error'),
    durationMs: integer('duration_ms'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('webhook_deliveries_hook_idx').on(t.webhookId, t.id)],
);

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    clientId: bigint('client_id', { mode: 'number' }),
    actor: text('actor').notNull(),
    action: varchar('action', { length: 48 }).notNull(),
    entityType: varchar('entity_type', { length: 24 }),
    entityId: bigint('entity_id', { mode: 'number' }),
    fields: text('fields')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    detail: jsonb('detail')
      .$type<Record<string, unknown>>()
      .notNull()
      .default(sql`'{}'::jsonb`),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('audit_log_at_idx').on(t.at), index('audit_log_client_idx').on(t.clientId, t.id)],
);
