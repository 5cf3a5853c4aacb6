/**
 * Webhooks in the database: registration, the delivery position, failures counted and the
 * webhook disabled at its limit, and the delivery log. Secrets are sealed with the personal-
 * data key (the hub needs them to sign, so they cannot be hashed).
 */
import type { Queryable } from '../../db/client.js';
import type { ChangeSelection } from '../selection.js';

export interface WebhookRow {
  id: number;
  clientId: number | null;
  departmentCode: string | null;
  name: string;
  url: string;
  secretEnc: string;
  filter: Record<string, unknown>;
  active: boolean;
  consecutiveFailures: number;
  maxFailures: number;
  batchSize: number;
  deliveredPosition: number;
  disabledReason: string | null;
  disabledAt: string | null;
  createdAt: string;
}

export const WEBHOOK_COLUMNS = `id, client_id as "clientId", department_code as "departmentCode", name, url, secret_enc as "secretEnc",
  filter, active, consecutive_failures as "consecutiveFailures", max_failures as "maxFailures", batch_size as "batchSize",
  delivered_position as "deliveredPosition", disabled_reason as "disabledReason", disabled_at as "disabledAt", created_at as "createdAt"`;

export interface NewWebhook {
  clientId: number | null;
  departmentCode: string | null;
  name: string;
  url: string;
  secretEnc: string;
  selection: ChangeSelection;
  maxFailures: number;
  batchSize: number;
  deliveredPosition: number;
}

export async function insertWebhook(db: Queryable, w: NewWebhook): Promise<WebhookRow> {
  const [row] = await db.query<WebhookRow>(
    `insert into webhooks (client_id, department_code, name, url, secret_enc, filter, max_failures, batch_size, delivered_position)
     values ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9) returning ${WEBHOOK_COLUMNS}`,
    [
      w.clientId,
      w.departmentCode,
      w.name,
      w.url,
      w.secretEnc,
      JSON.stringify(w.selection),
      w.maxFailures,
      w.batchSize,
      w.deliveredPosition,
    ],
  );
  return row!;
}

/** `owned`: which webhooks the asker may see, an SQL predicate over `w` (src/security/access.ts); all when omitted. */
export async function webhookById(db: Queryable, id: number, owned = 'true'): Promise<WebhookRow | null> {
  const [row] = await db.query<WebhookRow>(`select ${WEBHOOK_COLUMNS} from webhooks w where w.id = $1 and ${owned}`, [id]);
  return row ?? null;
}

/** Active webhooks that have not been served up to `head`: the ones a delivery job should run for. */
export async function webhooksBehind(db: Queryable, head: number): Promise<{ id: number; maxFailures: number }[]> {
  return db.query(`select id, max_failures as "maxFailures" from webhooks where active and delivered_position < $1 order by id`, [head]);
}

/**
 * Moves the webhook's position from `from` to `to` after a success (failures reset). Answers
 * false when the position had changed meanwhile (a replay): the caller starts over from it.
 */
export async function advance(db: Queryable, id: number, from: number, to: number, delivered: boolean): Promise<boolean> {
  const rows = await db.query(
    `update webhooks set delivered_position = $3, updated_at = now()${delivered ? ', consecutive_failures = 0' : ''}
     where id = $1 and delivered_position = $2 returning id`,
    [id, from, to],
  );
  return rows.length > 0;
}

/** Counts a failed delivery; at the webhook's limit it is disabled. Answers whether it still is active. */
export async function countFailure(db: Queryable, id: number, error: string): Promise<{ active: boolean; failures: number }> {
  const [row] = await db.query<{ active: boolean; failures: number }>(
    `update webhooks set consecutive_failures = consecutive_failures + 1,
       active = consecutive_failures + 1 < max_failures,
       disabled_at = case when consecutive_failures + 1 >= max_failures then now() end,
       disabled_reason = case when consecutive_failures + 1 >= max_failures
         then 'disabled after ' || (consecutive_failures + 1) || ' failed deliveries in a row; last: ' || $2 end,
       updated_at = now()
     where id = $1 returning active, consecutive_failures as failures`,
    [id, error.slice(0, 300)],
  );
  return row ?? { active: false, failures: 0 };
}

export async function disable(db: Queryable, id: number, reason: string): Promise<void> {
  await db.query(`update webhooks set active = false, disabled_at = now(), disabled_reason = $2, updated_at = now() where id = $1`, [
    id,
    reason,
  ]);
}

export interface DeliveryRecord {
  webhookId: number;
  firstPosition: number;
  lastPosition: number;
  events: number;
  attempt: number;
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export async function recordDelivery(db: Queryable, d: DeliveryRecord): Promise<void> {
  await db.query(
    `insert into webhook_deliveries (webhook_id, first_position, last_position, events, attempt, status, response_code, error, duration_ms)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      d.webhookId,
      d.firstPosition,
      d.lastPosition,
      d.events,
      d.attempt,
      d.ok ? 'SUCCEEDED' : 'FAILED',
      d.status,
      d.error?.slice(0, 1000) ?? null,
      d.durationMs,
    ],
  );
}
