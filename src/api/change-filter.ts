/**
 * The feed's inputs as the API takes them: the GraphQL `ChangeFilter` checked and turned into
 * the feed's selection (src/feed/selection.ts) and back, cursors as positions, and the head.
 * Shared by the `changes` query, the subscriptions and the webhooks.
 */
import type { ChangeEntityType, ChangeKind } from '../feed/outbox.js';
import { ENTITY_TYPE_ENUM } from '../feed/event-json.js';
import type { ChangeSelection } from '../feed/selection.js';
import { badInput, parseId } from './errors.js';
import { divisionPrefix } from './organization-query.js';
import { decodeCursor } from './pagination.js';
import { sequenceChanges } from '../feed/sequencer.js';
import type { ApiContext } from './context.js';

export interface ChangeFilterInput {
  entityTypes?: string[] | null;
  kinds?: ChangeKind[] | null;
  divisionCode?: string | null;
  organizationKinds?: string[] | null;
  fields?: string[] | null;
  organizationIds?: string[] | null;
}

const ENTITY_TYPES = Object.fromEntries(Object.entries(ENTITY_TYPE_ENUM).map(([k, v]) => [v, k])) as Record<string, ChangeEntityType>;

const MAX_LIST = 100;

export function changeSelection(filter: ChangeFilterInput | null | undefined, field = 'filter'): ChangeSelection {
  if (!filter) return {};
  for (const key of ['entityTypes', 'kinds', 'organizationKinds', 'fields', 'organizationIds'] as const) {
    if ((filter[key]?.length ?? 0) > MAX_LIST) throw badInput(`${field}.${key}`, `at most ${MAX_LIST} values`);
  }
  const fields = filter.fields?.map((f, i) => {
    const name = f.trim();
    if (!/^[A-Za-z][A-Za-z0-9]{0,63}$/.test(name)) throw badInput(`${field}.fields[${i}]`, 'is not a field name');
    return name;
  });
  return {
    entityTypes: filter.entityTypes?.map((t) => ENTITY_TYPES[t]!),
    kinds: filter.kinds ?? undefined,
    divisionPrefix: divisionPrefix(filter.divisionCode, `${field}.divisionCode`) || undefined,
    orgKinds: filter.organizationKinds ?? undefined,
    fields,
    organizationIds: filter.organizationIds?.map((id, i) => parseId(`${field}.organizationIds[${i}]`, id)),
  };
}

/** A selection as the API shows it back (a webhook's filter), with the API's enum values. */
export function selectionToFilter(s: ChangeSelection): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (s.entityTypes?.length) out.entityTypes = s.entityTypes.map((t) => ENTITY_TYPE_ENUM[t]);
  if (s.kinds?.length) out.kinds = s.kinds;
  if (s.divisionPrefix) out.divisionCode = s.divisionPrefix;
  if (s.orgKinds?.length) out.organizationKinds = s.orgKinds;
  if (s.fields?.length) out.fields = s.fields;
  if (s.organizationIds?.length) out.organizationIds = s.organizationIds.map(String);
  return out;
}

/** A cursor argument as a feed position: 0 (the beginning) when absent. */
const positionOf = (cursor: string | null | undefined, field = 'after'): number => decodeCursor(cursor, field) ?? 0;

/** The feed's head after numbering what has committed, so a change the caller just made is readable. */
export async function currentHead(ctx: ApiContext): Promise<number> {
  if (!ctx.feed) return sequenceChanges(ctx.db);
  await ctx.feed.refresh();
  return ctx.feed.head;
}

/**
 * A cursor argument as a feed position, checked against the head: a position the feed has not
 * reached (another list's cursor, a hand-made one) would make a consumer skip what comes first.
 */
export async function feedPosition(
  ctx: ApiContext,
  cursor: string | null | undefined,
  field = 'after',
): Promise<{ position: number; head: number }> {
  const position = positionOf(cursor, field);
  const head = await currentHead(ctx);
  if (position > head) throw badInput(field, 'is beyond the end of the feed (not a cursor of this feed)');
  return { position, head };
}

/** Where a consumer starts: after its cursor (checked), or from now without one. */
export async function startPosition(ctx: ApiContext, cursor: string | null | undefined, field = 'after'): Promise<number> {
  return cursor != null ? (await feedPosition(ctx, cursor, field)).position : currentHead(ctx);
}
