/**
 * The documents that carry an SMS, and the index from a provider's message id back to its document.
 *
 * A message is either an order's confirmation (the order document's `sms` field) or a status
 * notification (users/{uid}/orders/{orderId}/notifications/{id}, which holds its recipient, its text
 * and its own `sms` field). Delivery reports find their document through sms_messages/{messageId}.
 */
import { Timestamp, type DocumentReference, type Firestore, type Transaction } from "firebase-admin/firestore";
import { initialSmsState, type OrderDocument, type SmsState } from "../orders/order-document.js";
import { storedAs } from "../stored-as.js";
import { confirmationMessage } from "./messages.js";

export const NOTIFICATIONS = "notifications";
export const VERIFICATION_MESSAGES = "verification_messages";
const SMS_MESSAGES = "sms_messages";

/** A document that carries an SMS: the order itself, or one of its notifications. */
export interface SmsCarrier {
  sms: SmsState;
}

export interface NotificationDocument extends SmsCarrier {
  kind: "status";
  to_status: string;
  to: string;
  message: string;
  created_at: Timestamp;
}

/** A verification code on its way (verification_messages/{id}); its text is redacted once sent. */
export interface VerificationMessageDocument extends SmsCarrier {
  kind: "verification";
  uid: string;
  to: string;
  message: string;
  created_at: Timestamp;
}

interface MessageIndexDocument {
  path: string;
}

export interface OutgoingMessage {
  to: string;
  message: string;
  /** Stable per message, so a repeated hand-off to the provider or the outbox is recognisable. */
  reference: string;
}

const carrierConverter = storedAs<SmsCarrier>();

/** Delivery statuses after which nothing changes. */
const FINAL_DELIVERY_STATUSES = new Set([
  "Success",
  "Failed",
  "Rejected",
  "Expired",
  "AbsentSubscriber",
  "UserInBlacklist",
]);

/** A report may replace an in-flight status (Sent, Submitted, Buffered), never a final one. */
export function canRecordOver(current: string | null | undefined): boolean {
  return !current || !FINAL_DELIVERY_STATUSES.has(current);
}

export interface DeliveryReport {
  id: string;
  status: string;
  failureReason: string | null;
  networkCode: string | null;
}

export type CarrierKind = "confirmation" | "status" | "verification";

/** Which kind of message a carrier document holds, from where it lives. */
export function carrierKind(ref: DocumentReference): CarrierKind {
  if (ref.parent.id === NOTIFICATIONS) return "status";
  if (ref.parent.id === VERIFICATION_MESSAGES) return "verification";
  return "confirmation";
}

/** The account a message belongs to (for its budget and its proof of number). */
export function accountOf(ref: DocumentReference, data: SmsCarrier): string {
  switch (carrierKind(ref)) {
    case "verification":
      return (data as VerificationMessageDocument).uid;
    case "status":
      // users/{uid}/orders/{orderId}/notifications/{id}
      return ref.parent.parent?.parent.parent?.id ?? "";
    case "confirmation":
      return (data as OrderDocument).customer.uid;
  }
}

/** The recipient, text and reference of the message a document carries. */
export function messageOf(ref: DocumentReference, data: SmsCarrier): OutgoingMessage {
  switch (carrierKind(ref)) {
    case "status": {
      const notification = data as NotificationDocument;
      return {
        to: notification.to,
        message: notification.message,
        reference: `${ref.parent.parent?.id ?? ""}-${ref.id}`,
      };
    }
    case "verification": {
      const message = data as VerificationMessageDocument;
      return { to: message.to, message: message.message, reference: `${ref.id}-code` };
    }
    case "confirmation": {
      const order = data as OrderDocument;
      return {
        to: order.customer.phone_number,
        message: confirmationMessage(order),
        reference: `${ref.id}-confirmation`,
      };
    }
  }
}

/** A code is secret once delivered: what stays on the record in its place. */
export const REDACTED_CODE_MESSAGE = "(verification code, redacted once sent)";

export function createNotificationsRepository(db: Firestore) {
  const index = db.collection(SMS_MESSAGES).withConverter(storedAs<MessageIndexDocument>());

  return {
    /** A carrier document, typed, for the SMS state machine's transactions. */
    carrier(path: string): DocumentReference<SmsCarrier> {
      return db.doc(path).withConverter(carrierConverter);
    },

    /**
     * Adds, inside the caller's transaction, the status notification of an order (its creation is what
     * triggers the SMS). One per status reached: a second for the same status cannot be created.
     */
    addStatusNotification(
      transaction: Transaction,
      orderRef: DocumentReference,
      notification: { to_status: "Completed" | "Canceled"; to: string; message: string; at: Timestamp },
    ): void {
      const document: NotificationDocument = {
        kind: "status",
        to_status: notification.to_status,
        to: notification.to,
        message: notification.message,
        created_at: notification.at,
        sms: initialSmsState(notification.at),
      };
      transaction.create(
        orderRef.collection(NOTIFICATIONS).doc(`status-${notification.to_status.toLowerCase()}`),
        document,
      );
    },

    /** Queues a verification code: its creation is what triggers the SMS. */
    async queueVerificationMessage(message: { uid: string; to: string; message: string; at: Date }): Promise<void> {
      const at = Timestamp.fromDate(message.at);
      const document: VerificationMessageDocument = {
        kind: "verification",
        uid: message.uid,
        to: message.to,
        message: message.message,
        created_at: at,
        sms: initialSmsState(at),
      };
      await db.collection(VERIFICATION_MESSAGES).add(document);
    },

    /** Records, inside the caller's transaction, where a provider message id's reports belong. */
    indexMessage(transaction: Transaction, messageId: string, carrierPath: string): void {
      transaction.set(index.doc(messageId), { path: carrierPath });
    },

    /**
     * Records a delivery report on the document its message belongs to. Reports repeat and arrive out
     * of order: a final status is never replaced. Unknown message ids are ignored.
     */
    async recordDeliveryReport(report: DeliveryReport, now: Date): Promise<"recorded" | "ignored"> {
      const entry = (await index.doc(report.id).get()).data();
      if (!entry) return "ignored";
      const ref = db.doc(entry.path).withConverter(carrierConverter);
      return db.runTransaction(async (transaction) => {
        const carrier = (await transaction.get(ref)).data();
        if (!carrier || !canRecordOver(carrier.sms.delivery_status)) return "ignored";
        transaction.update(ref, {
          "sms.delivery_status": report.status,
          "sms.delivery_failure_reason": report.failureReason,
          "sms.delivery_network_code": report.networkCode,
          "sms.delivery_updated_at": Timestamp.fromDate(now),
        });
        return "recorded";
      });
    },
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;
