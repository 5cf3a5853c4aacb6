/**
 * An organization's timeline, assembled from what the hub already holds — its registration,
 * the annual reports and inspections its sources state, the 六同步 events officials record,
 * the Party bodies that cover it and the officers assigned to it — in one query per request.
 */
import DataLoader from 'dataloader';
import type { Queryable } from '../../db/client.js';

export interface TimelineEntry {
  organizationId: number;
  date: string | null;
  kind: string;
  description: string;
  source: string;
  detail: Record<string, unknown> | null;
}

// Periods are YYYY or YYYY-MM; a timeline date is a day, so a year or month starts it.
const PERIOD_DATE = `case when s.period ~ '^\\d{4}$' then (s.period || '-01-01')::date
                          when s.period ~ '^\\d{4}-\\d{2}$' then (s.period || '-01')::date end`;

const TIMELINE_SQL = `
  select o.id as "organizationId", o.established_on as date, 'REGISTERED' as kind, '成立登记' as description,
         'hub' as source, jsonb_build_object('registrar', o.registrar) as detail
  from organizations o where o.id = any($1::bigint[]) and o.established_on is not null
  union all
  select distinct on (s.entity_id, s.property, s.period) s.entity_id, ${PERIOD_DATE},
         case s.property when 'evaluation_grade' then 'GRADE_EVALUATION' else 'ANNUAL_REPORT' end,
         case s.property when 'ar_filed' then s.period || '年度报告'
                         when 'inspection_result' then s.period || '年度检查：' || s.value
                         else s.period || '评估等级：' || s.value end,
         s.source, jsonb_build_object('period', s.period, 'value', s.value)
  from statements s
  where s.entity_type = 'organization' and s.entity_id = any($1::bigint[])
    and s.property in ('ar_filed', 'inspection_result', 'evaluation_grade') and s.period <> ''
  union all
  select e.organization_id, e.occurred_on, e.kind,
         case e.kind when 'REGISTERED' then '登记' when 'CHARTER_APPROVED' then '章程核准' when 'ANNUAL_REPORT' then '年度报告'
                     when 'SPOT_CHECK' then '抽查' when 'GRADE_EVALUATION' then '等级评估' else '培训' end,
         e.source, e.detail
  from lifecycle_events e where e.organization_id = any($1::bigint[])
  union all
  select c.organization_id, b.founded_on, 'PARTY_BODY_FOUNDED', '成立' || b.name, b.source,
         jsonb_build_object('bodyId', b.id, 'bodyCode', b.body_code, 'kind', b.kind)
  from party_body_coverage c join party_bodies b on b.id = c.body_id
  where c.organization_id = any($1::bigint[])
  union all
  select c.organization_id, b.dissolved_on, 'PARTY_BODY_DISSOLVED', '撤销' || b.name, b.source,
         jsonb_build_object('bodyId', b.id, 'bodyCode', b.body_code, 'kind', b.kind)
  from party_body_coverage c join party_bodies b on b.id = c.body_id
  where c.organization_id = any($1::bigint[]) and b.dissolved_on is not null
  union all
  select a.organization_id, a.assigned_on, 'GUIDANCE_OFFICER_ASSIGNED', '选派党建工作指导员' || g.name, g.source,
         jsonb_build_object('officerId', g.id)
  from guidance_assignments a join guidance_officers g on g.id = a.officer_id
  where a.organization_id = any($1::bigint[])
  union all
  select a.organization_id, a.withdrawn_on, 'GUIDANCE_OFFICER_WITHDRAWN', '撤回党建工作指导员' || g.name, g.source,
         jsonb_build_object('officerId', g.id)
  from guidance_assignments a join guidance_officers g on g.id = a.officer_id
  where a.organization_id = any($1::bigint[]) and a.withdrawn_on is not null`;

export function timelineLoader(db: Queryable): DataLoader<number, TimelineEntry[]> {
  return new DataLoader(async (ids) => {
    const rows = await db.query<TimelineEntry>(`select * from (${TIMELINE_SQL}) t order by date nulls last, kind, description`, [ids]);
    const byId = new Map<number, TimelineEntry[]>();
    for (const r of rows) {
      const id = Number(r.organizationId);
      const list = byId.get(id);
      if (list) list.push(r);
      else byId.set(id, [r]);
    }
    return ids.map((id) => byId.get(id) ?? []);
  });
}
