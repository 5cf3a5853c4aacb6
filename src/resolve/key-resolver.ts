/**
 * Resolution by keys, strongest first (see `pickMatch` in ./candidates.ts). What matches
 * nothing is created — except a check-failed USCC, which waits for a second source.
 */
import type { Queryable } from '../db/client.js';
import type { MatchMethod, Resolution, ResolveInput, Resolver } from './resolver.js';
import { coreOrgName } from '../domain/name.js';
import { countyOf, findCandidates, pickMatch } from './candidates.js';
import { DEFAULT_REVIEW_THRESHOLD, proposeReviews } from './reviews.js';

const SCORES: Record<MatchMethod, number> = { LINK: 1, USCC: 1, USCC_FLAGGED: 0.95, ORG_CODE: 0.99, REG_NO: 0.99, NAME: 0.9, NEW: 1 };

export class KeyResolver implements Resolver {
  constructor(
    private readonly homeRegionPrefix = '',
    private readonly reviewThreshold = DEFAULT_REVIEW_THRESHOLD,
  ) {}

  async resolve(tx: Queryable, connector: string, inputs: readonly ResolveInput[]): Promise<Map<string, Resolution>> {
    const out = new Map<string, Resolution>();
    // Records with codes first, so a name-only record of the same batch can meet the
    // organization a coded record has just created.
    const coded = inputs.filter((i) => i.keys.uscc || i.keys.usccCheckFailed || i.keys.orgCode || i.keys.regNo);
    const nameOnly = inputs.filter((i) => !coded.includes(i));
    await this.pass(tx, connector, coded, out);
    await this.pass(tx, connector, nameOnly, out);
    await upsertLinks(tx, connector, out);
    return out;
  }

  private async pass(tx: Queryable, connector: string, inputs: readonly ResolveInput[], out: Map<string, Resolution>): Promise<void> {
    if (inputs.length === 0) return;
    const candidates = await findCandidates(tx, connector, inputs, this.homeRegionPrefix);
    const toCreate: ResolveInput[] = [];
    for (const input of inputs) {
      const match = pickMatch(input, candidates);
      if (match) {
        out.set(input.sourceKey, { resolved: true, entityId: match.id, method: match.method, score: SCORES[match.method], created: false });
      } else if (input.keys.usccCheckFailed && !input.keys.uscc) {
        out.set(input.sourceKey, {
          resolved: false,
          reason: `CHECK_DIGIT: USCC ${input.keys.usccCheckFailed} fails its check digit and no other source carries it`,
        });
      } else {
        toCreate.push(input);
      }
    }
    // A county given by name is created with its code, so later records can meet it by name.
    const made = await createOrganizations(
      tx,
      toCreate.map((i) => ({ ...i, keys: { ...i.keys, countyCode: countyOf(i, candidates) } })),
    );
    for (const [key, id] of made) out.set(key, { resolved: true, entityId: id, method: 'NEW', score: 1, created: true });
    await proposeReviews(
      tx,
      connector,
      toCreate
        .filter((i) => made.has(i.sourceKey))
        .map((input) => ({ input, entityId: made.get(input.sourceKey)!, county: countyOf(input, candidates) })),
      this.reviewThreshold,
    );
  }
}

/**
 * New organizations with their keys; ids are drawn first so each input knows its own. A
 * check-failed USCC becomes the organization's code (flagged) only when corroborated.
 */
export async function createOrganizations(tx: Queryable, inputs: readonly ResolveInput[]): Promise<Map<string, number>> {
  const created = new Map<string, number>();
  if (inputs.length === 0) return created;
  const ids = await tx.query<{ id: number }>(`select nextval('organizations_id_seq')::bigint as id from generate_series(1, $1::int)`, [
    inputs.length,
  ]);
  const rows = await tx.query<{ id: number }>(
    `insert into organizations (id, uscc, uscc_check_failed, org_code, reg_no, name, normalized_name, core_name, county_code)
     select v.id, coalesce(v.uscc, v.uscc_cf), v.uscc is null and v.uscc_cf is not null, v.org_code, v.reg_no, v.name, v.norm, v.core, v.county
     from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
       as v(id, uscc, org_code, reg_no, name, norm, county, uscc_cf, core)
     on conflict (uscc) do nothing
     returning id`,
    [
      ids.map((r) => r.id),
      inputs.map((i) => i.keys.uscc ?? null),
      inputs.map((i) => i.keys.orgCode ?? null),
      inputs.map((i) => i.keys.regNo ?? null),
      inputs.map((i) => i.keys.name ?? null),
      inputs.map((i) => i.keys.normalizedName ?? null),
      inputs.map((i) => i.keys.countyCode ?? null),
      inputs.map((i) => i.keys.usccCheckFailed ?? null),
      inputs.map((i) => (i.keys.normalizedName ? coreOrgName(i.keys.normalizedName) : null)),
    ],
  );
  const inserted = new Set(rows.map((r) => r.id));
  const lost: ResolveInput[] = [];
  inputs.forEach((input, i) => {
    const id = ids[i]!.id;
    if (inserted.has(id)) created.set(input.sourceKey, id);
    else lost.push(input);
  });
  // Another run created the same USCC meanwhile: take its organization.
  if (lost.length > 0) {
    const existing = await tx.query<{ id: number; uscc: string }>(`select id, uscc from organizations where uscc = any($1::text[])`, [
      lost.map((i) => i.keys.uscc ?? i.keys.usccCheckFailed),
    ]);
    const byUscc = new Map(existing.map((r) => [r.uscc, r.id]));
    for (const input of lost) {
      const id = byUscc.get((input.keys.uscc ?? input.keys.usccCheckFailed)!);
      if (id !== undefined) created.set(input.sourceKey, id);
    }
  }
  return created;
}

export async function upsertLinks(tx: Queryable, connector: string, resolutions: ReadonlyMap<string, Resolution>): Promise<void> {
  const keys: string[] = [];
  const ids: number[] = [];
  const methods: string[] = [];
  const scores: number[] = [];
  for (const [key, r] of resolutions) {
    if (!r.resolved || r.method === 'LINK') continue;
    keys.push(key);
    ids.push(r.entityId);
    methods.push(r.method);
    scores.push(r.score);
  }
  if (keys.length === 0) return;
  await tx.query(
    `insert into source_links (connector, source_key, entity_type, entity_id, method, score)
     select $1, * from unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::real[]) as t(k, et, id, m, s)
     on conflict (connector, source_key) do update set entity_id = excluded.entity_id, method = excluded.method,
       score = excluded.score, updated_at = now()`,
    [connector, keys, keys.map(() => 'organization'), ids, methods, scores],
  );
}
