/** HTTP routes for a customer's own orders. */
import { Router, type Request, type RequestHandler, type Response } from "express";
import { callerOf } from "../http/auth.js";
import { NotFoundError, ValidationError } from "../http/errors.js";
import { nextPageLink } from "../http/pagination.js";
import { relativeReference } from "../http/relative-reference.js";
import { defineRoute } from "../http/routes.js";
import { parseOrThrow } from "../http/validate.js";
import type { OrderResult, OrdersService } from "./orders-service.js";
import {
  createOrderRequestSchema,
  idempotencyKeySchema,
  listOrdersQuerySchema,
  patchOrderRequestSchema,
  replaceOrderRequestSchema,
} from "./schemas.js";

const ORDER_ID = /^[A-Za-z0-9]{1,64}$/;

function idempotencyKey(req: Request): string | undefined {
  const header = req.get("Idempotency-Key");
  if (header === undefined) return undefined;
  const parsed = idempotencyKeySchema.safeParse(header);
  if (!parsed.success) {
    throw new ValidationError([
      { field: "Idempotency-Key", message: parsed.error.issues[0]?.message ?? "Invalid Idempotency-Key." },
    ]);
  }
  return parsed.data;
}

/** Firestore ids are alphanumeric; anything else cannot be an order, so it is simply not found. */
function orderId(req: Request): string {
  const id = String(req.params.id);
  if (!ORDER_ID.test(id)) throw new NotFoundError("order_not_found", "No order with this id exists.");
  return id;
}

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

function sendOrder(res: Response, status: number, result: OrderResult): void {
  res.status(status).setHeader("ETag", result.etag).json(result.order);
}

export function ordersRouter(orders: OrdersService, authenticate: RequestHandler): Router {
  const router = Router();

  const create: RequestHandler = async (req, res) => {
    const key = idempotencyKey(req);
    const input = parseOrThrow(createOrderRequestSchema, req.body);
    const result = await orders.create(callerOf(req), input, key);
    res.setHeader("Location", orderLocation(req, result.order.id));
    if (result.replayed) res.setHeader("Idempotent-Replayed", "true");
    sendOrder(res, 201, result);
  };

  defineRoute(router, "/orders/create", { post: [authenticate, create] });

  defineRoute(router, "/orders", {
    get: [
      authenticate,
      async (req, res) => {
        const query = parseOrThrow(listOrdersQuerySchema, req.query);
        const page = await orders.list(callerOf(req).uid, query);
        if (page.nextCursor) res.setHeader("Link", nextPageLink(req, page.nextCursor, query.limit));
        res.status(200).json(page.orders);
      },
    ],
    post: [authenticate, create],
  });

  defineRoute(router, "/orders/:id", {
    get: [
      authenticate,
      async (req, res) => {
        sendOrder(res, 200, await orders.get(callerOf(req).uid, orderId(req)));
      },
    ],
    put: [
      authenticate,
      async (req, res) => {
        const input = parseOrThrow(replaceOrderRequestSchema, req.body);
        sendOrder(res, 200, await orders.replace(callerOf(req).uid, orderId(req), input, req.get("If-Match")));
      },
    ],
    patch: [
      authenticate,
      async (req, res) => {
        const input = parseOrThrow(patchOrderRequestSchema, req.body);
        sendOrder(res, 200, await orders.patch(callerOf(req).uid, orderId(req), input, req.get("If-Match")));
      },
    ],
    delete: [
      authenticate,
      async (req, res) => {
        await orders.remove(callerOf(req).uid, orderId(req));
        res.status(204).end();
      },
    ],
  });

  return router;
}
