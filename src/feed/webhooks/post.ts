/**
 * One signed POST to a webhook receiver, with a timeout, no redirects followed (a redirect
 * could lead anywhere) and the address guard of ./address.ts. Never throws: the outcome says
 * how it went, for the delivery log.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { HUB_VERSION } from '../../version.js';
import { scrubPersonalData } from '../../security/scrub.js';
import { checkTarget, guardedLookup, type TargetPolicy } from './address.js';
import { ATTEMPT_HEADER, DELIVERY_HEADER, sign, SIGNATURE_HEADER, TIMESTAMP_HEADER, WEBHOOK_HEADER } from './signature.js';

export interface PostRequest {
  url: string;
  secret: string;
  body: string;
  webhookId: number;
  deliveryId: string;
  attempt: number;
}

export interface PostOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
  durationMs: number;
}

export interface PostSettings extends TargetPolicy {
  timeoutMs: number;
}

/** The first bytes of an error answer are kept for the log; the rest is read and dropped. */
const KEEP_BYTES = 300;
/** An answer is read no further than this. */
const MAX_READ_BYTES = 64 * 1024;

export async function postDelivery(req: PostRequest, settings: PostSettings): Promise<PostOutcome> {
  const started = performance.now();
  const done = (ok: boolean, status: number | null, error: string | null): PostOutcome => ({
    ok,
    status,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  const url = new URL(req.url);
  try {
    if (isIP(url.hostname.replace(/^\[|\]$/g, ''))) await checkTarget(url, settings);
  } catch (err) {
    return done(false, null, (err as Error).message);
  }
  const timestamp = Math.floor(Date.now() / 1000);
  const headers = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(req.body)),
    'user-agent': `two-new-hub/${HUB_VERSION}`,
    [WEBHOOK_HEADER]: String(req.webhookId),
    [DELIVERY_HEADER]: req.deliveryId,
    [ATTEMPT_HEADER]: String(req.attempt),
    [TIMESTAMP_HEADER]: String(timestamp),
    [SIGNATURE_HEADER]: sign(req.secret, timestamp, req.body),
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PostOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: PostOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(outcome);
    };
    const request = client.request(
      url,
      { method: 'POST', headers, lookup: guardedLookup(settings), timeout: settings.timeoutMs, agent: false },
      (res) => {
        const status = res.statusCode ?? 0;
        const ok = status >= 200 && status < 300;
        const kept: Buffer[] = [];
        let size = 0;
        const answer = () => {
          // The receiver's own text, kept in the log: personal data in it is masked first.
          const text = scrubPersonalData(Buffer.concat(kept).toString('utf8').slice(0, KEEP_BYTES).trim());
          finish(done(ok, status, ok ? null : `HTTP ${status}${text ? `: ${text}` : ''}`));
        };
        res.on('data', (chunk: Buffer) => {
          if (size < KEEP_BYTES) kept.push(chunk);
          size += chunk.length;
          // The status is what counts: a receiver answering with a flood is not read to its end.
          if (size > MAX_READ_BYTES) {
            answer();
            res.destroy();
          }
        });
        res.on('end', answer);
        res.on('error', (err) => finish(done(false, status, err.message)));
      },
    );
    // `timeout` is idle time on the socket; a receiver trickling a byte at a time is cut off here.
    const deadline = setTimeout(() => request.destroy(new Error(`no complete answer within ${settings.timeoutMs} ms`)), settings.timeoutMs);
    request.on('timeout', () => request.destroy(new Error(`no answer within ${settings.timeoutMs} ms`)));
    request.on('error', (err) => finish(done(false, null, err.message)));
    request.end(req.body);
  });
}
