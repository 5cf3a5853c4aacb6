/**
 * Redis for BullMQ, from REDIS_URL. Options rather than client instances: BullMQ then owns
 * its connections and closes them with the queue or worker (a shared client would keep a
 * stopped worker's process alive). `maxRetriesPerRequest: null` lets a blocking command wait
 * through a Redis outage instead of failing the job; the worker resumes when Redis is back.
 */
import type { ConnectionOptions } from 'bullmq';

export interface QueueSettings {
  redisUrl: string;
  /** Key prefix, so several hubs (or test runs) can share one Redis. */
  prefix: string;
}

export function redisOptions(url: string): ConnectionOptions {
  const u = new URL(url);
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`REDIS_URL must be redis:// or rediss://, not ${u.protocol}`);
  const db = u.pathname.replace(/^\//, '');
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port: u.port ? Number(u.port) : 6379,
    ...(u.username && { username: decodeURIComponent(u.username) }),
    ...(u.password && { password: decodeURIComponent(u.password) }),
    ...(db && { db: Number(db) }),
    ...(u.protocol === 'rediss:' && { tls: {} }),
    maxRetriesPerRequest: null,
  };
}
