/**
 * Building blocks for the shop's-day tests: a Firestore project of their own (a report adds up every
 * order of a day, so no other test may add to it), a clock the test sets, and orders at the moments
 * a day turns over.
 */
import { randomUUID } from "node:crypto";
import { initializeApp } from "firebase-admin/app";
import { getFirestore, Timestamp, type Firestore } from "firebase-admin/firestore";
import type { OrderLine } from "../../src/orders/order-document.js";
import type { StoredOrder } from "../../src/orders/orders-repository.js";
import { suppressedMessage } from "../../src/sms/message.js";
import type { SendOutcome, SmsSender } from "../../src/sms/senders/sender.js";

/** A Firestore project nobody else writes to, new for each run. */
export function isolatedFirestore(name: string): Firestore {
  const project = `demo-orders-${name}-${randomUUID().slice(0, 8)}`;
  return getFirestore(initializeApp({ projectId: project }, project));
}

/** A clock the test moves: the app and the SMS engine read it for every timestamp they write. */
export function settableClock(start: string) {
  let now = new Date(start);
  return {
    clock: () => new Date(now),
    set(at: string) {
      now = new Date(at);
    },
  };
}

/** An SMS provider that accepts everything and reports Africa's Talking's cost. */
export function acceptingSender(cost = "KES 0.8000"): SmsSender & { sent: number } {
  const sender = {
    channel: "africastalking" as const,
    sent: 0,
    send: (): Promise<SendOutcome> => {
      sender.sent++;
      return Promise.resolve({ kind: "sent", channel: "africastalking", messageId: `ATXid_${randomUUID()}`, cost });
    },
  };
  return sender;
}

/** An SMS provider that refuses everything for good (an invalid number, say). */
export const refusingSender: SmsSender = {
  channel: "africastalking",
  send: () => Promise.resolve({ kind: "permanent", code: "403", message: "InvalidPhoneNumber" }),
};

let serial = 0;

/** A suffix order numbers may carry (ORDER_NUMBER_PATTERN), unique per order written here. */
function suffix(value: number): string {
  const alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  let text = "";
  for (let rest = value, i = 0; i < 4; i++, rest = Math.floor(rest / alphabet.length)) {
    text = (alphabet[rest % alphabet.length] ?? "2") + text;
  }
  return text;
}

/**
 * A catalogue order as the orders service writes one (plan: lines with their names and prices as
 * ordered, the amount their sum, the item a summary), placed at `at` by a customer who never proved a
 * number. Written directly while the catalogue's create is not in this tree.
 */
export async function catalogueOrder(
  db: Firestore,
  options: { at: string; lines: OrderLine[]; status?: StoredOrder["status"]; item?: string },
): Promise<{ id: string; order: StoredOrder }> {
  serial++;
  const at = Timestamp.fromDate(new Date(options.at));
  const uid = `catalogue${serial}${randomUUID().slice(0, 6)}`;
  const amount = options.lines.reduce((sum, line) => sum + line.line_total_minor, 0);
  const item = options.item ?? options.lines.map((line) => `${line.quantity} x ${line.name}`).join(", ");
  const status = options.status ?? "Pending";
  const order: StoredOrder = {
    item,
    amount_minor: amount,
    currency: "KES",
    order_number: `CA${options.at.replace(/\D/g, "").slice(0, 14)}-${suffix(serial)}`,
    status,
    created_at: at,
    updated_at: at,
    version: 1,
    customer: { uid, username: `shopper${serial}`, phone_number: "+254712000000", language: "en" },
    sms: suppressedMessage(
      { kind: "order_confirmation", to: "+254712000000", account: uid, text: "Dear shopper." },
      at.toDate(),
      "phone_not_verified",
      "Not sent.",
    ),
    history: [
      { at, status: "Pending", by: "customer", reason: null },
      ...(status === "Pending" ? [] : [{ at, status, by: "shop" as const, reason: null }]),
    ],
    lines: options.lines,
  };
  const ref = db.collection("users").doc(uid).collection("orders").doc();
  await ref.create(order);
  return { id: ref.id, order };
}

export function line(productId: string, name: string, quantity: number, unitPriceMinor: number): OrderLine {
  return {
    product_id: productId,
    name,
    quantity,
    unit_price_minor: unitPriceMinor,
    line_total_minor: quantity * unitPriceMinor,
  };
}
