/**
 * An order's story as its customer may see it: placed, what became of the confirmation SMS, and
 * whether the shop completed it or it was canceled, and when.
 *
 * Built from the order's `history` (every status it had: when, by the customer or the shop, with a
 * reason) and its confirmation SMS; an order without a history (none should remain) is told from its
 * times and status. Catalogue orders are gaining `lines`; where an order has them, the page lists them.
 */
import type { Order } from "@customer-orders/client";
import type { Messages } from "../i18n/en.js";
import { customerSmsText } from "./sms.js";

/** One line of a catalogue order, as the order kept it. */
export interface OrderLine {
  product_id: string;
  name: string;
  quantity: number;
  unit_price: string;
  line_total: string;
}

/** An order with what it is gaining, where it has it. */
export type StoryOrder = Order & { lines?: OrderLine[] };

export interface StoryEvent {
  /** When it happened; undefined for what is still to come. */
  at: string | undefined;
  text: string;
  detail?: string;
  tone: "done" | "good" | "bad" | "waiting";
}

function smsEvent(order: StoryOrder, t: Messages): StoryEvent {
  const { sms } = order;
  const events = t.order.events;
  const at = sms.updated_at ?? undefined;
  if (sms.delivery_status === "Success") return { at, text: events.smsDelivered, tone: "good" };
  if (sms.delivery_status === "Failed" || sms.delivery_status === "Rejected") {
    return { at, text: events.smsNotDelivered, tone: "bad" };
  }
  switch (sms.status) {
    case "pending":
    case "sending":
      return { at: undefined, text: events.smsWaiting, tone: "waiting" };
    case "sent":
      return { at, text: events.smsSent, tone: "done" };
    case "outbox":
      return { at, text: events.smsOutbox, tone: "done" };
    case "failed":
      return { at, text: events.smsFailed, tone: "bad" };
    case "suppressed":
      return { at, text: events.smsSuppressed, detail: customerSmsText(sms, t), tone: "bad" };
  }
}

function statusEvents(order: StoryOrder, t: Messages): StoryEvent[] {
  const events = t.order.events;
  if (order.history.length > 0) {
    return order.history.flatMap((entry): StoryEvent[] => {
      const detail = entry.reason ? { detail: events.reason(entry.reason) } : {};
      switch (entry.status) {
        case "Pending":
          return [{ at: entry.at, text: events.placed, tone: "done" }];
        case "Completed":
          return [{ at: entry.at, text: events.completed, tone: "good", ...detail }];
        case "Canceled":
          return [
            {
              at: entry.at,
              text: entry.by === "customer" ? events.canceledByYou : events.canceledByShop,
              tone: "bad",
              ...detail,
            },
          ];
      }
    });
  }
  const placed: StoryEvent = { at: order.created_at, text: events.placed, tone: "done" };
  switch (order.status) {
    case "Pending":
      return [placed];
    case "Completed":
      return [placed, { at: order.updated_at, text: events.completed, tone: "good" }];
    case "Canceled":
      return [placed, { at: order.updated_at, text: events.canceled, tone: "bad" }];
  }
}

/** The story, oldest first; what is still to come (the SMS on its way, the shop's answer) last. */
export function storyOf(order: StoryOrder, t: Messages): StoryEvent[] {
  const happened = [...statusEvents(order, t), smsEvent(order, t)];
  if (order.status === "Pending") happened.push({ at: undefined, text: t.order.events.pending, tone: "waiting" });
  const dated = happened.filter((event) => event.at !== undefined);
  // A stable sort: events at the same instant keep the order above (placed before its SMS).
  dated.sort((a, b) => Date.parse(a.at ?? "") - Date.parse(b.at ?? ""));
  return [...dated, ...happened.filter((event) => event.at === undefined)];
}
