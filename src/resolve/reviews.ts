/**
 * Uncertain pairs (match_reviews): a new organization whose name is close to — but not the
 * same as — an existing one in the same county becomes a review for a person to decide.
 * The record is linked to its own new organization meanwhile; MERGE moves it (and
 * everything linked to it) onto the candidate, KEEP_APART records that they differ. Both are
 * kept with who and when, and a pair once decided is never proposed again.
 */
import type { Queryable } from '../db/client.js';
import type { ResolveInput } from './resolver.js';
import { coreOrgName, nameSimilarity } from '../domain/name.js';

/** Name similarity (`nameSimilarity`, 0–1) from which a pair is worth a person's look. */
export const DEFAULT_REVIEW_THRESHOLD = 0.8;

interface FuzzyRow {
  idx: number;
  id: number;
  name: string | null;
  normalized: string;
}

/**
 * For organizations just created from records that carry no USCC (a name, an old reg no),
 * proposes reviews against organizations of the same county whose name has the same core
 * (legal-form, parenthesis and leading-place variants: an index lookup, cheap at any scale;
 * a typo inside the brand name is not found this way). A record with a USCC is
 * identified by a national code and is not proposed (that keeps bulk registrar loads free of
 * trigram searches); exact name matches never get here (they link).
 */
export async function proposeReviews(
  tx: Queryable,
  connector: string,
  created: readonly { input: ResolveInput; entityId: number; county: string | undefined }[],
  threshold = DEFAULT_REVIEW_THRESHOLD,
): Promise<number> {
  const asked = created.filter((c) => c.county && c.input.keys.normalizedName && !c.input.keys.uscc);
  if (asked.length === 0) return 0;
  const rows = await tx.query<FuzzyRow>(
    // Neighbours share the name's core in the county (an index lookup); nameSimilarity scores them.
    `select v.idx, o.id, o.name, o.normalized_name as normalized
     from unnest($1::int[], $2::text[], $3::text[], $4::bigint[]) as v(idx, county, core, self)
     join lateral (
       select x.id, x.name, x.normalized_name from organizations x
       where x.county_code = v.county and x.core_name = v.core and x.id <> v.self and x.merged_into_id is null
       order by x.id limit 5) o on true`,
    [
      asked.map((_, i) => i),
      asked.map((c) => c.county),
      asked.map((c) => coreOrgName(c.input.keys.normalizedName!)),
      asked.map((c) => c.entityId),
    ],
  );
  const proposals = rows
    .map((r) => ({ ...r, score: nameSimilarity(asked[r.idx]!.input.keys.normalizedName!, r.normalized) }))
    .filter((r) => r.score >= threshold);
  if (proposals.length === 0) return 0;
  const inserted = await tx.query(
    `insert into match_reviews (connector, source_key, candidate_id, score, evidence)
     select $1, v.key, v.candidate, v.score, jsonb_build_object('name', v.name, 'candidateName', v.candidate_name, 'county', v.county)
     from unnest($2::text[], $3::bigint[], $4::real[], $5::text[], $6::text[], $7::text[]) as v(key, candidate, score, name, candidate_name, county)
     on conflict (connector, source_key, candidate_id) do nothing
     returning id`,
    [
      connector,
      proposals.map((r) => asked[r.idx]!.input.sourceKey),
      proposals.map((r) => r.id),
      proposals.map((r) => r.score),
      proposals.map((r) => asked[r.idx]!.input.keys.name ?? asked[r.idx]!.input.keys.normalizedName ?? ''),
      proposals.map((r) => r.name ?? ''),
      proposals.map((r) => asked[r.idx]!.county ?? ''),
    ],
  );
  return inserted.length;
}
