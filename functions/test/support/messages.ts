/** Building blocks for tests of the SMS engine: its dependencies, and carriers as the API writes them. */
import { Timestamp, type DocumentReference, type Firestore } from "firebase-admin/firestore";
import type { SmsBudget } from "../../src/config.js";
import { formatAmount } from "../../src/platform/money.js";
import type { OrderDocument } from "../../src/orders/order-document.js";
import type { DeliveryDeps } from "../../src/sms/delivery.js";
import { newMessage, type SmsMessage } from "../../src/sms/message.js";
import type { SmsSender } from "../../src/sms/senders/sender.js";
import { createSmsRepository, VERIFICATION_MESSAGES } from "../../src/sms/sms-repository.js";
import { confirmationText } from "../../src/texts/sms-texts.js";

/** Budgets no test reaches unless it sets one: the budgets have tests of their own. */
export function roomyBudget(overrides: Partial<SmsBudget> = {}): SmsBudget {
  return {
    accountPerHour: 1000,
    accountPerDay: 1000,
    numberPerHour: 1000,
    numberPerDay: 1000,
    projectPerDay: 1_000_000,
    codesPerDay: 1_000_000,
    shopAlertsPerDay: 1_000_000,
    repliesPerDay: 1_000_000,
    repliesPerNumberPerDay: 1000,
    warnPercent: 80,
    ...overrides,
  };
}

/** Kenya, as the shop's default settings have it. */
export const KENYA = { defaultRegion: "KE", allowedRegions: ["KE"] };

export function deliveryDeps(
  db: Firestore,
  sender: SmsSender,
  overrides: Partial<Omit<DeliveryDeps, "sms" | "sender">> = {},
): DeliveryDeps {
  return {
    sms: createSmsRepository(db),
    sender,
    budget: roomyBudget(),
    destinations: KENYA,
    timeZone: "Africa/Nairobi",
    ...overrides,
  };
}

/** Records that an account proved a number, as the API does when the owner types back the code. */
export async function proveNumber(db: Firestore, uid: string, phone: string): Promise<void> {
  await db.collection("phone_numbers").doc(phone).set({ uid, verified_at: Timestamp.now() }, { merge: true });
}

/** An order with its pending confirmation, for a customer who proved the number, written as the API writes it. */
export async function provenOrder(
  db: Firestore,
  customer: { uid: string; username: string; phone: string },
  overrides: Partial<OrderDocument> = {},
): Promise<DocumentReference> {
  await proveNumber(db, customer.uid, customer.phone);
  const now = Timestamp.now();
  const ref = db.collection("users").doc(customer.uid).collection("orders").doc();
  const content: Omit<OrderDocument, "sms"> = {
    item: "Laptop",
    amount_minor: 120000,
    currency: "KES",
    order_number: `LA${Date.now()}`,
    status: "Pending",
    created_at: now,
    updated_at: now,
    version: 1,
    customer: { uid: customer.uid, username: customer.username, phone_number: customer.phone, language: "en" },
    ...overrides,
  };
  const sms = newMessage(
    {
      kind: "order_confirmation",
      to: customer.phone,
      account: customer.uid,
      text: confirmationText(
        {
          username: content.customer.username,
          orderNumber: content.order_number,
          item: content.item,
          amount: formatAmount(content.amount_minor),
        },
        "en",
      ),
    },
    now.toDate(),
  );
  await ref.create({ ...content, sms, ...overrides });
  return ref;
}

/** A verification code on its way, as the API queues it. */
export async function queuedCode(db: Firestore, account: string, to: string): Promise<DocumentReference> {
  const at = new Date();
  return db.collection(VERIFICATION_MESSAGES).add({
    created_at: Timestamp.fromDate(at),
    sms: newMessage({ kind: "verification_code", to, account, text: "Your verification code is 123456." }, at),
  });
}

export async function smsOf(ref: DocumentReference): Promise<SmsMessage> {
  return (await ref.get()).get("sms") as SmsMessage;
}
