/**
 * Deciding a match review. MERGE moves the record's organization onto the candidate: its
 * statements, links and every relation follow, the merged id stays as a pointer
 * (`merged_into_id`) and the survivor keeps its id; both are re-projected in the same
 * transaction. KEEP_APART only records the decision. Who and when are kept on the review.
 */
import type { Database, Queryable } from '../db/client.js';
import { writeChangeEvents } from '../feed/outbox.js';
import { PARTY_BODY_EVENTS, relinkEvents, withRelationEvents, type Relinked } from '../ingest/write/relation-events.js';
import { deriveFacts } from '../facts/derive.js';
import { projectOrganizations } from './project.js';
import type { DrainServices } from './queue.js';

export type ReviewDecision = 'MERGE' | 'KEEP_APART';

export class ReviewError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_USER_INPUT',
    message: string,
  ) {
    super(message);
  }
}

interface ReviewRow {
  id: number;
  connector: string;
  source_key: string;
  candidate_id: number;
  decision: string;
}

/** Follows merge pointers to the organization that stands for `id` now. */
async function survivorOf(tx: Queryable, id: number): Promise<number> {
  const [row] = await tx.query<{ id: number }>(
    `with recursive chain(id, next, depth) as (
       select id, merged_into_id, 0 from organizations where id = $1
       union all
       select o.id, o.merged_into_id, c.depth + 1 from organizations o join chain c on o.id = c.next where c.depth < 50)
     select id from chain where next is null limit 1`,
    [id],
  );
  if (!row) throw new ReviewError('NOT_FOUND', `organization ${id} not found`);
  return row.id;
}

export async function mergeOrganizations(
  tx: Queryable,
  mergedId: number,
  survivorId: number,
  cause: string,
  services: DrainServices,
): Promise<void> {
  const orgs = await tx.query<{ id: number; uscc: string | null; division_code: string | null; kind: string | null }>(
    `select id, uscc, division_code, kind from organizations where id = any($1::bigint[]) for update`,
    [[mergedId, survivorId]],
  );
  const merged = orgs.find((o) => o.id === mergedId);
  const survivor = orgs.find((o) => o.id === survivorId);
  if (!merged || !survivor) throw new ReviewError('NOT_FOUND', 'organization to merge not found');
  if (merged.uscc && survivor.uscc && merged.uscc !== survivor.uscc) {
    throw new ReviewError(
      'BAD_USER_INPUT',
      `organizations ${mergedId} and ${survivorId} carry different USCCs (${merged.uscc}, ${survivor.uscc}): not one organization`,
    );
  }
  const move = (sql: string) => tx.query(sql, [mergedId, survivorId]);
  const drop = (sql: string) => tx.query(sql, [mergedId]);
  await move(`update organizations set merged_into_id = $2, uscc = null, updated_at = now() where id = $1`);
  await move(`update statements set entity_id = $2 where entity_type = 'organization' and entity_id = $1`);
  await move(`update source_links set entity_id = $2, updated_at = now() where entity_type = 'organization' and entity_id = $1`);
  // The bodies, assignments and memberships that named the merged organization now name the
  // survivor: each is a change partners hear about (bodies through their snapshots).
  const bodies = await tx.query<{ body_code: string }>(
    `select distinct b.body_code from party_body_coverage c join party_bodies b on b.id = c.body_id where c.organization_id = $1`,
    [mergedId],
  );
  await withRelationEvents(
    tx,
    PARTY_BODY_EVENTS,
    bodies.map((b) => b.body_code),
    cause,
    () => move(`update party_body_coverage set organization_id = $2 where organization_id = $1`),
  );
  const assignments = await tx.query<{ id: number }>(
    `update guidance_assignments set organization_id = $2 where organization_id = $1 returning id`,
    [mergedId, survivorId],
  );
  const members = await tx.query<{ id: number }>(`update members set employer_id = $2 where employer_id = $1 returning id`, [
    mergedId,
    survivorId,
  ]);
  const to = { id: survivorId, divisionCode: survivor.division_code, kind: survivor.kind };
  const moved = (entityType: Relinked['entityType']) => (r: { id: number }) => ({ entityType, id: r.id, from: mergedId, organization: to });
  await writeChangeEvents(tx, relinkEvents([...assignments.map(moved('assignment')), ...members.map(moved('member'))], cause));
  // Relations unique per organization keep the survivor's row when both have one.
  await move(`update lifecycle_events e set organization_id = $2 where organization_id = $1 and not exists (
                select 1 from lifecycle_events s where s.organization_id = $2 and s.kind = e.kind and s.occurred_on is not distinct from e.occurred_on
                  and s.source = e.source and s.source_key = e.source_key)`);
  await drop(`delete from lifecycle_events where organization_id = $1`);
  await move(`update mass_organizations m set organization_id = $2 where organization_id = $1 and not exists (
                select 1 from mass_organizations s where s.organization_id = $2 and s.kind = m.kind)`);
  await drop(`delete from mass_organizations where organization_id = $1`);
  await move(`update match_reviews r set candidate_id = $2 where candidate_id = $1 and decision = 'PENDING' and not exists (
                select 1 from match_reviews s where s.connector = r.connector and s.source_key = r.source_key and s.candidate_id = $2)`);
  await writeChangeEvents(tx, [
    {
      entityType: 'organization',
      entityId: mergedId,
      kind: 'MERGED',
      changes: { mergedInto: { old: null, new: survivorId } },
      divisionCode: merged.division_code,
      orgKind: merged.kind,
      cause,
    },
  ]);
  await projectOrganizations(tx, [survivorId], services.priorities, cause);
  // Coverage, members and statements moved: the survivor's facts change in the same transaction.
  await deriveFacts(tx, [survivorId], services.rules, services.priorities, cause);
}

export async function decideReview(
  db: Database,
  reviewId: number,
  decision: ReviewDecision,
  decidedBy: string,
  services: DrainServices,
): Promise<void> {
  await db.transaction(async (tx) => {
    const [review] = await tx.query<ReviewRow>(
      `select id, connector, source_key, candidate_id, decision from match_reviews where id = $1 for update`,
      [reviewId],
    );
    if (!review) throw new ReviewError('NOT_FOUND', `match review ${reviewId} not found`);
    if (review.decision !== 'PENDING')
      throw new ReviewError('CONFLICT', `match review ${reviewId} was already decided (${review.decision})`);
    if (decision === 'MERGE') {
      const [link] = await tx.query<{ entity_id: number }>(
        `select entity_id from source_links where connector = $1 and source_key = $2 and entity_type = 'organization'`,
        [review.connector, review.source_key],
      );
      if (!link) throw new ReviewError('NOT_FOUND', `source record ${review.connector}/${review.source_key} is not linked`);
      const from = await survivorOf(tx, link.entity_id);
      const to = await survivorOf(tx, review.candidate_id);
      if (from !== to) await mergeOrganizations(tx, from, to, `review:${reviewId} by ${decidedBy}`, services);
      await tx.query(`update source_links set method = 'REVIEW', score = 1, updated_at = now() where connector = $1 and source_key = $2`, [
        review.connector,
        review.source_key,
      ]);
    }
    await tx.query(`update match_reviews set decision = $2, decided_by = $3, decided_at = now() where id = $1`, [
      reviewId,
      decision,
      decidedBy,
    ]);
  });
}
