/**
 * Typed configuration from the environment (and a `.env` file when present).
 * Every setting the hub reads lives here, so `.env.example` can list them all.
 */
import { z } from 'zod';

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined)),
  HUB_DATA_DIR: z.string().default('./.hub/data'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  /** Prefix of the hub's BullMQ keys, so several hubs (or test runs) can share one Redis. */
  HUB_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:-]{1,64}$/, 'HUB_QUEUE_PREFIX: letters, digits, _ : -')
    .default('hub'),
  /** Where connector runs asked for through the API happen: `inline` (the API process, no Redis) or `queue` (BullMQ workers). */
  HUB_RUN_MODE: z.enum(['inline', 'queue']).default('inline'),
  /** Connector runs one `hub worker` process runs at once. */
  HUB_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /**
   * How long a worker's claim on a job lasts without renewal, and how often workers look for
   * jobs whose worker died (BullMQ's lockDuration / stalledInterval): a SIGKILLed worker's run
   * is taken over within about their sum.
   */
  HUB_WORKER_LOCK_MS: z.coerce.number().int().min(500).default(30_000),
  HUB_WORKER_STALLED_CHECK_MS: z.coerce.number().int().min(200).default(30_000),
  /** Attempts of a failed sync job (retried with exponential backoff from 5 s). */
  HUB_SYNC_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  /** First delay of a failed sync job's retries (doubling each attempt), milliseconds. */
  HUB_SYNC_BACKOFF_MS: z.coerce.number().int().min(10).default(5_000),
  /** How often a process tailing the change feed looks for new events when no notification came (ms). */
  HUB_FEED_POLL_MS: z.coerce.number().int().min(50).default(1_000),
  /** Failed webhook deliveries in a row before the webhook is disabled (its default; each can set its own). */
  HUB_WEBHOOK_MAX_FAILURES: z.coerce.number().int().min(1).max(1000).default(20),
  /** How long a webhook receiver has to answer (ms). */
  HUB_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** First retry delay of a failed delivery (doubling each attempt, ±20 %), and its cap (ms). */
  HUB_WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).default(1_000),
  HUB_WEBHOOK_BACKOFF_MAX_MS: z.coerce.number().int().min(10).default(600_000),
  /** Allow webhook URLs on loopback and private networks (receivers inside the same network). */
  HUB_WEBHOOK_ALLOW_PRIVATE: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** Webhooks one worker process delivers to at once (each webhook's events stay in order). */
  HUB_DELIVER_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** How long an API key's client is remembered per process (ms); a revocation takes effect within it. */
  HUB_AUTH_CACHE_MS: z.coerce.number().int().min(0).default(10_000),
  /** Requests a minute per API client (each client can have its own: hub client create --rate-limit). */
  HUB_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Origins a browser may call the API from (comma-separated, e.g. https://dash.example.gov.cn); none by default. */
  HUB_CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
  /** Largest request body (bytes). */
  HUB_MAX_BODY_BYTES: z.coerce.number().int().min(1_000).default(1_000_000),
  /** Query limits per role, JSON: {"PARTNER":{"maxCost":2000,"maxDepth":8}} (others keep the limits below). */
  HUB_ROLE_QUERY_LIMITS: z
    .string()
    .optional()
    .refine((v) => {
      if (!v) return true;
      try {
        const parsed: unknown = JSON.parse(v);
        return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
      } catch {
        return false;
      }
    }, 'HUB_ROLE_QUERY_LIMITS must be a JSON object keyed by role'),
  /** How long a ledger download link stays valid (seconds). */
  HUB_DOWNLOAD_LINK_SECONDS: z.coerce.number().int().min(10).default(600),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** 32-byte key (hex or base64) for personal data at rest; the demo derives a local one. */
  HUB_PII_KEY: z.string().optional(),
  /** Default as-of date for the rules (YYYY-MM-DD); today when unset. */
  HUB_AS_OF: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'HUB_AS_OF must be YYYY-MM-DD')
    .optional(),
  /** Division prefix of the area this hub serves (e.g. 1503), used to resolve county names. */
  HUB_HOME_REGION: z
    .string()
    .regex(/^\d{2,6}$/, 'HUB_HOME_REGION must be a division prefix such as 1503')
    .optional(),
  /** Source priority per property, JSON (see src/config/survivorship.ts). */
  HUB_SOURCE_PRIORITY: z.string().optional(),
  /** Rules (DOMAIN.md defaults): whole months before the as-of month that headcounts may come from. */
  HUB_RULE_WINDOW_MONTHS: z.coerce.number().int().min(1).max(60).optional(),
  /** Formal members from which a general branch (党总支) is advised. */
  HUB_ADVICE_GENERAL_BRANCH_MEMBERS: z.coerce.number().int().min(4).optional(),
  /** Formal members from which a Party committee (党委) is advised. */
  HUB_ADVICE_COMMITTEE_MEMBERS: z.coerce.number().int().min(5).optional(),
  /** Largest page a list may ask for. */
  HUB_MAX_PAGE_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  /** Query limits (src/api/limits.ts), checked before execution: deepest field nesting. */
  HUB_MAX_QUERY_DEPTH: z.coerce.number().int().min(1).default(12),
  /** Aliased fields in one query (an alias bomb repeats one expensive field under many names). */
  HUB_MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(30),
  /** Estimated cost: 1 per field, the fields under a `first` argument counted `first` times. */
  HUB_MAX_QUERY_COST: z.coerce.number().int().min(1).default(20_000),
});

export type HubEnv = z.infer<typeof envSchema>;

/** Every setting's name (`.env.example` lists them all; a test checks). */
export const ENV_KEYS: readonly string[] = Object.keys(envSchema.shape);

const checkedSchema = envSchema.refine((e) => (e.HUB_ADVICE_COMMITTEE_MEMBERS ?? 100) > (e.HUB_ADVICE_GENERAL_BRANCH_MEMBERS ?? 50), {
  message: 'HUB_ADVICE_COMMITTEE_MEMBERS must exceed HUB_ADVICE_GENERAL_BRANCH_MEMBERS',
  path: ['HUB_ADVICE_COMMITTEE_MEMBERS'],
});

export class ConfigError extends Error {}

export function loadEnv(source: NodeJS.ProcessEnv = process.env): HubEnv {
  const parsed = checkedSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}
