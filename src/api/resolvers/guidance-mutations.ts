/**
 * assignGuidanceOfficer / withdrawGuidanceOfficer. A new officer is recorded the way the
 * guidance connector records one (normalized phone, sealed with its keyed hash, shown masked,
 * identity name + phone hash), so a later delivery of the same person meets this row.
 *
 * An assignment has no id of its own (officer + guided organization is its key): its change
 * events carry the officer's id and name the organization in `changes.organizationId`.
 */
import type { Queryable } from '../../db/client.js';
import type { Access } from '../../security/access.js';
import { matchDepartment } from '../../domain/departments.js';
import { maskPhone, parsePhone } from '../../domain/phone.js';
import { ASSIGNMENT_EVENTS, withRelationEvents } from '../../ingest/write/relation-events.js';
import type { ApiContext } from '../context.js';
import { badInput, notFound, parseId } from '../errors.js';
import { mutate } from '../mutate.js';
import { forget } from './party-input.js';
import { ASSIGNMENT_COLUMNS, type AssignmentRow } from './party-loaders.js';

interface AssignInput {
  officerId?: string | null;
  name?: string | null;
  phone?: string | null;
  sentBy?: string | null;
  organizationId: string;
  assignedOn: string;
}

interface WithdrawInput {
  officerId: string;
  organizationId: string;
  withdrawnOn: string;
}

interface GuidedOrganization {
  id: number;
  uscc: string | null;
  divisionCode: string | null;
  kind: string | null;
}

async function organizationOf(tx: Queryable, access: Access, raw: string): Promise<GuidedOrganization> {
  const id = parseId('input.organizationId', raw);
  const [o] = await tx.query<GuidedOrganization & { mergedInto: number | null }>(
    `select o.id, o.uscc, o.division_code as "divisionCode", o.kind, o.merged_into_id as "mergedInto" from organizations o
     where o.id = $1 and ${access.organizations('o')}`,
    [id],
  );
  if (!o) throw notFound(`organization ${id}`, 'input.organizationId');
  if (o.mergedInto !== null) throw badInput('input.organizationId', `organization ${id} was merged into ${o.mergedInto}; give that id`);
  return o;
}

async function existingOfficer(tx: Queryable, access: Access, raw: string): Promise<number> {
  const id = parseId('input.officerId', raw);
  const rows = await tx.query<{ id: number }>(`select g.id from guidance_officers g where g.id = $1 and ${access.officers('g')}`, [id]);
  if (rows.length === 0) throw notFound(`guidance officer ${id}`, 'input.officerId');
  return id;
}

/** The officer named by name and phone: the one already recorded with both, or a new one. */
async function officerByNameAndPhone(ctx: ApiContext, tx: Queryable, input: AssignInput): Promise<number> {
  const name = input.name?.trim();
  if (!name) throw badInput('input.name', 'give officerId, or name and phone for a new officer');
  if (input.phone == null) throw badInput('input.phone', 'is needed for a new officer (name and phone identify one)');
  const parsed = parsePhone(input.phone);
  if (!parsed.ok) throw badInput('input.phone', parsed.absent ? 'is empty' : parsed.reason);
  const phone = parsed.value.number;
  const hash = ctx.pii.hash(phone);
  const key = `${name}|${hash}`;
  const sentBy = input.sentBy?.trim() || null;
  const inserted = await tx.query<{ id: number }>(
    `insert into guidance_officers (officer_key, name, phone_hash, phone_enc, phone_masked, sent_by, sent_by_code, source)
     values ($1, $2, $3, $4, $5, $6, $7, 'manual') on conflict (officer_key) do nothing returning id`,
    [key, name, hash, ctx.pii.encrypt(phone), maskPhone(phone), sentBy, sentBy ? (matchDepartment(sentBy)?.code ?? null) : null],
  );
  if (inserted[0]) return inserted[0].id;
  const [found] = await tx.query<{ id: number }>(`select id from guidance_officers where officer_key = $1`, [key]);
  return found!.id;
}

async function assignGuidanceOfficer(_: unknown, { input }: { input: AssignInput }, ctx: ApiContext) {
  const done = await mutate(ctx, 'assignGuidanceOfficer', async (m) => {
    const { tx } = m;
    if (input.officerId != null)
      for (const f of ['name', 'phone', 'sentBy'] as const)
        if (input[f] != null) throw badInput(`input.${f}`, 'describes a new officer: give officerId or a new officer, not both');
    const org = await organizationOf(tx, m.access, input.organizationId);
    const officerId =
      input.officerId != null ? await existingOfficer(tx, m.access, input.officerId) : await officerByNameAndPhone(ctx, tx, input);
    const guidedKey = org.uscc ?? `org:${org.id}`;
    const previous = await tx.query<AssignmentRow>(
      `select ${ASSIGNMENT_COLUMNS} from guidance_assignments a
       where a.officer_id = $1 and (a.organization_id = $2 or a.guided_key = $3) for update`,
      [officerId, org.id, guidedKey],
    );
    const current = previous.find((a) => a.withdrawnOn === null);
    if (current)
      throw badInput(
        'input.organizationId',
        `officer ${officerId} is already assigned to organization ${org.id} since ${current.assignedOn ?? 'an unknown date'}`,
      );
    // The key allows one row per officer and organization: assigning again reopens a withdrawn one.
    const reopened = previous[0];
    const key = reopened?.guidedKey ?? guidedKey;
    await withRelationEvents(tx, ASSIGNMENT_EVENTS, [`${officerId}|${key}`], m.cause, () =>
      reopened
        ? tx.query(
            `update guidance_assignments set assigned_on = $3::date, withdrawn_on = null, organization_id = $4
             where officer_id = $1 and guided_key = $2`,
            [officerId, key, input.assignedOn, org.id],
          )
        : tx.query(
            `insert into guidance_assignments (officer_id, guided_key, organization_id, assigned_on) values ($1, $2, $3, $4::date)`,
            [officerId, key, org.id, input.assignedOn],
          ),
    );
    m.derive([org.id]);
    return { officerId, organizationId: org.id, guidedKey: reopened?.guidedKey ?? guidedKey };
  });
  return freshAssignment(ctx, done);
}

async function withdrawGuidanceOfficer(_: unknown, { input }: { input: WithdrawInput }, ctx: ApiContext) {
  const done = await mutate(ctx, 'withdrawGuidanceOfficer', async (m) => {
    const { tx } = m;
    const officerId = await existingOfficer(tx, m.access, input.officerId);
    const org = await organizationOf(tx, m.access, input.organizationId);
    const rows = await tx.query<AssignmentRow>(
      `select ${ASSIGNMENT_COLUMNS} from guidance_assignments a where a.officer_id = $1 and a.organization_id = $2 for update`,
      [officerId, org.id],
    );
    if (rows.length === 0) throw notFound(`assignment of officer ${officerId} to organization ${org.id}`, 'input.organizationId');
    const open = rows.find((a) => a.withdrawnOn === null);
    if (!open) throw badInput('input.withdrawnOn', `the assignment was already withdrawn on ${rows[0]!.withdrawnOn}`);
    if (open.assignedOn !== null && input.withdrawnOn < open.assignedOn)
      throw badInput('input.withdrawnOn', `${input.withdrawnOn} is before assignedOn ${open.assignedOn}`);
    await withRelationEvents(tx, ASSIGNMENT_EVENTS, [`${officerId}|${open.guidedKey}`], m.cause, () =>
      tx.query(`update guidance_assignments set withdrawn_on = $3::date where officer_id = $1 and guided_key = $2`, [
        officerId,
        open.guidedKey,
        input.withdrawnOn,
      ]),
    );
    m.derive([org.id]);
    return { officerId, organizationId: org.id, guidedKey: open.guidedKey };
  });
  return freshAssignment(ctx, done);
}

async function freshAssignment(ctx: ApiContext, done: { officerId: number; organizationId: number; guidedKey: string }) {
  forget(ctx, { organizations: [done.organizationId], officers: [done.officerId] });
  const all = await ctx.loaders.assignmentsByOfficer.load(done.officerId);
  const row = all.find((a) => a.guidedKey === done.guidedKey);
  if (!row) throw new Error(`assignment of officer ${done.officerId} (${done.guidedKey}) vanished after it was written`);
  return row;
}

export const guidanceMutations = { assignGuidanceOfficer, withdrawGuidanceOfficer };
