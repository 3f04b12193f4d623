/** Staff fulfilment: every customer's orders, one order by its number, and status changes. */
import { z } from "zod";
import { etagHeader, ifMatchParameter, linkHeader } from "../http/common-contract.js";
import { parameter } from "../http/contract.js";
import { operationsUsing, reply } from "../http/operations.js";
import { cursorParameter, limitParameter, nextPageLink } from "../http/pagination.js";
import { ORDER_NUMBER_PATTERN, orderStatusSchema } from "../orders/schemas.js";
import { staffOrderListSchema, staffOrderSchema, staffStatusChangeSchema } from "./schemas.js";
import type { StaffOrderResult, StaffService } from "./staff-service.js";

export interface StaffServices {
  staff: StaffService;
}

const operation = operationsUsing<StaffServices>();

const orderNumberParameter = parameter({
  id: "OrderNumber",
  name: "order_number",
  in: "path",
  required: true,
  description: "The order's number.",
  schema: z.string().max(21).regex(ORDER_NUMBER_PATTERN),
  example: "LA20240115103000",
});

const staffStatusFilter = parameter({
  id: "StaffStatusFilter",
  name: "status",
  in: "query",
  required: false,
  description: "Only orders with this status.",
  schema: orderStatusSchema.optional(),
  example: "Pending",
});

const dateTime = (example: string) =>
  z.iso.datetime(`Use an ISO 8601 date-time, such as ${example}.`).max(40).optional().meta({ example });

const fromParameter = parameter({
  id: "CreatedFrom",
  name: "from",
  in: "query",
  required: false,
  description: "Only orders created at or after this instant.",
  schema: dateTime("2024-01-15T00:00:00Z"),
});

const toParameter = parameter({
  id: "CreatedTo",
  name: "to",
  in: "query",
  required: false,
  description: "Only orders created at or before this instant.",
  schema: dateTime("2024-01-31T23:59:59Z"),
});

const customerParameter = parameter({
  id: "CustomerSearch",
  name: "customer",
  in: "query",
  required: false,
  description: "A phone number, or the start of a username.",
  schema: z.string().trim().min(1, "Enter a name or a phone number.").max(64).optional(),
  example: "alice",
});

const withEtag = (result: StaffOrderResult) => reply.ok(result.order, { ETag: result.etag });

export const staffOperations = [
  operation({
    operationId: "listAllOrders",
    method: "get",
    path: "/staff/orders/",
    summary: "List every customer's orders (staff)",
    description: "Newest first, paged with `Link`.",
    tags: ["Staff"],
    access: "staff",
    query: [staffStatusFilter, fromParameter, toParameter, customerParameter, limitParameter, cursorParameter],
    responses: {
      200: {
        description: "A page of orders.",
        body: staffOrderListSchema,
        optionalHeaders: [linkHeader],
      },
    },
    errors: ["invalid_cursor"],
    handle: async ({ query, req }, { staff }) => {
      const page = await staff.list(query);
      return reply.ok(page.orders, page.nextCursor ? { Link: nextPageLink(req, page.nextCursor, query.limit) } : {});
    },
  }),

  operation({
    operationId: "getOrderByNumber",
    method: "get",
    path: "/staff/orders/{order_number}/",
    summary: "Read any order by its number (staff)",
    tags: ["Staff"],
    access: "staff",
    params: [orderNumberParameter],
    paramsNotFound: "order_not_found",
    responses: { 200: { description: "The order.", body: staffOrderSchema, headers: [etagHeader] } },
    errors: ["order_not_found"],
    handle: async ({ params }, { staff }) => withEtag(await staff.get(params.order_number)),
  }),

  operation({
    operationId: "changeOrderStatus",
    method: "patch",
    path: "/staff/orders/{order_number}/",
    summary: "Complete or cancel a Pending order (staff)",
    description: "Pending to Completed or Canceled; the customer gets a status SMS.",
    tags: ["Staff"],
    access: "staff",
    params: [orderNumberParameter],
    paramsNotFound: "order_not_found",
    headers: [ifMatchParameter],
    body: { schema: staffStatusChangeSchema, example: { status: "Canceled", reason: "Out of stock" } },
    responses: { 200: { description: "The updated order.", body: staffOrderSchema, headers: [etagHeader] } },
    errors: ["order_not_found", "invalid_status_transition", "precondition_failed"],
    handle: async ({ params, headers, body, caller }, { staff }) =>
      withEtag(
        await staff.changeStatus(
          caller.uid,
          params.order_number,
          { to: body.status, reason: body.reason },
          headers["If-Match"],
        ),
      ),
  }),
];
