/** The shop's calendar: where its days begin and end, in any zone, across clock changes. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  boundsOfDate,
  calendarDateAt,
  isTimeZone,
  localDateTime,
  nextDate,
  startOfDate,
} from "../../src/platform/calendar.js";

const ZONES = [
  "Africa/Nairobi",
  "UTC",
  "Europe/London",
  "America/Santiago",
  "Asia/Kolkata",
  "Australia/Lord_Howe",
  "Pacific/Chatham",
  "Pacific/Kiritimati",
];

const hours = (bounds: { start: Date; end: Date }) => (bounds.end.getTime() - bounds.start.getTime()) / 3_600_000;

describe("The shop's calendar", () => {
  it("When a day in Nairobi is asked for, then it runs from 21:00 UTC the evening before, 24 hours", () => {
    const bounds = boundsOfDate("2024-01-15", "Africa/Nairobi");
    expect(bounds.start.toISOString()).toBe("2024-01-14T21:00:00.000Z");
    expect(bounds.end.toISOString()).toBe("2024-01-15T21:00:00.000Z");
    expect(calendarDateAt(new Date("2024-01-14T20:59:59.999Z"), "Africa/Nairobi")).toBe("2024-01-14");
    expect(calendarDateAt(new Date("2024-01-14T21:00:00.000Z"), "Africa/Nairobi")).toBe("2024-01-15");
    expect(localDateTime(new Date("2024-01-15T20:59:59.999Z"), "Africa/Nairobi")).toBe("2024-01-15 23:59:59");
  });

  it("When the clocks change, then the day has 23 or 25 hours, and a day whose midnight is skipped starts at 01:00", () => {
    expect(hours(boundsOfDate("2024-03-31", "Europe/London"))).toBe(23);
    expect(hours(boundsOfDate("2024-10-27", "Europe/London"))).toBe(25);
    const santiago = boundsOfDate("2024-09-08", "America/Santiago");
    expect(localDateTime(santiago.start, "America/Santiago")).toBe("2024-09-08 01:00:00");
    expect(hours(santiago)).toBe(23);
    expect(boundsOfDate("2024-01-15", "Asia/Kolkata").start.toISOString()).toBe("2024-01-14T18:30:00.000Z");
    expect(nextDate("2024-02-28")).toBe("2024-02-29");
    expect(nextDate("2024-12-31")).toBe("2025-01-01");
  });

  it("When any instant is placed on any zone's calendar, then its day's bounds hold it, and the day begins exactly there", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          const instant = new Date(ms);
          const date = calendarDateAt(instant, zone);
          const { start, end } = boundsOfDate(date, zone);
          expect(start.getTime()).toBeLessThanOrEqual(ms);
          expect(end.getTime()).toBeGreaterThan(ms);
          expect(calendarDateAt(start, zone)).toBe(date);
          expect(calendarDateAt(new Date(start.getTime() - 1), zone) < date).toBe(true);
          expect(startOfDate(nextDate(date), zone).getTime()).toBe(end.getTime());
        },
      ),
      { numRuns: 300 },
    );
  });

  it("When a zone is named, then only zones Intl knows are taken", () => {
    expect(isTimeZone("Africa/Nairobi")).toBe(true);
    expect(isTimeZone("Mars/Olympus_Mons")).toBe(false);
    expect(isTimeZone("")).toBe(false);
  });
});
