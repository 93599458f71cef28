// When a scheduled export runs next: a wall-clock time in the schedule's IANA time zone, on every day, one weekday,
// or one day of the month. Daylight-saving changes follow what people expect of an alarm clock: a time that does
// not exist that day (the clocks jump over it) runs as far after the jump as it was meant to be after the hour
// before it (02:30 → 03:30), and a time that happens twice (the clocks go back) runs once, the first time.

export interface Recurrence {
  frequency: 'daily' | 'weekly' | 'monthly';
  /** HH:MM, 24-hour. */
  timeOfDay: string;
  timezone: string;
  /** 0 (Sunday) – 6, for weekly. */
  dayOfWeek?: number | null;
  /** 1 – 28, for monthly. */
  dayOfMonth?: number | null;
}

const DAY = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall clock in `timeZone` at an instant, as a UTC timestamp of the same fields (milliseconds dropped). */
export function wallClock(instant: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
}

/** How far the zone is ahead of UTC at an instant, in milliseconds. */
const offsetAt = (instant: number, timeZone: string) => wallClock(instant, timeZone) - Math.floor(instant / 1000) * 1000;

/**
 * The instant a wall-clock time (given as a UTC timestamp of its fields) happens in `timeZone`: the earlier one
 * when it happens twice, the time shifted by the jump when it does not happen at all. Assumes at most one offset
 * change within a day of it, which holds for every zone in the database.
 */
export function instantOf(wall: number, timeZone: string): number {
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  const valid = [wall - before, wall - after].filter((t) => wallClock(t, timeZone) === wall);
  if (valid.length > 0) return Math.min(...valid);
  // A gap: the offset from before the jump puts the time as far past the jump as it was meant to be past the hour.
  return wall - before;
}

function matches(r: Recurrence, wallDay: number): boolean {
  const d = new Date(wallDay);
  if (r.frequency === 'weekly') return d.getUTCDay() === r.dayOfWeek;
  if (r.frequency === 'monthly') return d.getUTCDate() === r.dayOfMonth;
  return true;
}

/** The first run strictly after `after`. */
export function nextRunAt(r: Recurrence, after: Date): Date {
  const m = /^(\d{2}):(\d{2})$/.exec(r.timeOfDay);
  if (!m) throw new Error(`schedule: bad time of day ${r.timeOfDay}`);
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (r.frequency === 'weekly' && !(Number.isInteger(r.dayOfWeek) && r.dayOfWeek! >= 0 && r.dayOfWeek! <= 6)) throw new Error('schedule: weekly needs dayOfWeek 0–6');
  if (r.frequency === 'monthly' && !(Number.isInteger(r.dayOfMonth) && r.dayOfMonth! >= 1 && r.dayOfMonth! <= 28)) throw new Error('schedule: monthly needs dayOfMonth 1–28');
  const start = after.getTime();
  const today = Math.floor(wallClock(start, r.timezone) / DAY) * DAY;
  // From the day before (a run late that day may still be ahead in UTC terms), for at most two months of days.
  for (let day = today - DAY; day <= today + 62 * DAY; day += DAY) {
    if (!matches(r, day)) continue;
    const at = instantOf(day + minutes * 60_000, r.timezone);
    if (at > start) return new Date(at);
  }
  throw new Error('schedule: no run within two months');
}
