/**
 * Serving one webhook: POST the next batch of selected events after its position, move the
 * position on success, until it is at the feed's head. One job per webhook runs at a time (the
 * deliver queue's job id is the webhook's), so events reach a receiver in feed order — and
 * so in order per entity. A failure is counted and thrown for the queue to retry with backoff;
 * at the webhook's limit it is disabled instead. A webhook receives what its API client may see
 * now (a revoked client's webhook stops). Delivery is at least once: a POST that
 * succeeded just before a crash is sent again, and the receiver deduplicates by event id.
 */
import type { Database } from '../../db/client.js';
import type { Pii } from '../../security/pii.js';
import { changeEventJson } from '../event-json.js';
import { readChanges } from '../read.js';
import { feedHead } from '../sequencer.js';
import { selectionFromJson } from '../selection.js';
import type { Conditions } from '../../db/sql.js';
import { postDelivery, type PostSettings } from './post.js';
import { advance, countFailure, disable, recordDelivery, webhookById, type WebhookRow } from './store.js';
import { Access } from '../../security/access.js';
import { activeClient } from '../../security/clients.js';

export class DeliveryFailed extends Error {}

export type DeliverySettings = PostSettings;

/**
 * What the webhook's client may see now (src/security/access.ts); null when the client is gone
 * or revoked, which stops the webhook.
 */
async function ownerAccess(db: Database, hook: WebhookRow): Promise<Access | null> {
  const owner = hook.clientId === null ? null : await activeClient(db, hook.clientId);
  return owner ? new Access(owner) : null;
}

export interface DeliveryResult {
  delivered: number;
  posts: number;
  disabled: boolean;
}

export async function deliverWebhook(db: Database, pii: Pii, webhookId: number, settings: DeliverySettings): Promise<DeliveryResult> {
  const result: DeliveryResult = { delivered: 0, posts: 0, disabled: false };
  for (;;) {
    const hook = await webhookById(db, webhookId);
    if (!hook || !hook.active) return { ...result, disabled: hook !== null && !hook.active };
    const head = await feedHead(db);
    if (hook.deliveredPosition >= head) return result;
    const owner = await ownerAccess(db, hook);
    if (!owner || !owner.can('webhook:manage')) {
      await disable(db, hook.id, 'its API client was revoked or may no longer manage webhooks');
      return { ...result, disabled: true };
    }
    const rows = await readChanges(db, {
      after: hook.deliveredPosition,
      upTo: head,
      selection: selectionFromJson(hook.filter),
      restrict: (c: Conditions) => c.push(owner.events('e')),
      limit: hook.batchSize,
    });
    if (rows.length === 0) {
      // Nothing selected up to the head: skip past it without a POST.
      await advance(db, hook.id, hook.deliveredPosition, head, false);
      continue;
    }
    const first = rows[0]!.position;
    const last = rows.at(-1)!.position;
    const deliveryId = `${hook.id}-${first}-${last}`;
    const attempt = hook.consecutiveFailures + 1;
    const body = JSON.stringify({
      webhookId: String(hook.id),
      deliveryId,
      sentAt: new Date().toISOString(),
      events: rows.map(changeEventJson),
    });
    const outcome = await postDelivery(
      { url: hook.url, secret: pii.decrypt(hook.secretEnc), body, webhookId: hook.id, deliveryId, attempt },
      settings,
    );
    result.posts++;
    await recordDelivery(db, { webhookId: hook.id, firstPosition: first, lastPosition: last, events: rows.length, attempt, ...outcome });
    if (outcome.ok) {
      result.delivered += rows.length;
      // A short batch read everything selected up to the head.
      await advance(db, hook.id, hook.deliveredPosition, rows.length < hook.batchSize ? head : last, true);
      continue;
    }
    const state = await countFailure(db, hook.id, outcome.error ?? 'failed');
    if (!state.active) return { ...result, disabled: true };
    throw new DeliveryFailed(`webhook ${hook.id}: delivery ${deliveryId} failed (${outcome.error}); attempt ${attempt}`);
  }
}
