/** Structured logs (pino) to stderr, so stdout stays clean for CLI output. */
import { pino, type Logger } from 'pino';

let root: Logger | undefined;

export function logger(): Logger {
  root ??= pino({ level: process.env.LOG_LEVEL ?? 'info', base: { app: 'hub' } }, pino.destination({ fd: 2, sync: false }));
  return root;
}

export type { Logger };
