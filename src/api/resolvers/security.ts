/** Who is asking (`viewer`) and the audit log (`auditLog`, for ADMIN or a client with audit:read). */
import { Conditions } from '../../db/sql.js';
import type { ApiContext } from '../context.js';
import { badInput, parseId } from '../errors.js';
import { decodeCursor, pageSize, toConnection } from '../pagination.js';

interface AuditFilter {
  clientId?: string | null;
  action?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  from?: string | null;
  to?: string | null;
}

interface AuditRow {
  id: number;
  at: string;
  clientId: number | null;
  actor: string;
  action: string;
  entityType: string | null;
  entityId: number | null;
  fields: string[];
  detail: Record<string, unknown>;
}

const isoInstant = (field: string, v: string) => {
  if (Number.isNaN(Date.parse(v))) throw badInput(field, 'expected an ISO 8601 time');
  return v;
};

export const securityResolvers = {
  Query: {
    viewer: (_: unknown, __: unknown, ctx: ApiContext) => {
      const p = ctx.access.principal;
      return {
        clientId: String(p.clientId),
        name: p.name,
        role: p.role,
        departmentCode: p.departmentCode,
        divisions: p.divisions,
        permissions: [...p.permissions].sort(),
        unrestricted: ctx.access.unrestricted,
      };
    },
    async auditLog(_: unknown, args: { filter?: AuditFilter | null; first?: number | null; after?: string | null }, ctx: ApiContext) {
      const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
      const after = decodeCursor(args.after);
      const f = args.filter;
      const c = new Conditions();
      if (f?.clientId != null) c.add((p) => `client_id = ${p}`, parseId('filter.clientId', f.clientId));
      if (f?.action) c.add((p) => `starts_with(action, ${p})`, f.action);
      if (f?.entityType) c.add((p) => `entity_type = ${p}`, f.entityType);
      if (f?.entityId != null) c.add((p) => `entity_id = ${p}`, parseId('filter.entityId', f.entityId));
      if (f?.from) c.add((p) => `at >= ${p}::timestamptz`, isoInstant('filter.from', f.from));
      if (f?.to) c.add((p) => `at < ${p}::timestamptz`, isoInstant('filter.to', f.to));
      const where = c.where();
      const n = c.params.length;
      const rows = await ctx.db.query<AuditRow>(
        `select id, at, client_id as "clientId", actor, action, entity_type as "entityType", entity_id as "entityId", fields, detail
         from audit_log where ${where} and ($${n + 1}::bigint is null or id < $${n + 1}) order by id desc limit $${n + 2}`,
        [...c.params, after, first + 1],
      );
      return toConnection(
        rows.map((r) => ({ ...r, id: String(r.id), clientId: r.clientId === null ? null : String(r.clientId) })),
        first,
        (r) => Number(r.id),
        after,
        async () => (await ctx.db.query<{ n: number }>(`select count(*)::int as n from audit_log where ${where}`, c.params))[0]?.n ?? 0,
      );
    },
  },
};
