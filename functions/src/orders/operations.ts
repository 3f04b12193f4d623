/** A customer's own orders: the operations, each with its contract and its (thin) handler. */
import type { Request } from "express";
import { z } from "zod";
import { etagHeader, ifMatchParameter, linkHeader, locationHeader } from "../http/common-contract.js";
import { parameter, responseHeader } from "../http/contract.js";
import { operationsUsing, reply } from "../http/operations.js";
import { relativeReference } from "../http/relative-reference.js";
import type { OrderResult, OrdersService } from "./orders-service.js";
import { cursorParameter, limitParameter, nextPageLink } from "../http/pagination.js";
import {
  createOrderRequestSchema,
  exampleOrder,
  ORDER_ID_PATTERN,
  orderListSchema,
  orderSchema,
  orderStatusSchema,
  patchOrderRequestSchema,
  replaceOrderRequestSchema,
} from "./schemas.js";

export interface OrdersServices {
  orders: OrdersService;
}

const operation = operationsUsing<OrdersServices>();

const orderIdParameter = parameter({
  id: "OrderId",
  name: "id",
  in: "path",
  required: true,
  description: "The order's id.",
  schema: z.string().max(64).regex(ORDER_ID_PATTERN),
  example: exampleOrder.id,
});

const idempotencyKeyParameter = parameter({
  id: "IdempotencyKey",
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "The same key and body within 24 hours replays the first answer; another body is a 422.",
  schema: z
    .string()
    .min(1, "Use an Idempotency-Key of 1-255 characters.")
    .max(255, "Use an Idempotency-Key of at most 255 characters.")
    .regex(/^[\x21-\x7e]+$/, "Use printable ASCII characters without spaces in the Idempotency-Key.")
    .optional(),
  example: "7d8f0c52-order-1",
});

const statusFilterParameter = parameter({
  id: "StatusFilter",
  name: "status",
  in: "query",
  required: false,
  description: "Only orders with this status.",
  schema: orderStatusSchema.optional(),
  example: "Pending",
});

const idempotentReplayedHeader = responseHeader({
  id: "IdempotentReplayed",
  name: "Idempotent-Replayed",
  description: "`true` when the answer replays an earlier create.",
  schema: z.literal("true"),
  example: "true",
});

const orderWithEtag = (description: string) => ({ description, body: orderSchema, headers: [etagHeader] }) as const;

function requestPath(req: Request): string {
  return req.originalUrl.split("?")[0] ?? "/";
}

/** Where the new order lives, relative to the create URL (see relativeReference for why). */
function orderLocation(req: Request, id: string): string {
  const collection = requestPath(req)
    .replace(/\/create\/?$/, "")
    .replace(/\/$/, "");
  return relativeReference(requestPath(req), `${collection}/${id}/`);
}

const withEtag = (result: OrderResult) => reply.ok(result.order, { ETag: result.etag });

const createResponses = {
  201: {
    description: "Created (or, for a repeated Idempotency-Key, earlier).",
    body: orderSchema,
    headers: [locationHeader, etagHeader],
    optionalHeaders: [idempotentReplayedHeader],
  },
} as const;

function createOrderOperation(operationId: string, path: "/orders/" | "/orders/create/", legacy: boolean) {
  return operation({
    operationId,
    method: "post",
    path,
    summary: legacy ? "Create an order (the original API's path)" : "Create an order",
    description: legacy
      ? "Kept for the original API's clients; new clients use `POST /orders/`."
      : "Free text `{item, amount}`, or `{lines}` from the catalogue, priced by the shop. A confirmation SMS follows; watch `sms`.",
    tags: ["Orders"],
    access: "customer",
    // The original API's path: said deprecated on every answer, with the day it may stop answering.
    deprecated: legacy ? { since: "2026-11-27", sunset: "2027-06-30", successor: "/orders/" } : undefined,
    headers: [idempotencyKeyParameter],
    body: { schema: createOrderRequestSchema, example: { item: "Laptop", amount: 1200 } },
    responses: createResponses,
    errors: [
      "product_unavailable",
      "profile_incomplete",
      "out_of_stock",
      "catalogue_only",
      "rate_limited",
      "idempotency_key_reused",
      "order_number_contention",
      "stock_contention",
    ],
    handle: async ({ body, headers, caller, req }, { orders }) => {
      const result = await orders.create(caller, body, headers["Idempotency-Key"]);
      return reply.created(result.order, {
        Location: orderLocation(req, result.order.id),
        ETag: result.etag,
        ...(result.replayed ? { "Idempotent-Replayed": "true" } : {}),
      });
    },
  });
}

export const orderOperations = [
  createOrderOperation("createOrder", "/orders/", false),
  createOrderOperation("createOrderLegacy", "/orders/create/", true),

  operation({
    operationId: "listOrders",
    method: "get",
    path: "/orders/",
    summary: "List the caller's orders, newest first",
    description: "A plain array; the next page is in `Link`.",
    tags: ["Orders"],
    access: "customer",
    query: [statusFilterParameter, limitParameter, cursorParameter],
    responses: {
      200: { description: "A page of orders.", body: orderListSchema, optionalHeaders: [linkHeader] },
    },
    errors: ["invalid_cursor"],
    handle: async ({ query, caller, req }, { orders }) => {
      const page = await orders.list(caller.uid, { status: query.status, limit: query.limit, cursor: query.cursor });
      return reply.ok(page.orders, page.nextCursor ? { Link: nextPageLink(req, page.nextCursor, query.limit) } : {});
    },
  }),

  operation({
    operationId: "getOrder",
    method: "get",
    path: "/orders/{id}/",
    summary: "Read one order",
    description: "Another customer's order is a 404, never a 403.",
    tags: ["Orders"],
    access: "customer",
    params: [orderIdParameter],
    paramsNotFound: "order_not_found",
    responses: { 200: orderWithEtag("The order.") },
    errors: ["order_not_found"],
    handle: async ({ params, caller }, { orders }) => withEtag(await orders.get(caller.uid, params.id)),
  }),

  operation({
    operationId: "replaceOrder",
    method: "put",
    path: "/orders/{id}/",
    summary: "Replace a Pending order's item and amount, or its lines",
    description: "`{item, amount}`, or `{lines}` at today's prices.",
    tags: ["Orders"],
    access: "customer",
    params: [orderIdParameter],
    paramsNotFound: "order_not_found",
    headers: [ifMatchParameter],
    body: { schema: replaceOrderRequestSchema, example: { item: "Gaming laptop", amount: "1500.00" } },
    responses: { 200: orderWithEtag("The updated order.") },
    errors: [
      "product_unavailable",
      "order_not_found",
      "order_not_editable",
      "out_of_stock",
      "catalogue_only",
      "catalogue_order",
      "precondition_failed",
      "stock_contention",
    ],
    handle: async ({ params, headers, body, caller }, { orders }) =>
      withEtag(await orders.replace(caller.uid, params.id, body, headers["If-Match"])),
  }),

  operation({
    operationId: "updateOrder",
    method: "patch",
    path: "/orders/{id}/",
    summary: "Change some of an order's fields or its lines, or cancel it",
    description: "Item and amount, or lines, while Pending; or `status: Canceled`, which gives stock back.",
    tags: ["Orders"],
    access: "customer",
    params: [orderIdParameter],
    paramsNotFound: "order_not_found",
    headers: [ifMatchParameter],
    body: { schema: patchOrderRequestSchema, example: { status: "Canceled" } },
    responses: { 200: orderWithEtag("The updated order.") },
    errors: [
      "product_unavailable",
      "order_not_found",
      "order_not_editable",
      "invalid_status_transition",
      "out_of_stock",
      "catalogue_only",
      "catalogue_order",
      "precondition_failed",
      "stock_contention",
    ],
    handle: async ({ params, headers, body, caller }, { orders }) =>
      withEtag(await orders.patch(caller.uid, params.id, body, headers["If-Match"])),
  }),

  operation({
    operationId: "deleteOrder",
    method: "delete",
    path: "/orders/{id}/",
    summary: "Delete a Pending order",
    description: "Only a Pending order (else 409); its stock goes back.",
    tags: ["Orders"],
    access: "customer",
    params: [orderIdParameter],
    paramsNotFound: "order_not_found",
    responses: { 204: { description: "Deleted." } },
    errors: ["order_not_found", "order_not_deletable"],
    handle: async ({ params, caller }, { orders }) => {
      await orders.remove(caller.uid, params.id);
      return reply.noContent();
    },
  }),
];
