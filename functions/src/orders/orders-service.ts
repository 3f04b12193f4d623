/** Order rules: ownership, status transitions, optimistic concurrency and idempotent creation. */
import { createHash } from "node:crypto";
import { Timestamp, type WriteBatch } from "firebase-admin/firestore";
import { profileIncomplete } from "../accounts/profile-incomplete.js";
import type { UsersRepository } from "../accounts/users-repository.js";
import { ApiError, PreconditionFailedError, ServiceUnavailableError, TooManyRequestsError } from "../http/errors.js";
import { SUPPRESSION_MESSAGES } from "../notifications/suppression.js";
import { etagOf, initialSmsState, presentOrder, suppressedSmsState, type OrderDocument } from "./order-document.js";
import { CreateContentionError, type OrdersRepository } from "./orders-repository.js";
import type { CreateOrderInput, OrderResponse, OrderStatus, PatchOrderInput, ReplaceOrderInput } from "./schemas.js";

export interface OrderResult {
  order: OrderResponse;
  etag: string;
}

const HOUR_MS = 3_600_000;

const orderNotFound = () => new ApiError("order_not_found", "No order with this id exists.");

/** The owner may only cancel a pending order; other status changes belong to staff. */
function assertOwnerTransition(from: OrderStatus, to: OrderStatus): void {
  if (from === to) return;
  if (from === "Pending" && to === "Canceled") return;
  throw new ApiError("invalid_status_transition", `An order cannot move from ${from} to ${to} here.`);
}

function assertEditable(order: OrderDocument): void {
  if (order.status !== "Pending") {
    throw new ApiError("order_not_editable", `A ${order.status.toLowerCase()} order can no longer be changed.`);
  }
}

/** Completed and canceled orders stay on the record, with their audit trail, for staff and the customer. */
function assertDeletable(order: OrderDocument): void {
  if (order.status !== "Pending") {
    throw new ApiError(
      "order_not_deletable",
      `A ${order.status.toLowerCase()} order stays on record; it cannot be deleted.`,
    );
  }
}

/** If-Match: "*" or a list of entity tags; weak tags never match (RFC 9110 strong comparison). */
export function ifMatchSatisfied(header: string | undefined, current: string): boolean {
  if (header === undefined) return true;
  const tags = header.split(",").map((tag) => tag.trim());
  return tags.includes("*") || tags.includes(current);
}

function requestFingerprint(input: CreateOrderInput): string {
  return createHash("sha256")
    .update(JSON.stringify([input.item, input.amountMinor]))
    .digest("hex");
}

export interface OrdersServiceDeps {
  orders: OrdersRepository;
  users: UsersRepository;
  /** Orders one account may create per clock hour (tallied in its profile). */
  ordersPerHour: number;
  currency: string;
  clock: () => Date;
}

export function createOrdersService({ orders, users, ordersPerHour, currency, clock }: OrdersServiceDeps) {
  /**
   * The customer's name and number, from the profile only the server writes, never from token claims
   * a user can set themselves.
   */
  async function customerOf(uid: string) {
    const profile = await users.getProfile(uid);
    if (!profile) throw profileIncomplete();
    const hour = Math.floor(clock().getTime() / HOUR_MS);
    return {
      customer: { uid, username: profile.username, phone_number: profile.phone_number },
      phoneProven: profile.phone_verified === true,
      hour,
      // The per-account limit is counted in the profile, which every new order reads anyway.
      ordersThisHour: profile.order_tally?.hour === hour ? profile.order_tally.count : 0,
    };
  }

  async function change(
    uid: string,
    id: string,
    ifMatch: string | undefined,
    mutate: (current: OrderDocument) => Partial<OrderDocument>,
  ): Promise<OrderResult> {
    const updated = await orders.update(uid, id, (current) => {
      if (!ifMatchSatisfied(ifMatch, etagOf(current))) throw new PreconditionFailedError();
      const fields = mutate(current);
      if (Object.keys(fields).length === 0) return {};
      return { ...fields, version: current.version + 1, updated_at: Timestamp.fromDate(clock()) };
    });
    if (!updated) throw orderNotFound();
    return { order: presentOrder(id, updated), etag: etagOf(updated) };
  }

  return {
    async create(
      uid: string,
      input: CreateOrderInput,
      idempotencyKey: string | undefined,
    ): Promise<OrderResult & { replayed: boolean }> {
      const { customer, phoneProven, ordersThisHour, hour } = await customerOf(uid);
      if (ordersThisHour >= ordersPerHour) {
        throw new TooManyRequestsError(
          "rate_limited",
          "Too many orders from this account this hour; wait before placing more.",
          Math.max(1, Math.ceil(((hour + 1) * HOUR_MS - clock().getTime()) / 1000)),
        );
      }
      const now = Timestamp.fromDate(clock());
      // No SMS to a number nobody proved: the order is kept, and says why it got none.
      const sms = phoneProven
        ? initialSmsState(now)
        : suppressedSmsState(now, "phone_not_verified", SUPPRESSION_MESSAGES.phone_not_verified);
      const draft: Omit<OrderDocument, "order_number"> = {
        item: input.item,
        amount_minor: input.amountMinor,
        currency,
        status: "Pending",
        created_at: now,
        updated_at: now,
        version: 1,
        customer,
        sms,
      };
      const idempotency = idempotencyKey ? { key: idempotencyKey, fingerprint: requestFingerprint(input) } : undefined;
      let outcome;
      try {
        // The order counts toward the hour's limit in the same batch that creates it.
        const tally = (batch: WriteBatch) => {
          users.tallyOrder(batch, uid, hour, ordersThisHour === 0);
        };
        outcome = await orders.create(uid, draft, presentOrder, idempotency, tally);
      } catch (error) {
        if (error instanceof CreateContentionError) {
          throw new ServiceUnavailableError(
            "order_number_contention",
            "Too many orders at once; retry shortly.",
            error,
            1,
          );
        }
        throw error;
      }
      switch (outcome.kind) {
        case "created":
          return { order: presentOrder(outcome.id, outcome.order), etag: etagOf(outcome.order), replayed: false };
        case "replayed":
          return { order: outcome.response, etag: `"1"`, replayed: true };
        case "key_reused_with_other_body":
          throw new ApiError(
            "idempotency_key_reused",
            "This Idempotency-Key was already used with a different request body.",
          );
      }
    },

    async get(uid: string, id: string): Promise<OrderResult> {
      const order = await orders.get(uid, id);
      if (!order) throw orderNotFound();
      return { order: presentOrder(id, order), etag: etagOf(order) };
    },

    async list(
      uid: string,
      query: { status: OrderStatus | undefined; limit: number; cursor: string | undefined },
    ): Promise<{ orders: OrderResponse[]; nextCursor: string | undefined }> {
      const page = await orders.list(uid, query);
      return { orders: page.orders.map(({ id, order }) => presentOrder(id, order)), nextCursor: page.nextCursor };
    },

    replace(uid: string, id: string, input: ReplaceOrderInput, ifMatch: string | undefined): Promise<OrderResult> {
      return change(uid, id, ifMatch, (current) => {
        assertEditable(current);
        return { item: input.item, amount_minor: input.amountMinor };
      });
    },

    patch(uid: string, id: string, input: PatchOrderInput, ifMatch: string | undefined): Promise<OrderResult> {
      return change(uid, id, ifMatch, (current) => {
        const fields: Partial<OrderDocument> = {};
        const editsContent = input.item !== undefined || input.amountMinor !== undefined;
        if (editsContent) assertEditable(current);
        if (input.item !== undefined && input.item !== current.item) fields.item = input.item;
        if (input.amountMinor !== undefined && input.amountMinor !== current.amount_minor) {
          fields.amount_minor = input.amountMinor;
        }
        if (input.status !== undefined) {
          assertOwnerTransition(current.status, input.status);
          if (input.status !== current.status) fields.status = input.status;
        }
        return fields;
      });
    },

    async remove(uid: string, id: string): Promise<void> {
      if (!(await orders.delete(uid, id, assertDeletable))) throw orderNotFound();
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
