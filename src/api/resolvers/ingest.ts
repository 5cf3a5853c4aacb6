import { GraphQLError } from 'graphql';
import { decideReview, ReviewError } from '../../resolve/merge.js';
import type { ApiContext } from '../context.js';
import { badInput, notFound, parseId } from '../errors.js';
import { decodeCursor, pageSize, toConnection } from '../pagination.js';
import { selectCamel } from '../../db/sql.js';
import { runResolvers } from './runs.js';

const REVIEW_COLUMNS = selectCamel('r', [
  'id',
  'connector',
  'source_key',
  'candidate_id',
  'score',
  'evidence',
  'decision',
  'decided_by',
  'decided_at',
  'created_at',
]);

interface ReviewRow {
  id: number;
  connector: string;
  sourceKey: string;
  candidateId: number;
  decision: string;
}

async function reviewById(ctx: ApiContext, id: number): Promise<ReviewRow | undefined> {
  const [row] = await ctx.db.query<ReviewRow>(`select ${REVIEW_COLUMNS} from match_reviews r where r.id = $1`, [id]);
  return row;
}

/** Runs, quarantine and connectors (runs.ts) with the match reviews: the ingest side of the API. */
export const ingestResolvers = {
  ...runResolvers,
  Query: {
    ...runResolvers.Query,
    async matchReviews(_: unknown, args: { decision?: string | null; first?: number | null; after?: string | null }, ctx: ApiContext) {
      const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
      const after = decodeCursor(args.after);
      const decision = args.decision ?? 'PENDING';
      const rows = await ctx.db.query<ReviewRow>(
        `select ${REVIEW_COLUMNS} from match_reviews r where r.decision = $1 and r.id > $2 order by r.id limit $3`,
        [decision, after ?? 0, first + 1],
      );
      const count = async () =>
        (await ctx.db.query<{ n: number }>(`select count(*)::int as n from match_reviews where decision = $1`, [decision]))[0]!.n;
      return toConnection(rows, first, (r) => r.id, after, count);
    },
  },
  Mutation: {
    ...runResolvers.Mutation,
    async decideMatchReview(_: unknown, args: { id: string; decision: string; decidedBy: string }, ctx: ApiContext) {
      const id = parseId('id', args.id);
      if (args.decision === 'PENDING') throw badInput('decision', 'must be MERGE or KEEP_APART');
      const by = args.decidedBy.trim();
      if (!by) throw badInput('decidedBy', 'must name who decides');
      try {
        await decideReview(ctx.db, id, args.decision as 'MERGE' | 'KEEP_APART', by, ctx);
      } catch (err) {
        if (!(err instanceof ReviewError)) throw err;
        if (err.code === 'NOT_FOUND') throw notFound(`match review ${id}`);
        throw new GraphQLError(err.message, { extensions: { code: err.code } });
      }
      return reviewById(ctx, id);
    },
  },
  MatchReview: {
    id: (r: ReviewRow) => String(r.id),
    candidate: (r: ReviewRow, _: unknown, ctx: ApiContext) => ctx.loaders.organizationById.load(r.candidateId),
    organization: async (r: ReviewRow, _: unknown, ctx: ApiContext) => {
      const link = await ctx.loaders.linkBySourceKey.load(`${r.connector}\u0001${r.sourceKey}`);
      return link === null ? null : ctx.loaders.organizationById.load(link);
    },
  },
};
