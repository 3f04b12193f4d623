/**
 * Days as the shop counts them: calendar dates in its time zone (an IANA name, Africa/Nairobi by
 * default), the instants each date starts and ends at, and instants written as the shop's clock shows
 * them. Plain Intl: Node's ICU holds the zone rules, daylight saving time included, so a day may last
 * 23 or 25 hours where the zone has it and begins at 01:00 where midnight is skipped.
 */

/** A calendar date, YYYY-MM-DD. */
export type CalendarDate = string;

interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function wallClock(instant: Date, timeZone: string): WallClock {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const value = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? "0");
  return {
    year: value("year"),
    month: value("month"),
    day: value("day"),
    hour: value("hour"),
    minute: value("minute"),
    second: value("second"),
  };
}

const pad = (value: number, length = 2) => String(value).padStart(length, "0");

/** Whether Intl knows the zone (Africa/Nairobi, UTC, Europe/London...). */
export function isTimeZone(name: string): boolean {
  if (name.trim() === "") return false;
  try {
    formatterFor(name);
    return true;
  } catch {
    return false;
  }
}

/** The date the shop's calendar shows at an instant. */
export function calendarDateAt(instant: Date, timeZone: string): CalendarDate {
  const clock = wallClock(instant, timeZone);
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`;
}

/** An instant as the shop's clock shows it, `YYYY-MM-DD HH:MM:SS`: what spreadsheets read as a date-time. */
export function localDateTime(instant: Date, timeZone: string): string {
  const clock = wallClock(instant, timeZone);
  return `${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)} ${pad(clock.hour)}:${pad(clock.minute)}:${pad(clock.second)}`;
}

function utcMidnight(date: CalendarDate): number {
  const [year = 0, month = 1, day = 1] = date.split("-").map(Number);
  return Date.UTC(year, month - 1, day);
}

/** The calendar date after `date`. */
export function nextDate(date: CalendarDate): CalendarDate {
  return new Date(utcMidnight(date) + 86_400_000).toISOString().slice(0, 10);
}

const SECOND = 1000;
/** No zone is further than 14 hours from UTC. */
const WIDEST_OFFSET = 14 * 3_600_000;

/**
 * The first instant (to the second) at which the zone's calendar shows `date`: local midnight, or
 * the end of the gap where a clock change skips midnight. Found by bisection, so it holds for every
 * rule the zone data has without reasoning about offsets.
 */
export function startOfDate(date: CalendarDate, timeZone: string): Date {
  const midnight = utcMidnight(date);
  // calendarDateAt is monotonic in the instant: before `low` it shows an earlier date, at `high` `date` or later.
  let low = (midnight - WIDEST_OFFSET) / SECOND - 1;
  let high = (midnight + WIDEST_OFFSET) / SECOND + 1;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (calendarDateAt(new Date(middle * SECOND), timeZone) < date) low = middle;
    else high = middle;
  }
  return new Date(high * SECOND);
}

/** Where a date lies on the timeline: from its first instant up to, not including, the next date's. */
export interface DateBounds {
  start: Date;
  end: Date;
}

export function boundsOfDate(date: CalendarDate, timeZone: string): DateBounds {
  return { start: startOfDate(date, timeZone), end: startOfDate(nextDate(date), timeZone) };
}
