/**
 * Orders as rows of the CSV export: one row per line of an order. A catalogue order has a row for each
 * of its lines; a free-text order is one row whose line is its item. The order's own columns repeat
 * on each of its rows, and `line_amount` adds up to the orders' total whatever the mix. Times are the
 * shop's clock (SHOP_TIME_ZONE), amounts plain decimals ("1200.00").
 */
import { historyOf } from "../orders/order-document.js";
import type { StoredOrder } from "../orders/orders-repository.js";
import { formatAmount } from "../platform/money.js";
import { localDateTime } from "../platform/calendar.js";
import { csvRow, type CellValue } from "./csv.js";

export const CSV_COLUMNS = [
  "order_number",
  "placed_at",
  "status",
  "status_at",
  "status_by",
  "reason",
  "customer",
  "phone_number",
  "item",
  "order_amount",
  "currency",
  "line",
  "product_id",
  "product_name",
  "quantity",
  "unit_price",
  "line_amount",
  "confirmation_sms",
] as const;

export const CSV_HEADER = csvRow(CSV_COLUMNS);

type Row = Record<(typeof CSV_COLUMNS)[number], CellValue>;

/** The rows of one order, as CSV text. */
export function orderRows(order: StoredOrder, timeZone: string): string {
  const latest = historyOf(order).at(-1);
  const closed = order.status !== "Pending" && latest !== undefined;
  const common = {
    order_number: order.order_number,
    placed_at: localDateTime(order.created_at.toDate(), timeZone),
    status: order.status,
    status_at: closed ? localDateTime(latest.at.toDate(), timeZone) : null,
    status_by: closed ? latest.by : null,
    reason: closed ? latest.reason : null,
    customer: order.customer.username,
    phone_number: order.customer.phone_number,
    item: order.item,
    order_amount: formatAmount(order.amount_minor),
    currency: order.currency,
    confirmation_sms: order.sms.status,
  };
  const lines: Row[] =
    order.lines && order.lines.length > 0
      ? order.lines.map((line, index) => ({
          ...common,
          line: index + 1,
          product_id: line.product_id,
          product_name: line.name,
          quantity: line.quantity,
          unit_price: formatAmount(line.unit_price_minor),
          line_amount: formatAmount(line.line_total_minor),
        }))
      : [
          {
            ...common,
            line: 1,
            product_id: null,
            product_name: null,
            quantity: null,
            unit_price: null,
            line_amount: formatAmount(order.amount_minor),
          },
        ];
  return lines.map((row) => csvRow(CSV_COLUMNS.map((column) => row[column]))).join("");
}
