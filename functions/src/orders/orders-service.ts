/** Order rules as the API answers them: ownership, status transitions, optimistic concurrency and idempotent creation. */
import { Timestamp } from "firebase-admin/firestore";
import type { ProfileReader } from "../accounts/profile-reader.js";
import type { StoredProfile } from "../accounts/users-repository.js";
import type { Caller } from "../http/auth.js";
import {
  ApiError,
  PreconditionFailedError,
  ServiceUnavailableError,
  TooManyRequestsError,
  type FieldError,
} from "../http/errors.js";
import type { Language } from "../platform/language.js";
import { formatAmount } from "../platform/money.js";
import { newMessage } from "../sms/message.js";
import { shopAlertText } from "../texts/sms-texts.js";
import { confirmationOf } from "./confirmation.js";
import { etagOf, presentOrder, type OrderDocument } from "./order-document.js";
import type { LinesRefusal } from "./order-lines.js";
import { baseOrderNumber, randomSuffix, withSuffix } from "./order-number.js";
import { requestFingerprint, type CustomerChange, type Refusal } from "./order-rules.js";
import type { ChangeOutcome, LinesChangeOutcome, OrdersRepository } from "./orders-repository.js";
import type {
  CreateOrderInput,
  LineRequest,
  OrderResponse,
  OrderStatus,
  PatchOrderInput,
  ReplaceOrderInput,
} from "./schemas.js";

export interface OrderResult {
  order: OrderResponse;
  etag: string;
}

const HOUR_MS = 3_600_000;
const MAX_CREATE_ATTEMPTS = 8;

const orderNotFound = () => new ApiError("order_not_found", "No order with this id exists.");
const keyReused = () =>
  new ApiError("idempotency_key_reused", "This Idempotency-Key was already used with a different request body.");
const numberContention = () =>
  new ServiceUnavailableError("order_number_contention", "Too many orders at once; retry shortly.", undefined, 1);

/** A refused change, as the API answers it. */
export function refusalError(refusal: Refusal): ApiError {
  switch (refusal.reason) {
    case "precondition_failed":
      return new PreconditionFailedError();
    case "not_editable":
      return new ApiError("order_not_editable", `A ${refusal.status.toLowerCase()} order can no longer be changed.`);
    case "not_deletable":
      return new ApiError(
        "order_not_deletable",
        `A ${refusal.status.toLowerCase()} order stays on record; it cannot be deleted.`,
      );
    case "invalid_transition":
      return new ApiError(
        "invalid_status_transition",
        `An order cannot move from ${refusal.from} to ${refusal.to} here.`,
      );
    case "catalogue_order":
      return new ApiError(
        "catalogue_order",
        "This order was made from the catalogue: change its lines; its item and amount follow from them.",
      );
  }
}

/** Units, as a person would say them. */
const units = (count: number) => `${count} ${count === 1 ? "unit" : "units"}`;

/** Lines the products refused, as the API answers them: each offending line named by its path. */
export function linesRefusalError(refusal: LinesRefusal): ApiError {
  switch (refusal.reason) {
    case "product_unavailable": {
      const errors: FieldError[] = refusal.lines.map((line) => ({
        field: `lines.${line.index}.product_id`,
        message:
          line.problem === "archived" ? `${line.name ?? "This product"} is no longer sold.` : "No product has this id.",
      }));
      return new ApiError("product_unavailable", "Some lines name products that are not on sale.", { errors });
    }
    case "out_of_stock": {
      const errors: FieldError[] = refusal.lines.map((line) => ({
        field: `lines.${line.index}.quantity`,
        message:
          line.available === 0
            ? `${line.name} is out of stock (0 available; ${units(line.requested)} asked).`
            : `Only ${line.available} of ${line.name} available; ${units(line.requested)} asked.`,
      }));
      return new ApiError("out_of_stock", "There is not enough stock for some lines; nothing was ordered.", {
        errors,
      });
    }
    case "total_too_large":
      return new ApiError("validation_error", "The order's total is too large.", {
        errors: [{ field: "lines", message: "The total would pass 99999999.99: split the order." }],
      });
  }
}

const stockContention = () =>
  new ServiceUnavailableError(
    "stock_contention",
    "Too many orders for these products at once; nothing was taken. Retry shortly.",
    undefined,
    1,
  );

/** Whether the shop still takes the original free-text orders, or only orders from its catalogue. */
export type Ordering = "both" | "catalogue_only";

const catalogueOnly = () =>
  new ApiError(
    "catalogue_only",
    "This shop takes orders from its catalogue only: send lines of products (GET /products/) instead of item and amount.",
  );

export interface OrdersServiceDeps {
  orders: OrdersRepository;
  /** The customer's profile, in step with the account's sign-in. */
  profiles: ProfileReader;
  /** Orders one account may create per clock hour (tallied in its profile). */
  ordersPerHour: number;
  currency: string;
  /** ORDERING: whether free-text orders (item and amount) are still accepted. */
  ordering: Ordering;
  /** The language of customers who have not chosen one. */
  defaultLanguage: Language;
  /** The shop's own numbers, each told of every new order by SMS (none: no such SMS), and their language. */
  shopAlerts: { numbers: readonly string[]; language: Language };
  clock: () => Date;
}

export function createOrdersService(deps: OrdersServiceDeps) {
  const { orders, profiles, ordersPerHour, currency, ordering, defaultLanguage, shopAlerts, clock } = deps;

  /** The shop's new-order SMS, one per number; the SMS engine applies their own daily budget. */
  function alertsFor(
    order: Pick<OrderDocument, "order_number" | "item" | "amount_minor" | "currency" | "customer">,
    now: Date,
  ) {
    if (shopAlerts.numbers.length === 0) return [];
    const text = shopAlertText(
      {
        orderNumber: order.order_number,
        item: order.item,
        amount: formatAmount(order.amount_minor),
        currency: order.currency,
        username: order.customer.username,
      },
      shopAlerts.language,
    );
    return shopAlerts.numbers.map((to) => newMessage({ kind: "shop_alert", to, account: null, text }, now));
  }

  function enforceHourlyLimit(profile: StoredProfile, hour: number): number {
    const ordersThisHour = profile.order_tally?.hour === hour ? profile.order_tally.count : 0;
    if (ordersThisHour >= ordersPerHour) {
      throw new TooManyRequestsError(
        "rate_limited",
        "Too many orders from this account this hour; wait before placing more.",
        Math.max(1, Math.ceil(((hour + 1) * HOUR_MS - clock().getTime()) / 1000)),
      );
    }
    return ordersThisHour;
  }

  function changed(outcome: ChangeOutcome | LinesChangeOutcome): OrderResult {
    switch (outcome.kind) {
      case "changed":
        return { order: presentOrder(outcome.id, outcome.order), etag: etagOf(outcome.order) };
      case "not_found":
        throw orderNotFound();
      case "refused":
        throw refusalError(outcome.refusal);
      case "lines_refused":
        throw linesRefusalError(outcome.refusal);
      case "contention":
        throw stockContention();
    }
  }

  /** The customer as the order keeps them, and the start of the order every create shares. */
  function draftOf(uid: string, profile: StoredProfile, at: Timestamp) {
    return {
      currency,
      status: "Pending" as const,
      created_at: at,
      updated_at: at,
      version: 1,
      customer: {
        uid,
        username: profile.username,
        phone_number: profile.phone_number,
        language: profile.language ?? defaultLanguage,
      },
      history: [{ at, status: "Pending" as const, by: "customer" as const, reason: null }],
    };
  }

  /** An order from the catalogue: priced, summarised and its stock taken in one transaction. */
  async function createFromLines(
    uid: string,
    profile: StoredProfile,
    lines: readonly LineRequest[],
    context: { now: Date; hour: number; ordersThisHour: number; idempotencyKey: string | undefined },
  ): Promise<OrderResult & { replayed: boolean }> {
    const draft = draftOf(uid, profile, Timestamp.fromDate(context.now));
    const id = orders.newOrderId(uid);
    const idempotency = context.idempotencyKey
      ? {
          key: context.idempotencyKey,
          fingerprint: requestFingerprint(["lines", lines.map((line) => [line.productId, line.quantity])]),
        }
      : undefined;
    for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
      const outcome = await orders.createFromLines(
        uid,
        {
          draft,
          lines,
          suffix: attempt === 0 ? undefined : randomSuffix(),
          phoneVerified: profile.phone_verified === true,
        },
        { idempotency, tally: { hour: context.hour, firstThisHour: context.ordersThisHour === 0 }, orderId: id },
      );
      switch (outcome.kind) {
        case "created":
          // Priced in the transaction, so its alerts follow it (each once: they are named after the order).
          await orders.addShopAlerts(uid, outcome.id, alertsFor(outcome.order, context.now));
          return { order: presentOrder(outcome.id, outcome.order), etag: etagOf(outcome.order), replayed: false };
        case "replayed":
          return {
            order: presentOrder(outcome.id, outcome.order),
            etag: etagOf(outcome.order),
            replayed: true,
          };
        case "key_reused_with_other_body":
          throw keyReused();
        case "lines_refused":
          throw linesRefusalError(outcome.refusal);
        case "contention":
          throw stockContention();
        case "collision":
          continue;
      }
    }
    throw numberContention();
  }

  return {
    async create(
      caller: Caller,
      input: CreateOrderInput,
      idempotencyKey: string | undefined,
    ): Promise<OrderResult & { replayed: boolean }> {
      if (!("lines" in input) && ordering === "catalogue_only") throw catalogueOnly();
      // The customer's name and number, from the profile only the server writes (in step with the
      // account's sign-in), never from token claims a user can set themselves.
      const profile = await profiles.profileOf(caller);
      const { uid } = caller;
      const now = clock();
      const hour = Math.floor(now.getTime() / HOUR_MS);
      const ordersThisHour = enforceHourlyLimit(profile, hour);
      if ("lines" in input) {
        return createFromLines(uid, profile, input.lines, { now, hour, ordersThisHour, idempotencyKey });
      }
      const at = Timestamp.fromDate(now);
      const base = baseOrderNumber(input.item, now);
      const id = orders.newOrderId(uid);
      const idempotency = idempotencyKey
        ? { key: idempotencyKey, fingerprint: requestFingerprint([input.item, input.amountMinor]) }
        : undefined;
      // A taken order number is retried with a random suffix; a key claimed meanwhile turns into a replay.
      for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
        const content: Omit<OrderDocument, "sms"> = {
          ...draftOf(uid, profile, at),
          item: input.item,
          amount_minor: input.amountMinor,
          order_number: attempt === 0 ? base : withSuffix(base),
        };
        const order: OrderDocument = { ...content, sms: confirmationOf(content, profile.phone_verified === true, now) };
        const outcome = await orders.create(uid, order, {
          idempotency,
          // The order counts toward the hour's limit in the same batch that creates it.
          tally: { hour, firstThisHour: ordersThisHour === 0 },
          orderId: id,
          shopAlerts: alertsFor(content, now),
        });
        switch (outcome.kind) {
          case "created":
            return { order: presentOrder(outcome.id, outcome.order), etag: etagOf(outcome.order), replayed: false };
          case "replayed":
            // The first answer, as it was: the order as first created.
            return { order: presentOrder(outcome.id, outcome.order), etag: etagOf(outcome.order), replayed: true };
          case "key_reused_with_other_body":
            throw keyReused();
          case "collision":
            continue;
        }
      }
      throw numberContention();
    },

    async get(uid: string, id: string): Promise<OrderResult> {
      const order = await orders.get(uid, id);
      if (!order) throw orderNotFound();
      return { order: presentOrder(id, order), etag: etagOf(order) };
    },

    /** The customer's own order by its number, if it is theirs. */
    async findByNumber(uid: string, orderNumber: string): Promise<OrderResponse | undefined> {
      const found = await orders.findOwnByNumber(uid, orderNumber);
      return found ? presentOrder(found.id, found.order) : undefined;
    },

    async list(
      uid: string,
      query: { status: OrderStatus | undefined; limit: number; cursor: string | undefined },
    ): Promise<{ orders: OrderResponse[]; nextCursor: string | undefined }> {
      const page = await orders.list(uid, query);
      return { orders: page.orders.map(({ id, order }) => presentOrder(id, order)), nextCursor: page.nextCursor };
    },

    async replace(
      uid: string,
      id: string,
      input: ReplaceOrderInput,
      ifMatch: string | undefined,
    ): Promise<OrderResult> {
      if ("lines" in input) return changed(await orders.changeLines(uid, id, input.lines, ifMatch, clock()));
      if (ordering === "catalogue_only") throw catalogueOnly();
      const change: CustomerChange = { type: "replace", item: input.item, amountMinor: input.amountMinor };
      return changed(await orders.change(uid, id, change, ifMatch, clock()));
    },

    async patch(uid: string, id: string, input: PatchOrderInput, ifMatch: string | undefined): Promise<OrderResult> {
      if ("lines" in input) return changed(await orders.changeLines(uid, id, input.lines, ifMatch, clock()));
      if (ordering === "catalogue_only" && (input.item !== undefined || input.amountMinor !== undefined)) {
        throw catalogueOnly();
      }
      const change: CustomerChange = { type: "patch", ...input };
      return changed(await orders.change(uid, id, change, ifMatch, clock()));
    },

    async remove(uid: string, id: string): Promise<void> {
      const outcome = await orders.delete(uid, id, clock());
      if (outcome.kind === "not_found") throw orderNotFound();
      if (outcome.kind === "refused") throw refusalError(outcome.refusal);
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
