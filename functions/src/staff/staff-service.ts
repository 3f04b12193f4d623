/** Staff rules: see every order, move a Pending order to Completed or Canceled, and tell the customer. */
import type { UsersRepository } from "../accounts/users-repository.js";
import { ApiError, PreconditionFailedError } from "../http/errors.js";
import { statusMessage } from "../notifications/messages.js";
import { etagOf, presentOrder, presentSms } from "../orders/order-document.js";
import { ifMatchSatisfied } from "../orders/orders-service.js";
import type { OrderStatus } from "../orders/schemas.js";
import type { StaffOrderResponse } from "./schemas.js";
import type { StaffOrderRecord, StaffOrdersRepository } from "./staff-orders-repository.js";

const orderNotFound = () => new ApiError("order_not_found", "No order with this order number exists.");

function presentStaffOrder({ id, order, statusMessages }: StaffOrderRecord): StaffOrderResponse {
  return {
    ...presentOrder(id, order),
    ...(statusMessages
      ? { status_messages: statusMessages.map((message) => ({ ...message, sms: presentSms(message.sms) })) }
      : {}),
    customer: { ...order.customer },
    audit: (order.audit ?? []).map((entry) => ({
      by: entry.by,
      at: entry.at.toDate().toISOString(),
      from: entry.from,
      to: entry.to,
    })),
  };
}

export interface StaffServiceDeps {
  orders: StaffOrdersRepository;
  users: UsersRepository;
  clock: () => Date;
}

export interface StaffOrderResult {
  order: StaffOrderResponse;
  etag: string;
}

export function createStaffService({ orders, users, clock }: StaffServiceDeps) {
  return {
    async list(query: {
      status: OrderStatus | undefined;
      from: string | undefined;
      to: string | undefined;
      limit: number;
      cursor: string | undefined;
    }): Promise<{ orders: StaffOrderResponse[]; nextCursor: string | undefined }> {
      const page = await orders.list({
        status: query.status,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { orders: page.orders.map(presentStaffOrder), nextCursor: page.nextCursor };
    },

    async get(orderNumber: string): Promise<StaffOrderResult> {
      const record = await orders.get(orderNumber);
      if (!record) throw orderNotFound();
      return { order: presentStaffOrder(record), etag: etagOf(record.order) };
    },

    async changeStatus(
      staffUid: string,
      orderNumber: string,
      to: "Completed" | "Canceled",
      ifMatch: string | undefined,
    ): Promise<StaffOrderResult> {
      const profile = await users.getProfile(staffUid);
      const changed = await orders.changeStatus(orderNumber, {
        staff: { uid: staffUid, username: profile?.username ?? "staff" },
        to,
        at: clock(),
        check: (current) => {
          if (!ifMatchSatisfied(ifMatch, etagOf(current))) throw new PreconditionFailedError();
          if (current.status !== "Pending") {
            throw new ApiError(
              "invalid_status_transition",
              `Only a Pending order can be ${to.toLowerCase()}; this one is ${current.status}.`,
            );
          }
        },
        notification: (current) => ({ to: current.customer.phone_number, message: statusMessage(current, to) }),
      });
      if (!changed) throw orderNotFound();
      return { order: presentStaffOrder(changed), etag: etagOf(changed.order) };
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
