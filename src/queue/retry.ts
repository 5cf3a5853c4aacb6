/** Retries of sync jobs: BullMQ's exponential backoff from a configured first delay. */

/** How a failed sync job is retried: attempts, and the first delay (doubling). */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 5_000 };

export const jobOptions = (retry: RetryPolicy) => ({
  attempts: retry.attempts,
  backoff: { type: 'exponential', delay: retry.backoffMs },
  removeOnComplete: 1000,
  removeOnFail: 5000,
});
