/** Staff routes: every customer's orders, and status changes by order number. */
import { Router, type RequestHandler } from "express";
import { callerOf } from "../http/auth.js";
import { ForbiddenError, NotFoundError } from "../http/errors.js";
import { nextPageLink } from "../http/pagination.js";
import { defineRoute } from "../http/routes.js";
import { parseOrThrow } from "../http/validate.js";
import { staffListQuerySchema, staffStatusChangeSchema } from "./schemas.js";
import type { StaffService } from "./staff-service.js";

const ORDER_NUMBER = /^[A-Z]{2}\d{14}(-[2-9A-HJ-NP-Z]{4})?$/;

/** Only callers whose ID token carries the custom claim role: "staff". */
export const requireStaff: RequestHandler = (req, _res, next) => {
  if (callerOf(req).role !== "staff") {
    throw new ForbiddenError("staff_only", "This route is for staff.");
  }
  next();
};

export function staffRouter(staff: StaffService, authenticate: RequestHandler): Router {
  const router = Router();

  defineRoute(router, "/staff/orders", {
    get: [
      authenticate,
      requireStaff,
      async (req, res) => {
        const query = parseOrThrow(staffListQuerySchema, req.query);
        const page = await staff.list(query);
        if (page.nextCursor) res.setHeader("Link", nextPageLink(req, page.nextCursor, query.limit));
        res.status(200).json(page.orders);
      },
    ],
  });

  defineRoute(router, "/staff/orders/:orderNumber", {
    patch: [
      authenticate,
      requireStaff,
      async (req, res) => {
        const orderNumber = String(req.params.orderNumber);
        if (!ORDER_NUMBER.test(orderNumber)) {
          throw new NotFoundError("order_not_found", "No order with this order number exists.");
        }
        const { status } = parseOrThrow(staffStatusChangeSchema, req.body);
        const result = await staff.changeStatus(callerOf(req).uid, orderNumber, status, req.get("If-Match"));
        res.status(200).setHeader("ETag", result.etag).json(result.order);
      },
    ],
  });

  return router;
}
