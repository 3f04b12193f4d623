/** The shape of an order in Firestore (users/{uid}/orders/{orderId}) and how it is shown to clients. */
import { Timestamp } from "firebase-admin/firestore";
import { storedAs } from "../stored-as.js";
import { formatAmount } from "./money.js";
import type { OrderResponse, OrderStatus, SmsStatus } from "./schemas.js";

export interface SmsState {
  status: SmsStatus;
  attempts: number;
  channel: "africastalking" | "outbox" | null;
  message_id: string | null;
  cost: string | null;
  error_code: string | null;
  error_message: string | null;
  updated_at: Timestamp | null;
  /** Who holds the send right now, and until when (the lease). */
  claim_id?: string | null;
  lease_expires_at?: Timestamp | null;
  /** Earliest time the sweeper may retry a transient failure. */
  next_attempt_at?: Timestamp | null;
  /** The provider's delivery report: Submitted, Buffered, Success, Failed, Rejected... */
  delivery_status?: string | null;
  delivery_failure_reason?: string | null;
  delivery_network_code?: string | null;
  delivery_updated_at?: Timestamp | null;
}

/** One status change made by staff, kept on the order. */
export interface AuditEntry {
  by: string;
  at: Timestamp;
  from: OrderStatus;
  to: OrderStatus;
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
  /** Captured at create time: what the confirmation SMS needs, even if the profile changes later. */
  customer: { uid: string; username: string; phone_number: string };
  sms: SmsState;
  /** Status changes made by staff, oldest first. */
  audit?: AuditEntry[];
}

export const orderConverter = storedAs<OrderDocument>();

/** How long the sweeper leaves a new order to its trigger before stepping in. */
const SMS_TRIGGER_GRACE_MS = 2 * 60_000;

export function initialSmsState(createdAt: Timestamp): SmsState {
  return {
    status: "pending",
    attempts: 0,
    channel: null,
    message_id: null,
    cost: null,
    error_code: null,
    error_message: null,
    updated_at: null,
    claim_id: null,
    lease_expires_at: null,
    next_attempt_at: Timestamp.fromMillis(createdAt.toMillis() + SMS_TRIGGER_GRACE_MS),
  };
}

/** A message not to be sent at all, recorded as such from the start (see notifications/suppression.ts). */
export function suppressedSmsState(at: Timestamp, reason: string, message: string): SmsState {
  return {
    status: "suppressed",
    attempts: 0,
    channel: null,
    message_id: null,
    cost: null,
    error_code: reason,
    error_message: message,
    updated_at: at,
    claim_id: null,
    lease_expires_at: null,
    next_attempt_at: null,
  };
}

export function etagOf(order: Pick<OrderDocument, "version">): string {
  return `"${order.version}"`;
}

/** An SMS's state as the API shows it. */
export function presentSms(sms: SmsState): OrderResponse["sms"] {
  return {
    status: sms.status,
    attempts: sms.attempts,
    channel: sms.channel,
    message_id: sms.message_id,
    cost: sms.cost,
    error_code: sms.error_code,
    error_message: sms.error_message,
    updated_at: sms.updated_at ? sms.updated_at.toDate().toISOString() : null,
    delivery_status: sms.delivery_status ?? null,
    delivery_failure_reason: sms.delivery_failure_reason ?? null,
  };
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
  };
}
