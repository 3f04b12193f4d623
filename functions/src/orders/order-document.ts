/** The shape of an order in Firestore (users/{uid}/orders/{orderId}) and how it is shown to clients. */
import type { Timestamp } from "firebase-admin/firestore";
import { storedAs } from "../platform/stored-as.js";
import type { SmsMessage } from "../sms/message.js";
import { presentSms } from "../sms/present.js";
import type { Language } from "../platform/language.js";
import { formatAmount } from "./money.js";
import type { OrderResponse, OrderStatus } from "./schemas.js";

/** One status change made by staff, kept on the order (by username; the uid is in the staff-only audit log). */
export interface AuditEntry {
  by: string;
  at: Timestamp;
  from: OrderStatus;
  to: OrderStatus;
  reason?: string | null;
}

/** One step of the order's life as its customer may see it: who moved it, never which staff member. */
export interface HistoryEntry {
  at: Timestamp;
  status: OrderStatus;
  by: "customer" | "shop";
  reason: string | null;
}

export interface OrderDocument {
  item: string;
  amount_minor: number;
  currency: string;
  order_number: string;
  status: OrderStatus;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Bumped on every change a client makes; the ETag. */
  version: number;
  /** Captured at create time: what the order's SMS need, even if the profile changes later. */
  customer: { uid: string; username: string; phone_number: string; language?: Language };
  /** The confirmation SMS: this document carries it (see sms/message.ts). */
  sms: SmsMessage;
  /** Status changes made by staff, oldest first. */
  audit?: AuditEntry[];
  /** Every status the order has had, oldest first (absent on orders made before it was kept). */
  history?: HistoryEntry[];
}

export const orderConverter = storedAs<OrderDocument>();

export function etagOf(order: Pick<OrderDocument, "version">): string {
  return `"${order.version}"`;
}

/** The history as stored, or, for orders made before it was kept, as far as the order still tells it. */
export function historyOf(order: OrderDocument): HistoryEntry[] {
  if (order.history) return order.history;
  return [
    { at: order.created_at, status: "Pending", by: "customer", reason: null },
    ...(order.audit ?? []).map((entry) => ({ at: entry.at, status: entry.to, by: "shop" as const, reason: null })),
  ];
}

export function presentOrder(id: string, order: OrderDocument): OrderResponse {
  return {
    id,
    item: order.item,
    amount: formatAmount(order.amount_minor),
    currency: order.currency,
    order_number: order.order_number,
    status: order.status,
    created_at: order.created_at.toDate().toISOString(),
    updated_at: order.updated_at.toDate().toISOString(),
    sms: presentSms(order.sms),
    history: historyOf(order).map((entry) => ({
      at: entry.at.toDate().toISOString(),
      status: entry.status,
      by: entry.by,
      reason: entry.reason,
    })),
  };
}
