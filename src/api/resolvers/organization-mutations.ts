/**
 * What officials change on an organization. Values an official sets are statements of the
 * source `manual` (first in survivorship), so provenance shows them and later runs keep them.
 */
import type { Queryable } from '../../db/client.js';
import type { Access } from '../../security/access.js';
import { writeChangeEvents } from '../../feed/outbox.js';
import { statementId } from '../../ingest/write/statements.js';
import { parseDate } from '../../domain/date.js';
import type { ApiContext } from '../context.js';
import { badInput, notFound, parseId } from '../errors.js';
import { mutate } from '../mutate.js';

export const MANUAL_SOURCE = 'manual';

interface OrgHead {
  id: number;
  division_code: string | null;
  kind: string | null;
  supervising_department_code: string | null;
  zone_id: number | null;
}

/** The organization, locked; NOT_FOUND when unknown, merged away or outside the client's scope. */
async function organizationFor(tx: Queryable, access: Access, field: string, id: string): Promise<OrgHead> {
  const [row] = await tx.query<OrgHead>(
    `select o.id, o.division_code, o.kind, o.supervising_department_code, o.zone_id from organizations o
     where o.id = $1 and o.merged_into_id is null and ${access.organizations('o')} for update`,
    [parseId(field, id)],
  );
  if (!row) throw notFound(`organization ${id}`, field);
  return row;
}

/** A manual statement; the same value set again only moves `last_seen` (the latest one wins). */
async function writeManualStatement(tx: Queryable, orgId: number, property: string, value: string): Promise<void> {
  const sourceKey = `organization:${orgId}`;
  await tx.query(
    `insert into statements (id, entity_type, entity_id, property, value, source, source_key, period)
     values ($1, 'organization', $2, $3, $4, $5, $6, '')
     on conflict (id) do update set last_seen = now()`,
    [statementId({ source: MANUAL_SOURCE, sourceKey, property, period: '', value }), orgId, property, value, MANUAL_SOURCE, sourceKey],
  );
}

const reload = (ctx: ApiContext, id: number) => ctx.loaders.organizationById.clear(id).load(id);

export const organizationMutations = {
  async setSupervisingDepartment(_: unknown, args: { organizationId: string; departmentCode?: string | null }, ctx: ApiContext) {
    const id = await mutate(ctx, 'setSupervisingDepartment', async (m) => {
      const org = await organizationFor(m.tx, m.access, 'organizationId', args.organizationId);
      if (args.departmentCode == null) {
        // Clearing the official's choice: the sources decide again.
        await m.tx.query(
          `delete from statements where entity_type = 'organization' and entity_id = $1 and property = 'supervisor' and source = $2`,
          [org.id, MANUAL_SOURCE],
        );
      } else {
        const [dept] = await m.tx.query<{ name: string }>(`select name from departments where code = $1`, [args.departmentCode]);
        if (!dept) throw badInput('departmentCode', `no department "${args.departmentCode}" (see the departments query)`);
        // The projection matches the supervisor by name, as it does for the sources' names.
        await writeManualStatement(m.tx, org.id, 'supervisor', dept.name);
      }
      m.project([org.id]);
      return org.id;
    });
    return reload(ctx, id);
  },

  async setZone(_: unknown, args: { organizationId: string; zoneId?: string | null }, ctx: ApiContext) {
    const id = await mutate(ctx, 'setZone', async (m) => {
      const org = await organizationFor(m.tx, m.access, 'organizationId', args.organizationId);
      const zoneId = args.zoneId == null ? null : parseId('zoneId', args.zoneId);
      if (zoneId !== null && (await m.tx.query(`select 1 from zones where id = $1`, [zoneId])).length === 0)
        throw notFound(`zone ${zoneId}`);
      // '' means "in no zone": the override holds against the zones' address words too.
      await writeManualStatement(m.tx, org.id, 'zone', zoneId === null ? '' : String(zoneId));
      if (org.zone_id !== zoneId) {
        await m.tx.query(`update organizations set zone_id = $2, updated_at = now() where id = $1`, [org.id, zoneId]);
        await writeChangeEvents(m.tx, [
          {
            entityType: 'organization',
            entityId: org.id,
            kind: 'UPDATED',
            changes: { zone_id: { old: org.zone_id, new: zoneId } },
            divisionCode: org.division_code,
            orgKind: org.kind,
            cause: m.cause,
          },
        ]);
      }
      return org.id;
    });
    return reload(ctx, id);
  },

  async recordLifecycleEvent(
    _: unknown,
    args: { input: { organizationId: string; kind: string; occurredOn: string; detail?: Record<string, unknown> | null } },
    ctx: ApiContext,
  ) {
    const { input } = args;
    if (!parseDate(input.occurredOn).ok) throw badInput('input.occurredOn', 'expected YYYY-MM-DD');
    if (input.detail != null && (typeof input.detail !== 'object' || Array.isArray(input.detail)))
      throw badInput('input.detail', 'must be a JSON object');
    const id = await mutate(ctx, 'recordLifecycleEvent', async (m) => {
      const org = await organizationFor(m.tx, m.access, 'input.organizationId', input.organizationId);
      const [row] = await m.tx.query<{ inserted: boolean }>(
        `insert into lifecycle_events (organization_id, kind, occurred_on, detail, source, source_key)
         values ($1, $2, $3::date, $4::text::jsonb, $5, '')
         on conflict (organization_id, kind, occurred_on, source, source_key) do update set detail = excluded.detail
         returning (xmax = 0) as inserted`,
        [org.id, input.kind, input.occurredOn, JSON.stringify(input.detail ?? {}), MANUAL_SOURCE],
      );
      await writeChangeEvents(m.tx, [
        {
          entityType: 'organization',
          entityId: org.id,
          kind: 'UPDATED',
          changes: {
            lifecycleEvent: {
              old: null,
              new: { kind: input.kind, occurredOn: input.occurredOn, recorded: row?.inserted ? 'new' : 'again' },
            },
          },
          divisionCode: org.division_code,
          orgKind: org.kind,
          cause: m.cause,
        },
      ]);
      // No rule reads lifecycle events today; deriving keeps "a mutation leaves facts current" true when one does.
      m.derive([org.id]);
      return org.id;
    });
    return reload(ctx, id);
  },
};
