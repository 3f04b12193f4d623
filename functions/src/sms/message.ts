/**
 * An SMS as this module stores it: the `sms` field of a carrier document. A carrier is any document
 * that lends its `sms` field to this module (an order, for its confirmation; a status notification;
 * a verification code; a reply to an inbound text). Everything needed to send the message is in the
 * field itself: its kind, recipient, account and text, and its delivery state. So this module never
 * reads anything else of a carrier, and needs to know nothing of orders or accounts.
 */
import { Timestamp } from "firebase-admin/firestore";

/**
 * What a message is for; it decides the proof of consent and the budget a message needs
 * (delivery-rules.ts, budget-rules.ts). A reply answers a text the number sent; an opt-out
 * confirmation is the one message that confirms a STOP. A shop alert goes to one of the shop's own
 * numbers, which the shop configured (SHOP_ALERT_NUMBERS): that is its consent.
 */
export type MessageKind =
  "order_confirmation" | "order_status" | "verification_code" | "reply" | "opt_out_confirmation" | "shop_alert";

export type SmsStatus = "pending" | "sending" | "sent" | "failed" | "outbox" | "suppressed";
export type SmsChannel = "africastalking" | "outbox";

/** Where a message stands. */
export interface SmsDelivery {
  status: SmsStatus;
  attempts: number;
  channel: SmsChannel | null;
  message_id: string | null;
  cost: string | null;
  error_code: string | null;
  error_message: string | null;
  updated_at: Timestamp | null;
  /** Who holds the send right now, and until when (the lease). */
  claim_id?: string | null;
  lease_expires_at?: Timestamp | null;
  /** Earliest time the sweeper may send or retry it. */
  next_attempt_at?: Timestamp | null;
  /** The provider's delivery report: Submitted, Buffered, Success, Failed, Rejected... */
  delivery_status?: string | null;
  delivery_failure_reason?: string | null;
  delivery_network_code?: string | null;
  delivery_updated_at?: Timestamp | null;
  /** Counted in its day's tally (day-tally.ts); set in the transaction that counts it, so it counts once. */
  tallied?: boolean;
}

export interface SmsMessage extends SmsDelivery {
  kind: MessageKind;
  /** E.164. */
  to: string;
  /** The account whose proof of number and budget the message needs; null when none (a reply to a stranger). */
  account: string | null;
  /** The text as it will be sent: one GSM-7 segment (see gsm.ts). Redacted for a code once final. */
  text: string;
}

/** What a message is, before it has any delivery state. */
export interface MessageDraft {
  kind: MessageKind;
  to: string;
  account: string | null;
  text: string;
}

/** How long the sweeper leaves a new message to its trigger before stepping in. */
const TRIGGER_GRACE_MS = 2 * 60_000;

const noDelivery = {
  attempts: 0,
  channel: null,
  message_id: null,
  cost: null,
  claim_id: null,
  lease_expires_at: null,
} as const;

/** A message to send: its carrier's creation is what triggers the send. */
export function newMessage(draft: MessageDraft, at: Date): SmsMessage {
  return {
    ...draft,
    ...noDelivery,
    status: "pending",
    error_code: null,
    error_message: null,
    updated_at: null,
    next_attempt_at: Timestamp.fromMillis(at.getTime() + TRIGGER_GRACE_MS),
  };
}

/** A message that must not be sent, recorded as such from the start (see suppression.ts). */
export function suppressedMessage(draft: MessageDraft, at: Date, reason: string, explanation: string): SmsMessage {
  return {
    ...draft,
    ...noDelivery,
    status: "suppressed",
    error_code: reason,
    error_message: explanation,
    updated_at: Timestamp.fromDate(at),
    next_attempt_at: null,
  };
}

/** A code is secret once delivered: what stays on the record in its place. */
export const REDACTED_CODE_TEXT = "(verification code, redacted once sent)";

/** The states after which nothing is sent. */
export const FINAL_STATUSES: ReadonlySet<SmsStatus> = new Set(["sent", "outbox", "failed", "suppressed"]);

const REFERENCE_SUFFIX: Record<MessageKind, string> = {
  order_confirmation: "-confirmation",
  // Status notifications are named after their order and status already: <orderId>-status-completed.
  order_status: "",
  verification_code: "-code",
  reply: "-reply",
  opt_out_confirmation: "-stop",
  // Shop alerts are named after their order and the number's place in the list: <orderId>-shop-alert-0.
  shop_alert: "",
};

/**
 * A message's stable reference, from its carrier's id: a repeated hand-off to the provider or the
 * outbox is recognisable by it (the outbox keeps one document per reference).
 */
export function referenceOf(carrierId: string, kind: MessageKind): string {
  return `${carrierId}${REFERENCE_SUFFIX[kind]}`;
}
