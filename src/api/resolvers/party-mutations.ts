/**
 * createPartyBody / updatePartyBody: an official records a body or changes one (dissolving it
 * is setting `dissolvedOn`). The body, what it covers, its change event (read before and
 * after, as for a connector's bodies: ../../ingest/write/relation-events.ts) and the covered
 * organizations' re-derived facts commit together (see ../mutate.ts).
 */
import { GraphQLError } from 'graphql';
import { assignIndustryCommittees } from '../../coverage/industry-committees.js';
import type { Queryable } from '../../db/client.js';
import type { Access } from '../../security/access.js';
import { normalizeCode } from '../../domain/text.js';
import { PARTY_BODY_EVENTS, withRelationEvents } from '../../ingest/write/relation-events.js';
import type { ApiContext } from '../context.js';
import { badInput, notFound, parseId } from '../errors.js';
import { mutate } from '../mutate.js';
import { forget, storableDivision } from './party-input.js';
import { PARTY_BODY_COLUMNS, type PartyBodyRow } from './party-loaders.js';

/** DOMAIN.md: under 3 formal members, a joint branch of at most 5 units; the SDL asks for at least 2. */
const JOINT_BRANCH_UNITS = { min: 2, max: 5 };
const COVERED = 'input.coveredOrganizationIds';

interface BodyFields {
  name?: string | null;
  kind?: string | null;
  formation?: string | null;
  parentId?: string | null;
  foundedOn?: string | null;
  dissolvedOn?: string | null;
  divisionCode?: string | null;
  isIndustryCommittee?: boolean | null;
  departmentCode?: string | null;
  coveredOrganizationIds?: string[] | null;
}

interface CreateInput extends BodyFields {
  bodyCode: string;
  name: string;
  kind: string;
}

interface UpdateInput extends BodyFields {
  id: string;
}

interface CoveredOrganization {
  id: number;
  uscc: string | null;
  divisionCode: string | null;
}

/** The stored state of a body that a mutation compares and writes. */
type BodyState = Pick<
  PartyBodyRow,
  | 'name'
  | 'kind'
  | 'formation'
  | 'parentId'
  | 'parentCode'
  | 'foundedOn'
  | 'dissolvedOn'
  | 'divisionCode'
  | 'isIndustryCommittee'
  | 'departmentCode'
>;

/** Fields whose change is a change of the body (what it covers is compared apart). */
const STATE_FIELDS = [
  'name',
  'kind',
  'formation',
  'parentId',
  'foundedOn',
  'dissolvedOn',
  'divisionCode',
  'isIndustryCommittee',
  'departmentCode',
] as const;

function bodyCodeOf(raw: string): string {
  const code = normalizeCode(raw);
  if (!/^[0-9A-Z][0-9A-Z-]{0,31}$/.test(code))
    throw badInput('input.bodyCode', 'is not a party body code (letters and digits, at most 32)');
  return code;
}

function nameOf(raw: string): string {
  const name = raw.trim();
  if (!name) throw badInput('input.name', 'is empty');
  return name;
}

async function departmentOf(tx: Queryable, access: Access, raw: string): Promise<string> {
  const code = raw.trim().toUpperCase();
  const rows = await tx.query<{ code: string }>(`select code from departments where code = $1`, [code]);
  if (rows.length === 0) throw badInput('input.departmentCode', `"${raw}" is not a department code (see Query.departments)`);
  // A department records bodies in its own department only.
  if (!access.unrestricted && code !== access.principal.departmentCode)
    throw badInput('input.departmentCode', `a ${access.role} client records bodies of its own department only`);
  return code;
}

/** The parent body; for an existing body, one that is neither the body itself nor below it. */
async function parentOf(tx: Queryable, access: Access, raw: string, self: number | null): Promise<{ id: number; bodyCode: string }> {
  const id = parseId('input.parentId', raw);
  const [parent] = await tx.query<{ id: number; bodyCode: string }>(
    `select b.id, b.body_code as "bodyCode" from party_bodies b where b.id = $1 and ${access.partyBodies('b')}`,
    [id],
  );
  if (!parent) throw notFound(`party body ${id}`, 'input.parentId');
  if (self !== null) {
    // `union` (not `union all`) ends the walk even if the stored tree already has a cycle.
    const chain = await tx.query<{ id: number }>(
      `with recursive up(id, parent_id) as (
         select id, parent_id from party_bodies where id = $1
         union select p.id, p.parent_id from party_bodies p join up on p.id = up.parent_id)
       select id from up where id = $2`,
      [id, self],
    );
    if (chain.length > 0)
      throw badInput(
        'input.parentId',
        id === self ? 'a body cannot be its own parent' : `body ${id} is below body ${self}: that would make a cycle`,
      );
  }
  return parent;
}

/** The organizations a body is to cover, in the order given; each id must be a live organization. */
async function coveredOf(tx: Queryable, access: Access, raw: readonly string[]): Promise<CoveredOrganization[]> {
  const ids = raw.map((r, i) => parseId(`${COVERED}[${i}]`, r));
  ids.forEach((id, i) => {
    const j = ids.indexOf(id);
    if (j !== i) throw badInput(`${COVERED}[${i}]`, `repeats ${COVERED}[${j}]`);
  });
  const rows = await tx.query<CoveredOrganization & { mergedInto: number | null }>(
    `select o.id, o.uscc, o.division_code as "divisionCode", o.merged_into_id as "mergedInto" from organizations o
     where o.id = any($1::bigint[]) and ${access.organizations('o')}`,
    [ids],
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id, i) => {
    const o = byId.get(id);
    if (!o) throw notFound(`organization ${id}`, `${COVERED}[${i}]`);
    if (o.mergedInto !== null) throw badInput(`${COVERED}[${i}]`, `organization ${id} was merged into ${o.mergedInto}; give that id`);
    return { id: o.id, uscc: o.uscc, divisionCode: o.divisionCode };
  });
}

function checkJointBranch(kind: string, units: number, field: string): void {
  if (kind !== 'JOINT_BRANCH') return;
  if (units > JOINT_BRANCH_UNITS.max)
    throw badInput(field, `a joint branch covers at most ${JOINT_BRANCH_UNITS.max} organizations, got ${units}`);
  if (units < JOINT_BRANCH_UNITS.min)
    throw badInput(field, `a joint branch covers at least ${JOINT_BRANCH_UNITS.min} organizations, got ${units}`);
}

function checkState(s: BodyState, field: { industry: string; dates: string }): void {
  if (s.isIndustryCommittee && s.kind !== 'COMMITTEE') throw badInput(field.industry, 'an industry committee (行业党委) is a COMMITTEE');
  if (s.foundedOn && s.dissolvedOn && s.dissolvedOn < s.foundedOn)
    throw badInput(field.dates, `${s.dissolvedOn} is before foundedOn ${s.foundedOn}`);
}

/** Coverage rows keep the key a source would give (the USCC), so a later connector delivery meets them. */
async function insertCoverage(tx: Queryable, bodyId: number, covered: readonly CoveredOrganization[]): Promise<void> {
  if (covered.length === 0) return;
  await tx.query(
    `insert into party_body_coverage (body_id, covered_key, organization_id)
     select $1, v.k, v.id from unnest($2::text[], $3::bigint[]) as v(k, id)
     on conflict (body_id, covered_key) do update set organization_id = excluded.organization_id`,
    [bodyId, covered.map((o) => o.uscc ?? `org:${o.id}`), covered.map((o) => o.id)],
  );
}

/** A scoped client may not record a body it could not see afterwards (in another division or department). */
async function mustStayOwn(tx: Queryable, access: Access, bodyId: number): Promise<void> {
  if (access.unrestricted) return;
  const [own] = await tx.query(`select 1 from party_bodies b where b.id = $1 and ${access.ownPartyBodies('b')}`, [bodyId]);
  if (!own) throw badInput('input', `the body would lie outside this client's divisions and department`);
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505';

async function createPartyBody(_: unknown, { input }: { input: CreateInput }, ctx: ApiContext) {
  const done = await mutate(ctx, 'createPartyBody', async (m) => {
    const { tx } = m;
    const bodyCode = bodyCodeOf(input.bodyCode);
    const name = nameOf(input.name);
    const [taken] = await tx.query<{ id: number }>(`select id from party_bodies where body_code = $1`, [bodyCode]);
    if (taken) throw badInput('input.bodyCode', `${bodyCode} is already the code of another party body`);
    const parent = input.parentId == null ? null : await parentOf(tx, m.access, input.parentId, null);
    const departmentCode = input.departmentCode == null ? null : await departmentOf(tx, m.access, input.departmentCode);
    const covered = await coveredOf(tx, m.access, input.coveredOrganizationIds ?? []);
    checkJointBranch(input.kind, covered.length, COVERED);
    const divisionCode =
      input.divisionCode == null
        ? (covered.find((o) => o.divisionCode !== null)?.divisionCode ?? null)
        : (await storableDivision(tx, input.divisionCode, 'input.divisionCode')).code12;
    const state: BodyState = {
      name,
      kind: input.kind,
      formation: input.formation ?? null,
      parentId: parent?.id ?? null,
      parentCode: parent?.bodyCode ?? null,
      foundedOn: input.foundedOn ?? null,
      dissolvedOn: null,
      divisionCode,
      isIndustryCommittee: input.isIndustryCommittee ?? false,
      departmentCode,
    };
    checkState(state, { industry: 'input.isIndustryCommittee', dates: 'input.foundedOn' });
    const id = await withRelationEvents(tx, PARTY_BODY_EVENTS, [bodyCode], m.cause, async () => {
      const bodyId = await insertBody(tx, bodyCode, name, state);
      await insertCoverage(tx, bodyId, covered);
      return bodyId;
    });
    await mustStayOwn(tx, m.access, id);
    // Which industry committee an organization falls under follows the tree and its coverage.
    if (covered.length > 0 && (state.parentId !== null || state.isIndustryCommittee)) await assignIndustryCommittees(tx, m.cause);
    const coveredIds = covered.map((o) => o.id);
    m.derive(coveredIds);
    return { id, parentId: state.parentId, organizations: coveredIds };
  });
  forget(ctx, { bodies: [done.id, done.parentId], organizations: done.organizations });
  return ctx.loaders.partyBodyById.load(done.id);
}

async function insertBody(tx: Queryable, bodyCode: string, name: string, state: BodyState): Promise<number> {
  try {
    const [row] = await tx.query<{ id: number }>(
      `insert into party_bodies (body_code, name, kind, formation, parent_code, parent_id, founded_on, division_code,
                                   is_industry_committee, department_code, source)
         values ($1, $2, $3, $4, $5, $6, $7::date, $8, $9, $10, 'manual') returning id`,
      [
        bodyCode,
        name,
        state.kind,
        state.formation,
        state.parentCode,
        state.parentId,
        state.foundedOn,
        state.divisionCode,
        state.isIndustryCommittee,
        state.departmentCode,
      ],
    );
    return row!.id;
  } catch (err) {
    // A concurrent request took the code between the check and this insert.
    if (isUniqueViolation(err)) throw badInput('input.bodyCode', `${bodyCode} is already the code of another party body`);
    throw err;
  }
}

/** Applies the fields the input carries (absent: unchanged; null: cleared where that is allowed). */
async function nextState(tx: Queryable, access: Access, input: UpdateInput, self: number, current: BodyState): Promise<BodyState> {
  const next: BodyState = { ...current };
  const has = (k: keyof BodyFields) => input[k] !== undefined;
  const required = <T>(k: keyof BodyFields, v: T | null | undefined): T => {
    if (v === null || v === undefined) throw badInput(`input.${k}`, 'cannot be cleared');
    return v;
  };
  if (has('name')) next.name = nameOf(required('name', input.name));
  if (has('kind')) next.kind = required('kind', input.kind);
  if (has('isIndustryCommittee')) next.isIndustryCommittee = required('isIndustryCommittee', input.isIndustryCommittee);
  if (has('formation')) next.formation = input.formation ?? null;
  if (has('foundedOn')) next.foundedOn = input.foundedOn ?? null;
  if (has('dissolvedOn')) next.dissolvedOn = input.dissolvedOn ?? null;
  if (has('parentId')) {
    const parent = input.parentId == null ? null : await parentOf(tx, access, input.parentId, self);
    next.parentId = parent?.id ?? null;
    next.parentCode = parent?.bodyCode ?? null;
  }
  if (has('divisionCode'))
    next.divisionCode = input.divisionCode == null ? null : (await storableDivision(tx, input.divisionCode, 'input.divisionCode')).code12;
  if (has('departmentCode'))
    next.departmentCode = input.departmentCode == null ? null : await departmentOf(tx, access, input.departmentCode);
  checkState(next, {
    industry: has('isIndustryCommittee') ? 'input.isIndustryCommittee' : 'input.kind',
    dates: has('dissolvedOn') ? 'input.dissolvedOn' : 'input.foundedOn',
  });
  return next;
}

async function updatePartyBody(_: unknown, { input }: { input: UpdateInput }, ctx: ApiContext) {
  const id = parseId('input.id', input.id);
  const done = await mutate(ctx, 'updatePartyBody', async (m) => {
    const { tx } = m;
    const [current] = await tx.query<PartyBodyRow>(
      `select ${PARTY_BODY_COLUMNS} from party_bodies b where b.id = $1 and ${m.access.partyBodies('b')} for update`,
      [id],
    );
    if (!current) throw notFound(`party body ${id}`, 'input.id');
    // Seen because it covers one of the client's organizations is not the client's to change.
    const [own] = await tx.query(`select 1 from party_bodies b where b.id = $1 and ${m.access.ownPartyBodies('b')}`, [id]);
    if (!own)
      throw new GraphQLError(`input.id: party body ${id} belongs to another division or department`, {
        extensions: { code: 'FORBIDDEN', field: 'input.id' },
      });
    if (input.coveredOrganizationIds === null) throw badInput(COVERED, 'give [] for a body that covers nothing');
    const next = await nextState(tx, m.access, input, id, current);
    // What the client can see of the coverage: a new list replaces that, and the units of other
    // divisions the body also covers stay as they are.
    const coverage = await tx.query<{ organizationId: number | null }>(
      `select c.organization_id as "organizationId" from party_body_coverage c left join organizations o on o.id = c.organization_id
       where c.body_id = $1 and ${m.access.unrestricted ? 'true' : m.access.organizations('o')}`,
      [id],
    );
    const oldIds = [...new Set(coverage.flatMap((c) => (c.organizationId === null ? [] : [c.organizationId])))].sort((a, b) => a - b);
    const covered = input.coveredOrganizationIds === undefined ? null : await coveredOf(tx, m.access, input.coveredOrganizationIds);
    if (covered !== null) checkJointBranch(next.kind, covered.length, COVERED);
    else if (next.kind !== current.kind) checkJointBranch(next.kind, coverage.length, 'input.kind');

    const changes: Record<string, { old: unknown; new: unknown }> = {};
    for (const f of STATE_FIELDS) if (current[f] !== next[f]) changes[f] = { old: current[f], new: next[f] };
    const newIds = covered === null ? oldIds : covered.map((o) => o.id).sort((a, b) => a - b);
    // Unlinked keys a source listed count too: a full new list drops them.
    const coverageChanged = covered !== null && (covered.length !== coverage.length || newIds.some((v, i) => v !== oldIds[i]));
    if (coverageChanged) changes.coveredOrganizationIds = { old: oldIds, new: newIds };
    if (Object.keys(changes).length === 0) return { parents: [], organizations: [] };

    await withRelationEvents(tx, PARTY_BODY_EVENTS, [current.bodyCode], m.cause, async () => {
      await tx.query(
        `update party_bodies set name = $2, kind = $3, formation = $4, parent_id = $5, parent_code = $6, founded_on = $7::date,
         dissolved_on = $8::date, division_code = $9, is_industry_committee = $10, department_code = $11, updated_at = now()
       where id = $1`,
        [
          id,
          next.name,
          next.kind,
          next.formation,
          next.parentId,
          next.parentCode,
          next.foundedOn,
          next.dissolvedOn,
          next.divisionCode,
          next.isIndustryCommittee,
          next.departmentCode,
        ],
      );
      if (coverageChanged && covered !== null) {
        if (m.access.unrestricted) await tx.query(`delete from party_body_coverage where body_id = $1`, [id]);
        else
          await tx.query(
            `delete from party_body_coverage c using organizations o
             where c.body_id = $1 and o.id = c.organization_id and ${m.access.organizations('o')}`,
            [id],
          );
        await insertCoverage(tx, id, covered);
      }
    });
    await mustStayOwn(tx, m.access, id);
    if (coverageChanged || 'parentId' in changes || 'isIndustryCommittee' in changes) await assignIndustryCommittees(tx, m.cause);
    // Name, kind and dates all reach the covered organizations' facts (their evidence names the body).
    const organizations = [...new Set([...oldIds, ...newIds])];
    m.derive(organizations);
    return { parents: [current.parentId, next.parentId], organizations };
  });
  forget(ctx, { bodies: [id, ...done.parents], organizations: done.organizations });
  const body = await ctx.loaders.partyBodyById.load(id);
  if (!body) throw notFound(`party body ${id}`, 'input.id');
  return body;
}

export const partyBodyMutations = { createPartyBody, updatePartyBody };
