/** Order rules as the API answers them: ownership, status transitions, optimistic concurrency and idempotent creation. */
import { Timestamp } from "firebase-admin/firestore";
import type { ProfileReader } from "../accounts/profile-reader.js";
import type { StoredProfile } from "../accounts/users-repository.js";
import type { Caller } from "../http/auth.js";
import { ApiError, PreconditionFailedError, ServiceUnavailableError, TooManyRequestsError } from "../http/errors.js";
import { newMessage, suppressedMessage, type MessageDraft } from "../sms/message.js";
import { SUPPRESSION_MESSAGES } from "../sms/suppression.js";
import type { Language } from "../platform/language.js";
import { confirmationText } from "../texts/sms-texts.js";
import { formatAmount } from "./money.js";
import { etagOf, presentOrder, type OrderDocument } from "./order-document.js";
import { baseOrderNumber, withSuffix } from "./order-number.js";
import { requestFingerprint, type CustomerChange, type Refusal } from "./order-rules.js";
import type { ChangeOutcome, OrdersRepository } from "./orders-repository.js";
import type { CreateOrderInput, OrderResponse, OrderStatus, PatchOrderInput, ReplaceOrderInput } from "./schemas.js";

export interface OrderResult {
  order: OrderResponse;
  etag: string;
}

const HOUR_MS = 3_600_000;
const MAX_CREATE_ATTEMPTS = 8;

const orderNotFound = () => new ApiError("order_not_found", "No order with this id exists.");

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
  }
}

export interface OrdersServiceDeps {
  orders: OrdersRepository;
  /** The customer's profile, in step with the account's sign-in. */
  profiles: ProfileReader;
  /** Orders one account may create per clock hour (tallied in its profile). */
  ordersPerHour: number;
  currency: string;
  /** The language of customers who have not chosen one. */
  defaultLanguage: Language;
  clock: () => Date;
}

export function createOrdersService(deps: OrdersServiceDeps) {
  const { orders, profiles, ordersPerHour, currency, defaultLanguage, clock } = deps;

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

  /** The confirmation SMS the order carries; none to a number nobody proved (the order says why). */
  function confirmation(profile: StoredProfile, order: Omit<OrderDocument, "sms">, now: Date) {
    const language: Language = profile.language ?? defaultLanguage;
    const draft: MessageDraft = {
      kind: "order_confirmation",
      to: profile.phone_number,
      account: order.customer.uid,
      text: confirmationText(
        {
          username: profile.username,
          orderNumber: order.order_number,
          item: order.item,
          amount: formatAmount(order.amount_minor),
        },
        language,
      ),
    };
    return profile.phone_verified === true
      ? newMessage(draft, now)
      : suppressedMessage(draft, now, "phone_not_verified", SUPPRESSION_MESSAGES.phone_not_verified);
  }

  function changed(outcome: ChangeOutcome): OrderResult {
    switch (outcome.kind) {
      case "changed":
        return { order: presentOrder(outcome.id, outcome.order), etag: etagOf(outcome.order) };
      case "not_found":
        throw orderNotFound();
      case "refused":
        throw refusalError(outcome.refusal);
    }
  }

  return {
    async create(
      caller: Caller,
      input: CreateOrderInput,
      idempotencyKey: string | undefined,
    ): Promise<OrderResult & { replayed: boolean }> {
      // The customer's name and number, from the profile only the server writes, never from token
      // claims a user can set themselves.
      const profile = await profiles.profileOf(caller);
      const { uid } = caller;
      const now = clock();
      const hour = Math.floor(now.getTime() / HOUR_MS);
      const ordersThisHour = enforceHourlyLimit(profile, hour);
      const at = Timestamp.fromDate(now);
      const base = baseOrderNumber(input.item, now);
      const id = orders.newOrderId(uid);
      const idempotency = idempotencyKey
        ? { key: idempotencyKey, fingerprint: requestFingerprint([input.item, input.amountMinor]) }
        : undefined;
      // A taken order number is retried with a random suffix; a key claimed meanwhile turns into a replay.
      for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
        const content: Omit<OrderDocument, "sms"> = {
          item: input.item,
          amount_minor: input.amountMinor,
          currency,
          order_number: attempt === 0 ? base : withSuffix(base),
          status: "Pending",
          created_at: at,
          updated_at: at,
          version: 1,
          customer: {
            uid,
            username: profile.username,
            phone_number: profile.phone_number,
            language: profile.language ?? defaultLanguage,
          },
          history: [{ at, status: "Pending", by: "customer", reason: null }],
        };
        const order: OrderDocument = { ...content, sms: confirmation(profile, content, now) };
        const outcome = await orders.create(uid, order, {
          idempotency,
          // The order counts toward the hour's limit in the same batch that creates it.
          tally: { hour, firstThisHour: ordersThisHour === 0 },
          orderId: id,
        });
        switch (outcome.kind) {
          case "created":
            return { order: presentOrder(outcome.id, outcome.order), etag: etagOf(outcome.order), replayed: false };
          case "replayed":
            // The first answer, as it was: the order as first created.
            return { order: presentOrder(outcome.id, outcome.order), etag: etagOf(outcome.order), replayed: true };
          case "key_reused_with_other_body":
            throw new ApiError(
              "idempotency_key_reused",
              "This Idempotency-Key was already used with a different request body.",
            );
          case "collision":
            continue;
        }
      }
      throw new ServiceUnavailableError(
        "order_number_contention",
        "Too many orders at once; retry shortly.",
        undefined,
        1,
      );
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
      const change: CustomerChange = { type: "replace", item: input.item, amountMinor: input.amountMinor };
      return changed(await orders.change(uid, id, change, ifMatch, clock()));
    },

    async patch(uid: string, id: string, input: PatchOrderInput, ifMatch: string | undefined): Promise<OrderResult> {
      const change: CustomerChange = { type: "patch", ...input };
      return changed(await orders.change(uid, id, change, ifMatch, clock()));
    },

    async remove(uid: string, id: string): Promise<void> {
      const outcome = await orders.delete(uid, id);
      if (outcome.kind === "not_found") throw orderNotFound();
      if (outcome.kind === "refused") throw refusalError(outcome.refusal);
    },
  };
}

export type OrdersService = ReturnType<typeof createOrdersService>;
