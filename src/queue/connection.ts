/**
 * Redis for BullMQ: one connection per queue or worker, from REDIS_URL. Workers need
 * `maxRetriesPerRequest: null` so a blocking command waits through a Redis outage instead of
 * failing the job; the worker resumes when Redis is back.
 */
import { Redis } from 'ioredis';

export interface QueueSettings {
  redisUrl: string;
  /** Key prefix, so several hubs (or test runs) can share one Redis. */
  prefix: string;
}

export function redisConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
