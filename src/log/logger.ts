/**
 * Structured logs (pino) to stderr, so stdout stays clean for CLI output. Personal data never
 * reaches a log: ID and phone numbers in any logged string are masked, and fields that hold
 * keys or secrets are censored, whatever a caller passes.
 */
import { pino, type DestinationStream, type Logger } from 'pino';
import { scrubPersonalData } from '../security/scrub.js';

let root: Logger | undefined;
let destination: DestinationStream | undefined;

function scrubDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return scrubPersonalData(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { type: value.name, message: scrubPersonalData(value.message) };
  if (Array.isArray(value)) return value.map((v) => scrubDeep(v, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, scrubDeep(v, depth + 1)]));
}

export function logger(): Logger {
  root ??= pino(
    {
      level: process.env.LOG_LEVEL ?? 'info',
      base: { app: 'hub' },
      redact: {
        paths: ['authorization', 'key', 'secret', 'idNumber', 'phone', '*.authorization', '*.key', '*.secret', '*.idNumber', '*.phone'],
        censor: '[withheld]',
      },
      formatters: { log: (object) => scrubDeep(object) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? scrubPersonalData(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    destination ?? pino.destination({ fd: 2, sync: false }),
  );
  return root;
}

/** Sends the logs elsewhere (tests read them); resets the logger. */
export function useLogDestination(stream: DestinationStream, level = 'info'): void {
  destination = stream;
  root = undefined;
  logger().level = level;
}

export type { Logger };
