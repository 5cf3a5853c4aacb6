import { describe, expect, it } from 'vitest';
import type { Connector } from '../../src/ingest/connector.js';
import { describeSchedule, parseSchedule, wantedSchedules } from '../../src/queue/schedules.js';

describe('connector schedules', () => {
  it('reads intervals and cron patterns, and refuses anything else', () => {
    expect(parseSchedule('every 90s')).toEqual({ every: 90_000 });
    expect(parseSchedule(' every 500ms ')).toEqual({ every: 500 });
    expect(parseSchedule('every 15m')).toEqual({ every: 900_000 });
    expect(parseSchedule('EVERY 6h')).toEqual({ every: 21_600_000 });
    expect(parseSchedule('30 4 * * *')).toEqual({ cron: '30 4 * * *' });
    expect(parseSchedule('*/10 * * * * *')).toEqual({ cron: '*/10 * * * * *' });
    for (const bad of ['every 0s', 'every 5 days', 'hourly', '* * *', '30 4 * * * * *', '']) expect(parseSchedule(bad), bad).toBeNull();
    expect(describeSchedule({ every: 300 })).toBe('every 300ms');
    expect(describeSchedule({ every: 60_000 })).toBe('every 60s');
  });

  it('schedules enabled connectors with their configured schedule, else the default, and reports bad ones', () => {
    const c = (id: string, schedule: Connector['schedule']) => ({ id, schedule }) as Connector;
    const connectors = [c('a', { cron: '0 3 * * *' }), c('b', { every: 3_600_000 }), c('c', { every: 60_000 }), c('d', { every: 1000 })];
    const state = new Map([
      ['a', { enabled: true, schedule: 'every 5m' }],
      ['b', { enabled: false, schedule: null }],
      ['c', { enabled: true, schedule: 'whenever' }],
    ]);
    const { wanted, invalid } = wantedSchedules(connectors, state);
    expect(wanted).toEqual([
      { connector: 'a', schedule: { every: 300_000 } },
      { connector: 'c', schedule: { every: 60_000 } },
      { connector: 'd', schedule: { every: 1000 } },
    ]);
    expect(invalid).toEqual([{ connector: 'c', schedule: 'whenever' }]);
  });
});
