import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { instantOf, nextRunAt, wallClock, type Recurrence } from './schedule-time.ts';

const at = (iso: string) => new Date(iso);
const daily = (timeOfDay: string, timezone: string): Recurrence => ({ frequency: 'daily', timeOfDay, timezone });

describe('nextRunAt', () => {
  it('when the time is still ahead today, then it runs today; else tomorrow (in the schedule’s zone, not UTC)', () => {
    expect(nextRunAt(daily('09:00', 'UTC'), at('2025-03-10T08:59:00Z')).toISOString()).toBe('2025-03-10T09:00:00.000Z');
    expect(nextRunAt(daily('09:00', 'UTC'), at('2025-03-10T09:00:00Z')).toISOString()).toBe('2025-03-11T09:00:00.000Z');
    // 07:00 in Tokyo is 22:00 UTC the day before.
    expect(nextRunAt(daily('07:00', 'Asia/Tokyo'), at('2025-03-10T21:00:00Z')).toISOString()).toBe('2025-03-10T22:00:00.000Z');
    // 23:30 in Los Angeles (PDT) is 06:30 UTC the next day.
    expect(nextRunAt(daily('23:30', 'America/Los_Angeles'), at('2025-06-01T12:00:00Z')).toISOString()).toBe('2025-06-02T06:30:00.000Z');
  });

  it('when a weekly or monthly day is set, then it runs on that weekday or date', () => {
    // 2025-03-10 is a Monday; Friday 17:00 in Berlin (CET, +1) is 16:00 UTC.
    expect(nextRunAt({ frequency: 'weekly', timeOfDay: '17:00', timezone: 'Europe/Berlin', dayOfWeek: 5 }, at('2025-03-10T00:00:00Z')).toISOString()).toBe('2025-03-14T16:00:00.000Z');
    expect(nextRunAt({ frequency: 'weekly', timeOfDay: '08:00', timezone: 'UTC', dayOfWeek: 1 }, at('2025-03-10T08:00:00Z')).toISOString()).toBe('2025-03-17T08:00:00.000Z');
    expect(nextRunAt({ frequency: 'monthly', timeOfDay: '06:00', timezone: 'UTC', dayOfMonth: 28 }, at('2025-02-28T06:00:00Z')).toISOString()).toBe('2025-03-28T06:00:00.000Z');
    expect(nextRunAt({ frequency: 'monthly', timeOfDay: '00:15', timezone: 'Australia/Sydney', dayOfMonth: 1 }, at('2025-01-15T00:00:00Z')).toISOString()).toBe('2025-01-31T13:15:00.000Z');
  });

  it('when the clocks go forward over the time, then it runs as far after the jump (02:30 → 03:30), once', () => {
    // Berlin: 2025-03-30 02:00 CET → 03:00 CEST; 02:30 does not exist. 03:30 CEST is 01:30 UTC.
    const run = nextRunAt(daily('02:30', 'Europe/Berlin'), at('2025-03-29T12:00:00Z'));
    expect(run.toISOString()).toBe('2025-03-30T01:30:00.000Z');
    expect(nextRunAt(daily('02:30', 'Europe/Berlin'), run).toISOString()).toBe('2025-03-31T00:30:00.000Z');
    // New York: 2025-03-09 02:00 EST → 03:00 EDT.
    expect(nextRunAt(daily('02:15', 'America/New_York'), at('2025-03-09T00:00:00Z')).toISOString()).toBe('2025-03-09T07:15:00.000Z');
  });

  it('when the clocks go back and the time happens twice, then it runs once, the first time', () => {
    // Berlin: 2025-10-26 03:00 CEST → 02:00 CET; 02:30 happens at 00:30 UTC and again at 01:30 UTC.
    const first = nextRunAt(daily('02:30', 'Europe/Berlin'), at('2025-10-25T12:00:00Z'));
    expect(first.toISOString()).toBe('2025-10-26T00:30:00.000Z');
    expect(nextRunAt(daily('02:30', 'Europe/Berlin'), first).toISOString()).toBe('2025-10-27T01:30:00.000Z');
    // New York: 2025-11-02 02:00 EDT → 01:00 EST; 01:30 happens at 05:30 and 06:30 UTC.
    const ny = nextRunAt(daily('01:30', 'America/New_York'), at('2025-11-02T00:00:00Z'));
    expect(ny.toISOString()).toBe('2025-11-02T05:30:00.000Z');
    expect(nextRunAt(daily('01:30', 'America/New_York'), ny).toISOString()).toBe('2025-11-03T06:30:00.000Z');
  });

  const zones = ['UTC', 'Europe/Berlin', 'America/New_York', 'America/Santiago', 'Australia/Lord_Howe', 'Asia/Kolkata', 'Pacific/Chatham', 'America/St_Johns', 'Africa/Casablanca'];
  const recurrence = fc.record({
    frequency: fc.constantFrom('daily' as const, 'weekly' as const, 'monthly' as const),
    hour: fc.integer({ min: 0, max: 23 }),
    minute: fc.constantFrom(0, 15, 30, 45, 59),
    timezone: fc.constantFrom(...zones),
    dayOfWeek: fc.integer({ min: 0, max: 6 }),
    dayOfMonth: fc.integer({ min: 1, max: 28 }),
  }).map((r): Recurrence => ({ ...r, timeOfDay: `${String(r.hour).padStart(2, '0')}:${String(r.minute).padStart(2, '0')}` }));
  const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) });

  it('property: the next run is after the given instant, on a matching day, at the time (or just past a jump), and nothing matches in between', () => {
    fc.assert(
      fc.property(recurrence, instant, fc.double({ min: 0, max: 1, noNaN: true }), (r, from, fraction) => {
        const next = nextRunAt(r, new Date(from)).getTime();
        expect(next).toBeGreaterThan(from);
        const wall = new Date(wallClock(next, r.timezone));
        if (r.frequency === 'weekly') expect(wall.getUTCDay()).toBe(r.dayOfWeek);
        if (r.frequency === 'monthly') expect(wall.getUTCDate()).toBe(r.dayOfMonth);
        const hhmm = wall.toISOString().slice(11, 16);
        if (hhmm !== r.timeOfDay) {
          // Only when that time does not exist that day: the wall clock then never shows it.
          const meant = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()) + (Number(r.timeOfDay.slice(0, 2)) * 60 + Number(r.timeOfDay.slice(3))) * 60_000;
          expect(wallClock(instantOf(meant, r.timezone), r.timezone)).not.toBe(meant);
          expect(hhmm > r.timeOfDay).toBe(true);
        }
        // Any instant between the two gives the same next run: none was skipped.
        const between = from + Math.floor((next - from) * fraction);
        if (between < next) expect(nextRunAt(r, new Date(between)).getTime()).toBe(next);
      }),
      { numRuns: 400 },
    );
  });

  it('property: consecutive runs advance by about a day, a week or a month, never twice in one local day', () => {
    fc.assert(
      fc.property(recurrence, instant, (r, from) => {
        const first = nextRunAt(r, new Date(from));
        const second = nextRunAt(r, first);
        const gap = second.getTime() - first.getTime();
        const hours = gap / 3_600_000;
        if (r.frequency === 'daily') expect(hours >= 22 && hours <= 26, `${hours} hours`).toBe(true);
        if (r.frequency === 'weekly') expect(Math.abs(hours - 168)).toBeLessThanOrEqual(2);
        if (r.frequency === 'monthly') expect(hours / 24 >= 27 && hours / 24 <= 32, `${hours / 24} days`).toBe(true);
        const day = (d: Date) => new Date(wallClock(d.getTime(), r.timezone)).toISOString().slice(0, 10);
        expect(day(second)).not.toBe(day(first));
      }),
      { numRuns: 400 },
    );
  });
});
