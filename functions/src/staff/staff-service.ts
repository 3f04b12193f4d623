/** Staff rules: see every order, move a Pending order to Completed or Canceled, and tell the customer. */
import { ConflictError, NotFoundError, PreconditionFailedError } from "../http/errors.js";
import { etagOf, presentOrder, type OrderDocument } from "../orders/order-document.js";
import { ifMatchSatisfied } from "../orders/orders-service.js";
import { decodeCursor } from "../orders/cursor.js";
import type { StaffOrderRecord, StaffOrdersRepository } from "./staff-orders-repository.js";
import type { StaffListQuery, StaffOrderResponse } from "./schemas.js";

const ORDER_PATH = /^users\/[A-Za-z0-9]{1,128}\/orders\/[A-Za-z0-9]{1,64}$/;

export function presentStaffOrder({ id, order }: StaffOrderRecord): StaffOrderResponse {
  return {
    ...presentOrder(id, order),
    customer: { ...order.customer },
    audit: (order.audit ?? []).map((entry) => ({
      by: entry.by,
      at: entry.at.toDate().toISOString(),
      from: entry.from,
      to: entry.to,
    })),
  };
}

export function statusMessage(order: OrderDocument, to: "Completed" | "Canceled"): string {
  const outcome = to === "Completed" ? "has been completed" : "has been canceled";
  return `Dear ${order.customer.username}, your order #${order.order_number} ${outcome}.`;
}

export interface StaffServiceDeps {
  orders: StaffOrdersRepository;
  clock: () => Date;
}

export function createStaffService({ orders, clock }: StaffServiceDeps) {
  return {
    async list(query: StaffListQuery): Promise<{ orders: StaffOrderResponse[]; nextCursor?: string }> {
      const page = await orders.list({
        status: query.status,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(query.to) : undefined,
        limit: query.limit,
        after: query.cursor ? decodeCursor(query.cursor, ORDER_PATH) : undefined,
      });
      const presented = page.orders.map(presentStaffOrder);
      return page.nextCursor ? { orders: presented, nextCursor: page.nextCursor } : { orders: presented };
    },

    async changeStatus(
      staffUid: string,
      orderNumber: string,
      to: "Completed" | "Canceled",
      ifMatch: string | undefined,
    ): Promise<{ order: StaffOrderResponse; etag: string }> {
      const changed = await orders.changeStatus(orderNumber, {
        staffUid,
        to,
        at: clock(),
        check: (current) => {
          if (!ifMatchSatisfied(ifMatch, etagOf(current))) throw new PreconditionFailedError();
          if (current.status !== "Pending") {
            throw new ConflictError(
              "invalid_status_transition",
              `Only a Pending order can be ${to.toLowerCase()}; this one is ${current.status}.`,
            );
          }
        },
        notification: (current) => ({ to: current.customer.phone_number, message: statusMessage(current, to) }),
      });
      if (!changed) throw new NotFoundError("order_not_found", "No order with this order number exists.");
      return { order: presentStaffOrder(changed), etag: etagOf(changed.order) };
    },
  };
}

export type StaffService = ReturnType<typeof createStaffService>;
