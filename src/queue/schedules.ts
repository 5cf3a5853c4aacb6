/**
 * Connector schedules as BullMQ job schedulers: one per enabled connector, from its
 * configured schedule (`connector_state.schedule`) or its default; removed when a connector
 * is disabled or gone. Upserting is idempotent, so every worker may do it on start.
 */
import type { Queue } from 'bullmq';
import type { Connector, Schedule } from '../ingest/connector.js';
import { jobOptions, type RetryPolicy } from './retry.js';

export const SCHEDULER_PREFIX = 'sync:';

/** `every 90s`, `every 500ms`, `every 15m`, `every 6h`, or a cron pattern (5 or 6 fields). */
export function parseSchedule(text: string): Schedule | null {
  const t = text.trim();
  const every = /^every\s+(\d+)\s*(ms|s|m|h)$/i.exec(t);
  if (every) {
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[every[2]!.toLowerCase() as 'ms' | 's' | 'm' | 'h'];
    const ms = Number(every[1]) * unit;
    return ms > 0 ? { every: ms } : null;
  }
  const fields = t.split(/\s+/);
  if ((fields.length === 5 || fields.length === 6) && fields.every((f) => /^[\d*/,\-A-Za-z?LW#]+$/.test(f))) return { cron: t };
  return null;
}

export function describeSchedule(s: Schedule): string {
  return 'cron' in s ? s.cron : `every ${s.every % 1000 === 0 ? `${s.every / 1000}s` : `${s.every}ms`}`;
}

export interface ConnectorSchedule {
  connector: string;
  schedule: Schedule;
}

/** What should be scheduled: enabled connectors with their configured (else default) schedule. */
export function wantedSchedules(
  connectors: readonly Connector[],
  state: ReadonlyMap<string, { enabled: boolean; schedule: string | null }>,
): { wanted: ConnectorSchedule[]; invalid: { connector: string; schedule: string }[] } {
  const wanted: ConnectorSchedule[] = [];
  const invalid: { connector: string; schedule: string }[] = [];
  for (const c of connectors) {
    const s = state.get(c.id);
    if (s && !s.enabled) continue;
    const configured = s?.schedule ? parseSchedule(s.schedule) : null;
    if (s?.schedule && !configured) invalid.push({ connector: c.id, schedule: s.schedule });
    wanted.push({ connector: c.id, schedule: configured ?? c.schedule });
  }
  return { wanted, invalid };
}

/** Upserts the wanted schedulers and removes the others; returns the scheduler ids kept. */
export async function applySchedules(queue: Queue, wanted: readonly ConnectorSchedule[], retry: RetryPolicy): Promise<string[]> {
  const ids = new Set<string>();
  for (const w of wanted) {
    const id = `${SCHEDULER_PREFIX}${w.connector}`;
    ids.add(id);
    const repeat = 'cron' in w.schedule ? { pattern: w.schedule.cron, tz: w.schedule.tz } : { every: w.schedule.every };
    await queue.upsertJobScheduler(id, repeat, {
      name: 'sync',
      data: { connector: w.connector, trigger: 'schedule' },
      opts: jobOptions(retry),
    });
  }
  for (const s of await queue.getJobSchedulers(0, -1)) {
    const key = s.key ?? s.id;
    if (key && key.startsWith(SCHEDULER_PREFIX) && !ids.has(key)) await queue.removeJobScheduler(key);
  }
  return [...ids];
}

export interface ScheduleView {
  connector: string;
  schedule: string;
  next: Date | null;
}

export async function listSchedules(queue: Queue): Promise<ScheduleView[]> {
  const all = await queue.getJobSchedulers(0, -1, true);
  return all
    .filter((s) => (s.key ?? '').startsWith(SCHEDULER_PREFIX))
    .map((s) => ({
      connector: s.key.slice(SCHEDULER_PREFIX.length),
      schedule: s.pattern ?? (s.every ? describeSchedule({ every: Number(s.every) }) : '?'),
      next: s.next ? new Date(s.next) : null,
    }));
}
