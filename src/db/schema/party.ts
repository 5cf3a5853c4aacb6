/**
 * Party bodies (党组织) and what they cover, members (党员), guidance officers (党建工作指导员),
 * mass organizations (群团组织). Personal data is stored encrypted with a keyed hash for lookup.
 */
import { bigint, bigserial, boolean, date, index, pgTable, primaryKey, text, timestamp, uniqueIndex, varchar } from 'drizzle-orm/pg-core';
import { departments } from './reference.js';
import { organizations } from './organizations.js';

export const partyBodies = pgTable(
  'party_bodies',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** 党组织编码: stable id in the party member information system */
    bodyCode: varchar('body_code', { length: 32 }).notNull(),
    name: text('name').notNull(),
    /** COMMITTEE | GENERAL_BRANCH | BRANCH | JOINT_BRANCH | TEMPORARY_BRANCH | FUNCTIONAL */
    kind: varchar('kind', { length: 24 }).notNull(),
    /** STANDALONE | JOINT | INDUSTRY */
    formation: varchar('formation', { length: 16 }),
    parentCode: varchar('parent_code', { length: 32 }),
    parentId: bigint('parent_id', { mode: 'number' }),
    foundedOn: date('founded_on', { mode: 'string' }),
    divisionCode: varchar('division_code', { length: 12 }),
    /** 行业党委 set up in a department */
    isIndustryCommittee: boolean('is_industry_committee').notNull().default(false),
    departmentCode: varchar('department_code', { length: 32 }).references(() => departments.code),
    source: varchar('source', { length: 64 }).notNull(),
    dissolvedOn: date('dissolved_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('party_bodies_code_uq').on(t.bodyCode),
    index('party_bodies_parent_idx').on(t.parentId),
    index('party_bodies_division_idx').on(t.divisionCode.op('varchar_pattern_ops')),
  ],
);

/** The units a body covers; a joint body covers several. `coveredUscc` keeps what the source said. */
export const partyBodyCoverage = pgTable(
  'party_body_coverage',
  {
    bodyId: bigint('body_id', { mode: 'number' })
      .notNull()
      .references(() => partyBodies.id, { onDelete: 'cascade' }),
    coveredKey: varchar('covered_key', { length: 64 }).notNull(),
    organizationId: bigint('organization_id', { mode: 'number' }).references(() => organizations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.bodyId, t.coveredKey] }), index('party_body_coverage_org_idx').on(t.organizationId)],
);

export const members = pgTable(
  'members',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** HMAC of the normalized resident id: exact lookup without decrypting */
    idNumberHash: varchar('id_number_hash', { length: 64 }).notNull(),
    idNumberEnc: text('id_number_enc').notNull(),
    idNumberMasked: varchar('id_number_masked', { length: 18 }).notNull(),
    name: text('name').notNull(),
    gender: varchar('gender', { length: 8 }),
    /** FORMAL (正式党员) | PROBATIONARY (预备党员) */
    kind: varchar('kind', { length: 16 }),
    joinedOn: date('joined_on', { mode: 'string' }),
    bodyCode: varchar('body_code', { length: 32 }),
    bodyId: bigint('body_id', { mode: 'number' }).references(() => partyBodies.id),
    employerKey: varchar('employer_key', { length: 64 }),
    employerName: text('employer_name'),
    employerId: bigint('employer_id', { mode: 'number' }).references(() => organizations.id),
    /** 组织关系所在: 本单位 / 人才服务中心 / 社区 / 原单位 / 其他 */
    relationHeldAt: text('relation_held_at'),
    isMobile: boolean('is_mobile'),
    source: varchar('source', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_id_hash_uq').on(t.idNumberHash),
    index('members_employer_idx').on(t.employerId),
    index('members_body_idx').on(t.bodyId),
  ],
);

export const guidanceOfficers = pgTable(
  'guidance_officers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    name: text('name').notNull(),
    /** Identity within the source: name + phone hash (phones are personal data). */
    officerKey: varchar('officer_key', { length: 96 }).notNull(),
    phoneHash: varchar('phone_hash', { length: 64 }),
    phoneEnc: text('phone_enc'),
    phoneMasked: varchar('phone_masked', { length: 24 }),
    sentBy: text('sent_by'),
    sentByCode: varchar('sent_by_code', { length: 32 }).references(() => departments.code),
    source: varchar('source', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('guidance_officers_key_uq').on(t.officerKey)],
);

export const guidanceAssignments = pgTable(
  'guidance_assignments',
  {
    /** The assignment's own id (change events name it); the key stays officer + guided unit. */
    id: bigserial('id', { mode: 'number' }).notNull(),
    officerId: bigint('officer_id', { mode: 'number' })
      .notNull()
      .references(() => guidanceOfficers.id, { onDelete: 'cascade' }),
    guidedKey: varchar('guided_key', { length: 64 }).notNull(),
    organizationId: bigint('organization_id', { mode: 'number' }).references(() => organizations.id),
    assignedOn: date('assigned_on', { mode: 'string' }),
    withdrawnOn: date('withdrawn_on', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.officerId, t.guidedKey] }),
    index('guidance_assignments_org_idx').on(t.organizationId),
    uniqueIndex('guidance_assignments_id_uq').on(t.id),
  ],
);

/** 群团组织: 工会 TRADE_UNION, 共青团 YOUTH_LEAGUE, 妇联 WOMENS_FEDERATION */
export const massOrganizations = pgTable(
  'mass_organizations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    organizationId: bigint('organization_id', { mode: 'number' })
      .notNull()
      .references(() => organizations.id),
    kind: varchar('kind', { length: 24 }).notNull(),
    name: text('name'),
    foundedOn: date('founded_on', { mode: 'string' }),
    source: varchar('source', { length: 64 }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('mass_organizations_uq').on(t.organizationId, t.kind)],
);
