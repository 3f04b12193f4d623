/** Staff rules: see every order, move a Pending order to Completed or Canceled, and tell the customer. */
import type { UsersRepository } from "../accounts/users-repository.js";
import { ApiError } from "../http/errors.js";
import { readPhoneNumber, type PhonePolicy } from "../phone/phone-number.js";
import { etagOf, presentOrder, type OrderDocument } from "../orders/order-document.js";
import type { OrdersRepository, StaffOrderRecord } from "../orders/orders-repository.js";
import { refusalError } from "../orders/orders-service.js";
import type { OrderStatus } from "../orders/schemas.js";
import type { Consent } from "../sms/delivery-rules.js";
import { newMessage } from "../sms/message.js";
import { presentSms } from "../sms/present.js";
import type { SmsRepository } from "../sms/sms-repository.js";
import { statusText } from "../texts/sms-texts.js";
import type { StaffOrderResponse } from "./schemas.js";

const orderNotFound = () => new ApiError("order_not_found", "No order with this order number exists.");

/** An order as staff see it; with the number's consent now when one order is read (lists leave it out). */
function presentStaffOrder({ id, order, statusMessages }: StaffOrderRecord, consent?: Consent): StaffOrderResponse {
  return {
    ...presentOrder(id, order),
    ...(statusMessages
      ? { status_messages: statusMessages.map((message) => ({ ...message, sms: presentSms(message.sms) })) }
      : {}),
    customer: {
      uid: order.customer.uid,
      username: order.customer.username,
      phone_number: order.customer.phone_number,
      ...(consent
        ? {
            sms_opted_out: consent.optedOut,
            sms_opted_out_at: consent.optedOutAt ? consent.optedOutAt.toISOString() : null,
          }
        : {}),
    },
    audit: (order.audit ?? []).map((entry) => ({
      by: entry.by,
      at: entry.at.toDate().toISOString(),
      from: entry.from,
      to: entry.to,
      reason: entry.reason ?? null,
    })),
  };
}

export interface StaffServiceDeps {
  orders: OrdersRepository;
  users: UsersRepository;
  /** Whether a customer's number takes SMS now (their STOP). */
  sms: SmsRepository;
  /** How a searched phone number is read (the shop's default region). */
  phones: PhonePolicy;
  clock: () => Date;
}

/** How many accounts a username prefix may name in one search (Firestore's `in` takes at most 30). */
const CUSTOMERS_PER_SEARCH = 10;

export interface StaffOrderResult {
  order: StaffOrderResponse;
  etag: string;
}

/** The status SMS of an order, from what the order captured when it was placed (none of it changes later). */
function statusMessage(order: OrderDocument, to: "Completed" | "Canceled", at: Date) {
  const text = statusText(
    { username: order.customer.username, orderNumber: order.order_number },
    to,
    order.customer.language ?? "en",
  );
  return newMessage({ kind: "order_status", to: order.customer.phone_number, account: order.customer.uid, text }, at);
}

export function createStaffService({ orders, users, sms, phones, clock }: StaffServiceDeps) {
  /**
   * Whose orders a search names: a phone number (as people type it) names those ordered with it; any
   * other text is the start of a username.
   */
  async function customerFilter(search: string): Promise<{ phone: string } | { uids: string[] }> {
    const phone = await readPhoneNumber(search, phones);
    if (phone.ok) return { phone: phone.e164 };
    return { uids: await users.uidsByUsernamePrefix(search, CUSTOMERS_PER_SEARCH) };
  }

  return {
    async list(query: {
      status: OrderStatus | undefined;
      from: string | undefined;
      to: string | undefined;
      customer: string | undefined;
      limit: number;
      cursor: string | undefined;
    }): Promise<{ orders: StaffOrderResponse[]; nextCursor: string | undefined }> {
      const customer = query.customer === undefined ? undefined : await customerFilter(query.customer);
      if (customer && "uids" in customer && customer.uids.length === 0) return { orders: [], nextCursor: undefined };
      const page = await orders.listAll({
        status: query.status,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        customers: customer,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { orders: page.orders.map((record) => presentStaffOrder(record)), nextCursor: page.nextCursor };
    },

    async get(orderNumber: string): Promise<StaffOrderResult> {
      const record = await orders.getByNumber(orderNumber);
      if (!record) throw orderNotFound();
      const consent = await sms.consentOf(record.order.customer.phone_number);
      return { order: presentStaffOrder(record, consent), etag: etagOf(record.order) };
    },

    async changeStatus(
      staffUid: string,
      orderNumber: string,
      change: { to: "Completed" | "Canceled"; reason: string | undefined },
      ifMatch: string | undefined,
    ): Promise<StaffOrderResult> {
      const { to } = change;
      const [profile, current] = await Promise.all([users.getProfile(staffUid), orders.findByNumber(orderNumber)]);
      if (!current) throw orderNotFound();
      const consent = await sms.consentOf(current.customer.phone_number);
      const at = clock();
      const outcome = await orders.changeStatusByStaff(orderNumber, {
        staff: { uid: staffUid, username: profile?.username ?? "staff" },
        to,
        reason: change.reason ?? null,
        ifMatch,
        at,
        notification: { message: statusMessage(current, to, at) },
      });
      switch (outcome.kind) {
        case "changed":
          return {
            order: presentStaffOrder({ id: outcome.id, order: outcome.order }, consent),
            etag: etagOf(outcome.order),
          };
        case "not_found":
          throw orderNotFound();
        case "refused":
          throw refusalError(outcome.refusal);
      }
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
