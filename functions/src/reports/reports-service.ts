/**
 * The shop's day, as staff read it: the daily report, and every order as CSV.
 *
 * How the report is counted (docs/shop-day.md has the costs):
 *   - orders completed and canceled that day: Firestore aggregation queries (count and sum), one read
 *     per 1,000 orders counted, whatever day each was placed;
 *   - orders placed that day, still pending, and per product: the day's orders read once, projected
 *     to status, amount and lines (no aggregation can add up quantities inside an order's lines);
 *   - SMS: the day's tally, which the SMS engine keeps as each message becomes final (sms/day-tally.ts).
 */
import { ValidationError } from "../http/errors.js";
import { formatAmount } from "../platform/money.js";
import type { OrderFigures, OrdersRepository, TimeRange } from "../orders/orders-repository.js";
import type { OrderStatus } from "../orders/schemas.js";
import { boundsOfDate, calendarDateAt, nextDate, startOfDate } from "../platform/calendar.js";
import type { DayTally } from "../sms/day-tally.js";
import type { SmsRepository } from "../sms/sms-repository.js";
import { UTF8_BOM } from "./csv.js";
import { placedFigures } from "./day-figures.js";
import { CSV_HEADER, orderRows } from "./order-rows.js";
import type { DailyReportResponse } from "./schemas.js";

/** Orders read per page: for the report's projection, and for the export (about 1 KB each). */
const REPORT_PAGE = 1000;
const EXPORT_PAGE = 500;
const MAX_PRODUCTS = 10_000;

export interface ReportsServiceDeps {
  orders: OrdersRepository;
  sms: SmsRepository;
  timeZone: string;
  currency: string;
  clock: () => Date;
}

/** A bound of the export: a date of the shop's calendar (whole day) or an instant. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

export interface ExportQuery {
  from: string | undefined;
  to: string | undefined;
  status: OrderStatus | undefined;
}

export interface CsvExport {
  filename: string;
  chunks: AsyncIterable<string>;
}

const figures = ({ count, amountMinor }: OrderFigures) => ({ count, amount: formatAmount(amountMinor) });

/** Millionths as a decimal with the provider's 4 places, rounded half up once, on the total. */
function costAmount(micros: number): string {
  const tenThousandths = Math.round(micros / 100);
  return `${Math.trunc(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, "0")}`;
}

function presentSms(tally: DayTally): DailyReportResponse["sms"] {
  const reasons = Object.entries(tally.suppressed)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return {
    sent: tally.sent,
    failed: tally.failed,
    suppressed: reasons.reduce((sum, [, count]) => sum + count, 0),
    suppressed_by_reason: reasons.map(([reason, count]) => ({ reason, count })),
    cost: Object.entries(tally.costMicros)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, micros]) => ({ currency, amount: costAmount(micros) })),
    cost_unknown: tally.costUnknown,
  };
}

export function createReportsService({ orders, sms, timeZone, currency, clock }: ReportsServiceDeps) {
  /** The instant a bound names: a date is its day's first instant, or the next day's for `to` (both days included). */
  function instantOf(bound: string, side: "from" | "to"): Date {
    if (!DATE_ONLY.test(bound)) return new Date(new Date(bound).getTime() + (side === "to" ? 1 : 0));
    return startOfDate(side === "to" ? nextDate(bound) : bound, timeZone);
  }

  /** How a bound reads in the file's name: the shop's date. */
  function labelOf(bound: string | undefined, side: "from" | "to", now: Date): string {
    if (bound === undefined) return side === "from" ? "start" : calendarDateAt(now, timeZone);
    return DATE_ONLY.test(bound) ? bound : calendarDateAt(new Date(bound), timeZone);
  }

  return {
    /** The report of a day of the shop's calendar (today when none is named). */
    async daily(date: string | undefined): Promise<DailyReportResponse> {
      const now = clock();
      const today = calendarDateAt(now, timeZone);
      const day = date ?? today;
      if (day > today) {
        throw new ValidationError([{ field: "date", message: `Choose a day up to today (${today}, ${timeZone}).` }]);
      }
      const bounds = boundsOfDate(day, timeZone);
      const range: TimeRange = bounds;
      const [placed, completed, canceled, tally] = await Promise.all([
        placedFigures(orders.placedBetween(range, REPORT_PAGE)),
        orders.reachedStatusBetween("Completed", range),
        orders.reachedStatusBetween("Canceled", range),
        sms.dayTally(day),
      ]);
      return {
        date: day,
        time_zone: timeZone,
        starts_at: bounds.start.toISOString(),
        ends_at: bounds.end.toISOString(),
        running: bounds.end.getTime() > now.getTime(),
        generated_at: now.toISOString(),
        currency,
        orders: {
          placed: figures(placed.placed),
          completed: figures(completed),
          canceled: figures(canceled),
          pending: figures(placed.pending),
        },
        products: placed.products.slice(0, MAX_PRODUCTS).map((product) => ({
          product_id: product.productId,
          name: product.name,
          quantity: product.quantity,
          amount: formatAmount(product.amountMinor),
        })),
        sms: presentSms(tally),
      };
    },

    /**
     * Every order placed within `from`..`to` (both included; dates are the shop's days), oldest first,
     * as CSV chunks of one page each: read from Firestore while they are sent, so memory stays flat.
     * The first chunk comes with the first page, so a failure to read is still answered as a problem.
     */
    exportCsv(query: ExportQuery): CsvExport {
      const now = clock();
      const start = query.from === undefined ? undefined : instantOf(query.from, "from");
      const end = query.to === undefined ? undefined : instantOf(query.to, "to");
      if (start && end && start.getTime() >= end.getTime()) {
        throw new ValidationError([{ field: "to", message: "Choose a `to` at or after `from`." }]);
      }
      const pages = orders.placedInOrder({ start, end, status: query.status }, EXPORT_PAGE);
      async function* chunks(): AsyncGenerator<string> {
        let head = `${UTF8_BOM}${CSV_HEADER}`;
        for await (const page of pages) {
          yield head + page.map(({ order }) => orderRows(order, timeZone)).join("");
          head = "";
        }
        if (head !== "") yield head;
      }
      const status = query.status ? `-${query.status.toLowerCase()}` : "";
      return {
        filename: `orders-${labelOf(query.from, "from", now)}-to-${labelOf(query.to, "to", now)}${status}.csv`,
        chunks: chunks(),
      };
    },
  };
}

export type ReportsService = ReturnType<typeof createReportsService>;
