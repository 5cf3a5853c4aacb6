/**
 * The change feed: the `changes` query (pages after a cursor) and the subscriptions (replay
 * from a cursor, then live). Everything reads the outbox by feed position through
 * src/feed/read.ts; this process's FeedTail says how far the feed is complete.
 */
import { GraphQLError } from 'graphql';
import type { Conditions } from '../../db/sql.js';
import { encodeCursor } from '../../domain/cursor.js';
import { changeEventJson, type ChangeEventJson } from '../../feed/event-json.js';
import { countChanges, readChanges } from '../../feed/read.js';
import type { ChangeSelection } from '../../feed/selection.js';
import { cancellable, streamChanges } from '../../feed/stream.js';
import type { FeedTail } from '../../feed/tail.js';
import { changeSelection, currentHead, feedPosition, startPosition, type ChangeFilterInput } from '../change-filter.js';
import { refreshLoaders, type ApiContext } from '../context.js';
import { keysetConnection, pageSize } from '../pagination.js';
import { totalCoverage, type CoverageArgs } from './coverage.js';
import { divisionPrefix } from '../organization-query.js';
import { webhookResolvers } from './webhooks.js';
import { organizationByUscc } from './organizations.js';

function feedOf(ctx: ApiContext): FeedTail {
  if (!ctx.feed) throw new GraphQLError('subscriptions need the API server (hub serve)', { extensions: { code: 'UNAVAILABLE' } });
  return ctx.feed;
}

/** The events the client may see (src/security/access.ts), added to every read of the feed here. */
const visibleTo = (ctx: ApiContext) => (c: Conditions) => c.push(ctx.access.events('e'));

/** Events of a subscription, as `ChangeEvent`s, from `after` on. */
function subscribeEvents(ctx: ApiContext, after: number, selection: ChangeSelection): AsyncIterableIterator<ChangeEventJson> {
  const feed = feedOf(ctx);
  return cancellable(async function* (signal) {
    for await (const row of streamChanges(ctx.db, feed, { after, selection, restrict: visibleTo(ctx) }, signal)) yield changeEventJson(row);
  });
}

/** Whether any organization event in (after, upTo] lies in the subtree: only then can its coverage have moved. */
async function organizationsChanged(ctx: ApiContext, after: number, upTo: number, prefix: string): Promise<boolean> {
  const selection = { entityTypes: ['organization' as const], divisionPrefix: prefix || undefined };
  return (await readChanges(ctx.db, { after, upTo, selection, restrict: visibleTo(ctx), limit: 1 })).length > 0;
}

type Figures = Awaited<ReturnType<typeof totalCoverage>>;
const sameFigures = (a: Figures, b: Figures) =>
  a.inScope === b.inScope &&
  a.ledgerOrganizations === b.ledgerOrganizations &&
  a.coveredByBody === b.coveredByBody &&
  a.coveredByWork === b.coveredByWork &&
  a.asOf === b.asOf;

/** Each event of a subscription is resolved with fresh loaders (the context outlives the event). */
const perEvent = <T>(payload: T, _: unknown, ctx: ApiContext): T => {
  refreshLoaders(ctx);
  return payload;
};

export const feedResolvers = {
  Query: {
    async changes(_: unknown, args: { after?: string | null; filter?: ChangeFilterInput | null; first?: number | null }, ctx: ApiContext) {
      const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
      const selection = changeSelection(args.filter);
      const { position: after, head } = await feedPosition(ctx, args.after);
      const rows = await readChanges(ctx.db, { after, upTo: head, selection, restrict: visibleTo(ctx), limit: first + 1 });
      const full = rows.length > first;
      const resume = full ? (rows[first - 1]?.position ?? after) : Math.max(head, after);
      const connection = keysetConnection(
        rows.map(changeEventJson),
        first,
        (e) => e.cursor,
        after > 0,
        () => countChanges(ctx.db, { after, upTo: head, selection, restrict: visibleTo(ctx) }),
      );
      return { ...connection, resumeCursor: encodeCursor(resume) };
    },
    ...webhookResolvers.Query,
  },
  Mutation: webhookResolvers.Mutation,
  Webhook: webhookResolvers.Webhook,
  Subscription: {
    changes: {
      async subscribe(_: unknown, args: { after?: string | null; filter?: ChangeFilterInput | null }, ctx: ApiContext) {
        const selection = changeSelection(args.filter);
        return subscribeEvents(ctx, await startPosition(ctx, args.after), selection);
      },
      resolve: perEvent,
    },
    organizationChanged: {
      async subscribe(_: unknown, args: { uscc: string; after?: string | null }, ctx: ApiContext) {
        const { id } = await organizationByUscc(ctx, args.uscc);
        return subscribeEvents(ctx, await startPosition(ctx, args.after), { organizationIds: [id] });
      },
      resolve: perEvent,
    },
    coverageChanged: {
      async subscribe(_: unknown, args: CoverageArgs, ctx: ApiContext) {
        const feed = feedOf(ctx);
        const prefix = divisionPrefix(args.divisionCode, 'divisionCode');
        let cursor = await currentHead(ctx);
        let previous = await totalCoverage(ctx, args);
        return cancellable(async function* (signal) {
          while (!signal.aborted && !feed.closed) {
            await feed.waitBeyond(cursor, signal);
            const head = feed.head;
            if (signal.aborted || head <= cursor) continue;
            const moved = await organizationsChanged(ctx, cursor, head, prefix);
            cursor = head;
            if (!moved) continue;
            const current = await totalCoverage(ctx, args);
            if (sameFigures(current, previous)) continue;
            yield { cursor: encodeCursor(head), coverage: current, previous };
            previous = current;
          }
        });
      },
      resolve: perEvent,
    },
  },
  ChangeEvent: {
    /** Through the client's scoped loader; null for a client without org:read (a PARTNER reads the feed only). */
    organization: (e: ChangeEventJson, _: unknown, ctx: ApiContext) =>
      e.organizationId === null || !ctx.access.can('org:read') ? null : ctx.loaders.organizationById.load(Number(e.organizationId)),
  },
};
