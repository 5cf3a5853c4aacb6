/**
 * A city made set-based in SQL, shaped like what the connectors write: organizations with
 * registrar types and status, 18 months of tax state, income-tax and insured counts, two annual
 * reports, inspections of social organizations, Party bodies, members and guidance officers.
 * Used by the rules benchmark (derive at scale) and the API benchmark (a city to query).
 */
import type { Database, Queryable } from '../../src/db/client.js';

export const CITY = '1503';

/** A deterministic uniform number in [0, 1) from a bigint SQL expression and a salt. */
export const u = (expr: string, salt: number) => `((hashint8extended((${expr})::bigint, ${salt}) & 2147483647)::float8 / 2147483648)`;
/** A 12-digit community code under one of the townships in `$towns` (skewed to the first ones). */
export const communityOf = (expr: string, towns: string) =>
  `left((${towns})[1 + floor(power(${u(expr, 101)}, 1.3) * array_length(${towns}, 1))::int], 9) || lpad((1 + floor(${u(expr, 102)} * 15))::int::text, 3, '0')`;

/**
 * Drops the indexes of `table` (and its primary key when `primaryKey`), runs `load`, then
 * builds them again from their own definitions: a sorted build of millions of rows is far
 * faster than maintaining random-order b-trees row by row.
 */
export async function withIndexesRebuilt(db: Database, table: string, primaryKey: boolean, load: () => Promise<void>): Promise<void> {
  const indexes = await db.query<{ name: string; def: string; constraintName: string | null; constraintDef: string | null }>(
    `select i.relname as name, pg_get_indexdef(i.oid) as def, c.conname as "constraintName", pg_get_constraintdef(c.oid) as "constraintDef"
     from pg_index x join pg_class i on i.oid = x.indexrelid
     left join pg_constraint c on c.conindid = x.indexrelid and c.conrelid = x.indrelid
     where x.indrelid = $1::regclass and (not x.indisprimary or $2::boolean)`,
    [table, primaryKey],
  );
  for (const ix of indexes)
    await db.query(ix.constraintName ? `alter table ${table} drop constraint ${ix.constraintName}` : `drop index ${ix.name}`);
  await load();
  await db.transaction(async (tx) => {
    await tx.query(`set local maintenance_work_mem = '1GB'`);
    for (const ix of indexes)
      await tx.query(ix.constraintName ? `alter table ${table} add constraint ${ix.constraintName} ${ix.constraintDef}` : ix.def);
  });
}

export async function towns(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ code: string }>(`select code from regions where code like $1 || '%' and level >= 4 order by code`, [CITY]);
  if (rows.length === 0) throw new Error(`no townships under ${CITY} in regions`);
  return rows.map((r) => r.code);
}

export async function makeCity(db: Database, orgs: number, log: (m: string) => void = () => {}): Promise<Record<string, number>> {
  const timed = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    const value = await fn();
    log(`${what}: ${((performance.now() - t) / 1000).toFixed(1)} s`);
    return value;
  };
  const t = await towns(db);
  // Per organization: social (12%), individual business (30% of enterprises), state-owned (3%),
  // registration status, headcount 1..99 (half ≥ 10), which sources know it, first month.
  await db.query(
    `insert into organizations (id, uscc, name, kind, social_org_type, enterprise_type, registration_status, division_code, county_code,
                                business_address, legal_representative)
     select g, prefix || substr(div, 1, 6) || lpad(g::text, 9, '0') || '0', name, kind, social_type, etype, status, div, substr(div, 1, 6),
            '内蒙古自治区乌海市滨河路' || (g % 400) || '号', '法人' || (g % 9973)
     from (select g, ${communityOf('g', '$2::text[]')} as div,
                  case when ${u('g', 1)} < 0.12 then '51' when ${u('g', 2)} < 0.30 then '92' else '91' end as prefix,
                  case when ${u('g', 1)} < 0.12 then 'SOCIAL_ORGANIZATION' when ${u('g', 2)} < 0.30 then 'INDIVIDUAL_BUSINESS' else 'ENTERPRISE' end as kind,
                  case when ${u('g', 1)} < 0.12 then 'ASSOCIATION' end as social_type,
                  case when ${u('g', 1)} < 0.12 then null when ${u('g', 2)} < 0.30 then '个体工商户'
                       when ${u('g', 3)} < 0.03 then '有限责任公司(国有独资)' when ${u('g', 3)} < 0.60 then '有限责任公司(自然人投资或控股)'
                       when ${u('g', 3)} < 0.85 then '有限责任公司(自然人独资)' else '股份有限公司(非上市、自然人投资或控股)' end as etype,
                  case when ${u('g', 4)} < 0.90 then '存续' when ${u('g', 4)} < 0.96 then '注销' else '吊销，未注销' end as status,
                  '乌海市测试' || g || '有限公司' as name
           from generate_series(1, $1::int) g) o`,
    [orgs, t],
  );
  await db.query(`select setval('organizations_id_seq', $1)`, [orgs]);

  // What each statement insert reads: the organization and its hashed attributes.
  const org = `(select id, 'uscc:' || uscc as sk, kind = 'SOCIAL_ORGANIZATION' as social, registration_status as status,
                       enterprise_type as etype, business_address as addr,
                       floor(exp(${u('id', 6)} * 4.6))::int as h,
                       ${u('id', 7)} < 0.85 as has_tax, ${u('id', 8)} < case when kind = 'INDIVIDUAL_BUSINESS' then 0.1 else 0.65 end as has_ss,
                       kind = 'ENTERPRISE' and ${u('id', 9)} < 0.8 as has_ar, ${u('id', 10)} < 0.08 as bad_tax,
                       ${u('id', 11)} < 0.9 as has_addr, ${u('id', 12)} < 0.92 as operating,
                       case when ${u('id', 13)} < 0.8 then 0 else floor(${u('id', 14)} * 17)::int end as first_month
                from organizations)`;
  const insert = (select: string) =>
    db.query(
      `insert into statements (id, entity_type, entity_id, property, value, source, source_key, period)
       select md5(s.source || chr(1) || s.sk || chr(1) || s.property || chr(1) || s.period || chr(1) || s.value)::uuid,
              'organization', s.entity_id, s.property, s.value, s.source, s.sk, s.period
       from (${select}) s(source, sk, entity_id, property, value, period)`,
    );
  const months = `(select m, to_char(date '2025-05-01' + make_interval(months => m), 'YYYY-MM') as month from generate_series(0, 17) m) ms`;
  await withIndexesRebuilt(db, 'statements', true, async () => {
    await timed('statements: business registration', () =>
      insert(`select 'business-registration' as source, o.sk, o.id as entity_id, p.property, p.value, '' as period
              from ${org} o, lateral (values ('name', '乌海市测试' || o.id || '有限公司'), ('enterprise_type', o.etype),
                                             ('registration_status', o.status)) p(property, value)
              where not o.social`),
    );
    await timed('statements: annual reports', () =>
      insert(`select 'business-registration' as source, o.sk, o.id, p.property, p.value, y::text
              from ${org} o, generate_series(2024, 2025) y,
                   lateral (values ('ar_filed', 'yes'), ('ar_employees', greatest(1, o.h - (2025 - y))::text),
                                   ('ar_operating_state', case when o.operating then '开业' else '歇业' end),
                                   ('business_address', case when o.has_addr then o.addr else '' end)) p(property, value)
              where o.has_ar`),
    );
    await timed('statements: civil affairs', () =>
      insert(`select 'civil-affairs' as source, o.sk, o.id, p.property, p.value, p.period
              from ${org} o, lateral (values ('name', '乌海市测试' || o.id || '协会', ''), ('social_org_type', '社会团体', ''),
                                             ('registration_status', '正常', ''),
                                             ('inspection_result', case when ${u('o.id * 4 + 1', 15)} < 0.85 then '合格' when ${u('o.id * 4 + 1', 15)} < 0.92 then '基本合格' else '不合格' end, '2023'),
                                             ('inspection_result', case when ${u('o.id * 4 + 2', 15)} < 0.85 then '合格' when ${u('o.id * 4 + 2', 15)} < 0.90 then '基本合格' else '未参检' end, '2024'),
                                             ('inspection_result', case when ${u('o.id * 4 + 3', 15)} < 0.80 then '合格' when ${u('o.id * 4 + 3', 15)} < 0.88 then '基本合格' else '不合格' end, '2025'))
                                     p(property, value, period)
              where o.social`),
    );
    // One file per month, as the tax office sends them: month-major order on disk.
    await timed('statements: tax', () =>
      insert(`select 'tax' as source, o.sk, o.id, p.property, p.value, ms.month
              from ${months} cross join ${org} o,
                   lateral (values ('tax_state', case when o.status = '注销' and ms.m >= 6 then '注销' when o.bad_tax and ms.m >= 10 then '非正常' else '正常' end),
                                   ('iit_withheld', greatest(0, o.h + (hashint8extended(o.id * 32 + ms.m, 21) & 3) - 2)::text),
                                   ('business_address', case when o.has_addr then o.addr else '' end)) p(property, value)
              where o.has_tax and not o.social and ms.m >= o.first_month
              union all
              select 'tax', o.sk, o.id, 'name', '乌海市测试' || o.id || '有限公司', '' from ${org} o where o.has_tax and not o.social`),
    );
    await timed('statements: social security', () =>
      insert(`select 'social-security' as source, o.sk, o.id, 'insured', greatest(0, round(o.h * 0.9)::int + (hashint8extended(o.id * 32 + ms.m, 22) & 3) - 2)::text, ms.month
              from ${months} cross join ${org} o
              where o.has_ss and ms.m >= o.first_month
              union all
              select 'social-security', o.sk, o.id, 'name', '乌海市测试' || o.id || '有限公司', '' from ${org} o where o.has_ss`),
    );
    log('statements: building the indexes');
  });

  // Party bodies (a fifth of them joint, covering four units), members mostly where a body is,
  // guidance officers with a few thousand assignments.
  const bodies = Math.round(orgs / 50);
  await db.query(
    `insert into party_bodies (id, body_code, name, kind, formation, founded_on, dissolved_on, division_code, source)
     select i, 'BENCH' || lpad(i::text, 8, '0'), '中共乌海市测试第' || i || '支部委员会',
            case when i % 40 = 0 then 'GENERAL_BRANCH' when i % 5 = 0 then 'JOINT_BRANCH' else 'BRANCH' end,
            case when i % 5 = 0 then 'JOINT' else 'STANDALONE' end,
            date '2012-01-01' + (i % 5000), case when i % 97 = 0 then date '2026-03-31' end, ${communityOf('i', '$2::text[]')}, 'party-organization'
     from generate_series(1, $1::int) i`,
    [bodies, await towns(db)],
  );
  await db.query(`select setval('party_bodies_id_seq', $1)`, [bodies]);
  await db.query(
    `insert into party_body_coverage (body_id, covered_key, organization_id)
     select b.id, 'uscc:' || o.uscc, o.id
     from party_bodies b, generate_series(0, 3) k, organizations o
     where (k = 0 or b.formation = 'JOINT') and o.id = 1 + floor(${u('b.id * 4 + k', 31)} * $1)::int
     on conflict do nothing`,
    [orgs],
  );
  await db.query(
    `insert into members (id_number_hash, id_number_enc, id_number_masked, name, kind, joined_on, body_code, body_id, employer_key, employer_id,
                          relation_held_at, is_mobile, source)
     select md5('member' || i), 'bench', '150302********' || lpad((i % 10000)::text, 4, '0'), '党员' || i,
            case when i % 12 = 0 then 'PROBATIONARY' else 'FORMAL' end, date '2000-01-01' + (i % 9000),
            c.body_code, c.body_id, 'uscc:' || o.uscc, o.id,
            case when i % 7 = 0 then '人才服务中心' when i % 11 = 0 then '社区' else '本单位' end, i % 23 = 0, 'party-organization'
     from generate_series(1, $1::int) i
     cross join (select array_agg(organization_id order by organization_id) as covered from party_body_coverage) cov
     join organizations o on o.id = case when ${u('i', 41)} < 0.8 then cov.covered[1 + floor(${u('i', 42)} * array_length(cov.covered, 1))::int]
                                         else 1 + floor(${u('i', 43)} * $2)::int end
     left join lateral (select pc.body_id, b.body_code from party_body_coverage pc join party_bodies b on b.id = pc.body_id
                        where pc.organization_id = o.id limit 1) c on true`,
    [Math.round(orgs / 5), orgs],
  );
  const officers = Math.max(10, Math.round(orgs / 700));
  await db.query(
    `insert into guidance_officers (id, name, officer_key, sent_by, source)
     select i, '指导员' || i, '指导员' || i || '|' || md5('phone' || i), '组织部', 'guidance' from generate_series(1, $1::int) i`,
    [officers],
  );
  await db.query(`select setval('guidance_officers_id_seq', $1)`, [officers]);
  await db.query(
    `insert into guidance_assignments (officer_id, guided_key, organization_id, assigned_on, withdrawn_on)
     select 1 + i % $2, 'uscc:' || o.uscc, o.id, date '2024-01-01' + (i % 700), case when i % 20 = 0 then date '2026-06-30' end
     from generate_series(1, $1::int) i join organizations o on o.id = 1 + floor(${u('i', 51)} * $3)::int
     on conflict do nothing`,
    [Math.round(orgs / 40), officers, orgs],
  );
  // The column as the projection writes it (the statements keep the registrar's words).
  await db.query(
    `update organizations set registration_status = case when registration_status like '存续%' then 'ACTIVE'
       when registration_status like '吊销%' then 'REVOKED' when registration_status like '注销%' then 'DEREGISTERED' else 'OTHER' end`,
  );
  await db.query(`vacuum analyze`);
  return cityCounts(db);
}

/** What a city holds: organizations, statements (and their size), bodies, coverage, members, assignments. */
export async function cityCounts(db: Queryable): Promise<Record<string, number>> {
  const [counts] = await db.query<Record<string, number>>(
    `select (select count(*)::int from organizations) as organizations, (select count(*)::int from statements) as statements,
            (select count(*)::int from party_bodies) as bodies, (select count(*)::int from party_body_coverage) as coverage,
            (select count(*)::int from members) as members, (select count(*)::int from guidance_assignments) as assignments,
            (select pg_total_relation_size('statements')::float8) as "statementBytes"`,
  );
  return counts!;
}
