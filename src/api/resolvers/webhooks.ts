/**
 * Webhooks for departments that cannot hold a socket: register (URL, secret, filter), change,
 * replay from a cursor, delete, and the delivery log. A client sees and manages its own webhooks
 * (ADMIN: all), and each receives only the events its client may see. Deliveries themselves run
 * on the `deliver` queue (src/feed/webhooks/queue.ts) in `hub worker` processes.
 */
import { randomBytes } from 'node:crypto';
import { encodeCursor } from '../../domain/cursor.js';
import { selectionFromJson } from '../../feed/selection.js';
import { checkTarget, parseWebhookUrl, WebhookUrlError } from '../../feed/webhooks/address.js';
import { wakeDelivery } from '../../feed/webhooks/queue.js';
import { insertWebhook, WEBHOOK_COLUMNS, webhookById, type WebhookRow } from '../../feed/webhooks/store.js';
import { changeSelection, feedPosition, selectionToFilter, startPosition, type ChangeFilterInput } from '../change-filter.js';
import type { ApiContext } from '../context.js';
import { badInput, notFound, parseId } from '../errors.js';
import { decodeCursor, pageSize, toConnection } from '../pagination.js';

interface RegisterInput {
  name: string;
  url: string;
  secret?: string | null;
  filter?: ChangeFilterInput | null;
  departmentCode?: string | null;
  maxFailures?: number | null;
  batchSize?: number | null;
  after?: string | null;
}

interface UpdateInput {
  id: string;
  name?: string | null;
  url?: string | null;
  secret?: string | null;
  filter?: ChangeFilterInput | null;
  maxFailures?: number | null;
  batchSize?: number | null;
  active?: boolean | null;
}

const MAX_BATCH = 500;

function checkedName(name: string, field: string): string {
  const n = name.trim();
  if (!n || n.length > 200) throw badInput(field, 'must be 1 to 200 characters');
  return n;
}

async function checkedUrl(ctx: ApiContext, text: string, field: string): Promise<string> {
  try {
    const url = parseWebhookUrl(text);
    await checkTarget(url, { allowPrivate: ctx.env.HUB_WEBHOOK_ALLOW_PRIVATE });
    return url.href;
  } catch (err) {
    if (err instanceof WebhookUrlError) throw badInput(field, err.message);
    throw err;
  }
}

function checkedSecret(secret: string, field: string): string {
  if (secret.length < 16 || secret.length > 256) throw badInput(field, 'must be 16 to 256 characters');
  return secret;
}

function checkedInt(value: number, field: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw badInput(field, `must be an integer from ${min} to ${max}`);
  return value;
}

/** A webhook of this client (ADMIN: any); someone else's answers as an unknown one. */
async function existing(ctx: ApiContext, id: string, field = 'id'): Promise<WebhookRow> {
  const hook = await webhookById(ctx.db, parseId(field, id), ctx.access.webhooks('w'));
  if (!hook) throw notFound(`webhook ${id}`, field);
  return hook;
}

/** With workers, the webhook's delivery job is queued now instead of at the next poll. */
async function wake(ctx: ApiContext, hook: WebhookRow): Promise<void> {
  if (ctx.deliveries && hook.active) await wakeDelivery(ctx.deliveries, hook);
}

interface DeliveryRow {
  id: number;
  attempt: number;
  status: string;
  responseCode: number | null;
  error: string | null;
  events: number;
  firstSequence: number;
  lastSequence: number;
  durationMs: number | null;
  at: string;
}

export const webhookResolvers = {
  Query: {
    webhooks: (_: unknown, __: unknown, ctx: ApiContext) =>
      ctx.db.query<WebhookRow>(`select ${WEBHOOK_COLUMNS} from webhooks w where ${ctx.access.webhooks('w')} order by id`),
    webhook: (_: unknown, args: { id: string }, ctx: ApiContext) => existing(ctx, args.id),
  },
  Mutation: {
    async registerWebhook(_: unknown, { input }: { input: RegisterInput }, ctx: ApiContext) {
      const name = checkedName(input.name, 'input.name');
      const url = await checkedUrl(ctx, input.url, 'input.url');
      const generated = input.secret == null;
      const secret = generated ? randomBytes(32).toString('base64url') : checkedSecret(input.secret!, 'input.secret');
      const selection = changeSelection(input.filter, 'input.filter');
      // A department's webhook is its own; only an administrator registers one for another department.
      const own = ctx.access.principal.departmentCode;
      const departmentCode = ctx.access.role === 'ADMIN' ? (input.departmentCode ?? own) : own;
      if (ctx.access.role !== 'ADMIN' && input.departmentCode != null && input.departmentCode !== own)
        throw badInput('input.departmentCode', `a webhook is registered for the client's own department (${own ?? 'none'})`);
      if (departmentCode != null) {
        const [dept] = await ctx.db.query(`select 1 from departments where code = $1`, [departmentCode]);
        if (!dept) throw badInput('input.departmentCode', `no department "${departmentCode}" (see the departments query)`);
      }
      const maxFailures = checkedInt(input.maxFailures ?? ctx.env.HUB_WEBHOOK_MAX_FAILURES, 'input.maxFailures', 1, 1000);
      const batchSize = checkedInt(input.batchSize ?? 100, 'input.batchSize', 1, MAX_BATCH);
      const start = await startPosition(ctx, input.after, 'input.after');
      const hook = await insertWebhook(ctx.db, {
        clientId: ctx.access.principal.clientId,
        departmentCode,
        name,
        url,
        secretEnc: ctx.pii.encrypt(secret),
        selection,
        maxFailures,
        batchSize,
        deliveredPosition: start,
      });
      await wake(ctx, hook);
      return { webhook: hook, secret: generated ? secret : null };
    },

    async updateWebhook(_: unknown, { input }: { input: UpdateInput }, ctx: ApiContext) {
      const hook = await existing(ctx, input.id, 'input.id');
      const sets: string[] = [];
      const params: unknown[] = [hook.id];
      const set = (column: string, value: unknown, cast = '') => {
        params.push(value);
        sets.push(`${column} = $${params.length}${cast}`);
      };
      if (input.name != null) set('name', checkedName(input.name, 'input.name'));
      if (input.url != null) set('url', await checkedUrl(ctx, input.url, 'input.url'));
      if (input.secret != null) set('secret_enc', ctx.pii.encrypt(checkedSecret(input.secret, 'input.secret')));
      if (input.filter !== undefined) set('filter', JSON.stringify(changeSelection(input.filter, 'input.filter')), '::text::jsonb');
      if (input.maxFailures != null) set('max_failures', checkedInt(input.maxFailures, 'input.maxFailures', 1, 1000));
      if (input.batchSize != null) set('batch_size', checkedInt(input.batchSize, 'input.batchSize', 1, MAX_BATCH));
      if (input.active === true) sets.push('active = true', 'consecutive_failures = 0', 'disabled_at = null', 'disabled_reason = null');
      if (input.active === false) sets.push('active = false', 'disabled_at = now()', `disabled_reason = 'disabled by hand'`);
      if (sets.length === 0) return hook;
      const [row] = await ctx.db.query<WebhookRow>(
        `update webhooks set ${sets.join(', ')}, updated_at = now()
         where id = $1 returning ${WEBHOOK_COLUMNS}`,
        params,
      );
      await wake(ctx, row!);
      return row;
    },

    async replayWebhook(_: unknown, args: { id: string; after?: string | null }, ctx: ApiContext) {
      const hook = await existing(ctx, args.id);
      const from = (await feedPosition(ctx, args.after)).position;
      const [row] = await ctx.db.query<WebhookRow>(
        `update webhooks set delivered_position = $2, active = true, consecutive_failures = 0, disabled_at = null,
           disabled_reason = null, updated_at = now()
         where id = $1 returning ${WEBHOOK_COLUMNS}`,
        [hook.id, from],
      );
      await wake(ctx, row!);
      return row;
    },

    async deleteWebhook(_: unknown, args: { id: string }, ctx: ApiContext) {
      const hook = await existing(ctx, args.id);
      await ctx.db.query(`delete from webhooks where id = $1`, [hook.id]);
      return true;
    },
  },
  Webhook: {
    id: (w: WebhookRow) => String(w.id),
    status: (w: WebhookRow) => (w.active ? 'ACTIVE' : 'DISABLED'),
    filter: (w: WebhookRow) => selectionToFilter(selectionFromJson(w.filter)),
    deliveredCursor: (w: WebhookRow) => (w.deliveredPosition > 0 ? encodeCursor(w.deliveredPosition) : null),
    async deliveries(w: WebhookRow, args: { first?: number | null; after?: string | null }, ctx: ApiContext) {
      const first = pageSize(args.first, ctx.env.HUB_MAX_PAGE_SIZE);
      const after = decodeCursor(args.after);
      const rows = await ctx.db.query<DeliveryRow>(
        `select id, attempt, status, response_code as "responseCode", error, events, first_position as "firstSequence",
           last_position as "lastSequence", duration_ms as "durationMs", created_at as at
         from webhook_deliveries where webhook_id = $1 and ($2::bigint is null or id < $2) order by id desc limit $3`,
        [w.id, after, first + 1],
      );
      return toConnection(
        rows.map((r) => ({ ...r, id: String(r.id) })),
        first,
        (r) => Number(r.id),
        after,
        async () => {
          const [c] = await ctx.db.query<{ n: number }>(`select count(*)::int as n from webhook_deliveries where webhook_id = $1`, [w.id]);
          return c?.n ?? 0;
        },
      );
    },
  },
};
