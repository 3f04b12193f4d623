/**
 * Builds the OpenAPI 3.1 document from the same zod schemas that validate requests.
 *
 * Build-time only: `npm run openapi`, the build and the drift test load it; the api function never
 * does (it serves the generated file), so @asteasolutions/zod-to-openapi is a devDependency.
 * Descriptions and examples are attached with zod's own `.meta()`, which the generator reads.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import { z } from "zod";
import {
  loginRequestSchema,
  loginResponseSchema,
  profileSchema,
  refreshRequestSchema,
  registeredUserSchema,
  registerRequestSchema,
  sessionTokensSchema,
} from "../../functions/src/accounts/schemas.js";
import {
  createOrderRequestSchema,
  listOrdersQuerySchema,
  orderSchema,
  patchOrderRequestSchema,
  replaceOrderRequestSchema,
} from "../../functions/src/orders/schemas.js";
import { staffListQuerySchema, staffOrderSchema, staffStatusChangeSchema } from "../../functions/src/staff/schemas.js";
import { DOCUMENTED_ISSUER, DOCUMENTED_SERVER_URL } from "../../functions/src/docs/server-url.js";

const BEARER = "bearerAuth";
const OPENID = "firebaseOpenId";
const STAFF = "staffBearerAuth";

const exampleOrder = {
  id: "JONMvEFzV9xG3Zeh7SSA",
  item: "Laptop",
  amount: "1200.00",
  currency: "KES",
  order_number: "LA20240115103000",
  status: "Pending" as const,
  created_at: "2024-01-15T10:30:00.000Z",
  updated_at: "2024-01-15T10:30:00.000Z",
  sms: {
    status: "sent" as const,
    attempts: 1,
    channel: "africastalking" as const,
    message_id: "ATXid_3c4e0f2a9b",
    cost: "KES 0.8000",
    error_code: null,
    error_message: null,
    updated_at: "2024-01-15T10:30:01.204Z",
  },
};

const problemSchema = z
  .strictObject({
    type: z.string().meta({ example: "about:blank" }),
    title: z.string().meta({ example: "Bad Request" }),
    status: z.number().int().meta({ example: 400 }),
    detail: z.string().meta({ example: "The request is not valid." }),
    code: z.string().meta({
      description: "Stable machine-readable error code.",
      example: "validation_error",
    }),
    errors: z
      .array(z.strictObject({ field: z.string(), message: z.string() }))
      .optional()
      .meta({ description: "Present on validation errors: one entry per offending field." }),
  })
  .meta({
    id: "Problem",
    description: "An RFC 9457 problem details object.",
    example: {
      type: "about:blank",
      title: "Bad Request",
      status: 400,
      detail: "The request is not valid.",
      code: "validation_error",
      errors: [{ field: "amount", message: "Use at most 2 decimal places." }],
    },
  });

const StaffOrder = staffOrderSchema.meta({ id: "StaffOrder", description: "An order as staff see it." });

// Named schemas become components. Built once per process: zod's registry refuses a repeated id.
const Order = orderSchema.meta({ id: "Order", description: "A customer's order.", example: exampleOrder });
const Profile = profileSchema.meta({ id: "Profile", description: "A customer's profile." });

const STATUS_TEXT: Record<number, string> = {
  400: "The request is not valid (see `code` and `errors`), or its body is malformed JSON or not UTF-8.",
  401: "Missing, malformed, expired, revoked or otherwise invalid credentials. Carries `WWW-Authenticate: Bearer`.",
  403: "The account is disabled, the caller is not staff, or the callback token is wrong.",
  404: "No such resource for this caller.",
  409: "The change conflicts with the order's state.",
  412: "`If-Match` does not match the order's current `ETag`.",
  413: "The request body is larger than 16 KiB.",
  415: "The request body is not `application/json`.",
  422: "The `Idempotency-Key` was already used with a different request body.",
  429: "Too many attempts from this client; see `Retry-After`.",
  500: "Unexpected server error; no internal detail is disclosed.",
  503: "A backend (Auth or Firestore) is unavailable; see `Retry-After`.",
};

/** A representative problem for each status, as the API answers it. */
const EXAMPLE_PROBLEMS: Record<number, { title: string; code: string; detail: string }> = {
  400: { title: "Bad Request", code: "validation_error", detail: "The request is not valid." },
  401: { title: "Unauthorized", code: "not_authenticated", detail: "Authentication credentials were not provided." },
  403: { title: "Forbidden", code: "user_disabled", detail: "This account is disabled." },
  404: { title: "Not Found", code: "order_not_found", detail: "No order with this id exists." },
  409: {
    title: "Conflict",
    code: "invalid_status_transition",
    detail: "An order cannot move from Canceled to Pending here.",
  },
  412: {
    title: "Precondition Failed",
    code: "precondition_failed",
    detail: "The order has changed since it was read.",
  },
  413: {
    title: "Payload Too Large",
    code: "payload_too_large",
    detail: "The request body is larger than 16384 bytes.",
  },
  415: {
    title: "Unsupported Media Type",
    code: "unsupported_media_type",
    detail: "Send the request body as application/json.",
  },
  422: {
    title: "Unprocessable Entity",
    code: "idempotency_key_reused",
    detail: "This Idempotency-Key was already used with a different request body.",
  },
  429: {
    title: "Too Many Requests",
    code: "too_many_attempts",
    detail: "Too many attempts; wait before trying again.",
  },
  500: {
    title: "Internal Server Error",
    code: "internal_error",
    detail: "Something went wrong on our side. Please try again later.",
  },
  503: {
    title: "Service Unavailable",
    code: "backend_unavailable",
    detail: "The service is unavailable; try again shortly.",
  },
};

function problems(...statuses: number[]) {
  const responses: Record<
    string,
    { description: string; content: Record<string, { schema: typeof problemSchema; example: unknown }> }
  > = {};
  for (const status of [...statuses, 500]) {
    const example = EXAMPLE_PROBLEMS[status];
    responses[String(status)] = {
      description: STATUS_TEXT[status] ?? "Error",
      content: {
        "application/problem+json": {
          schema: problemSchema,
          example: example ? { type: "about:blank", status, ...example } : undefined,
        },
      },
    };
  }
  return responses;
}

const jsonBody = <Schema extends z.ZodType>(schema: Schema, example: unknown) => ({
  required: true,
  content: { "application/json": { schema, example } },
});

const bodyProblems = [400, 413, 415] as const;
const authProblems = [401, 503] as const;

export type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

export function buildOpenApiDocument(): OpenApiDocument {
  const registry = new OpenAPIRegistry();

  registry.registerComponent("securitySchemes", BEARER, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "A Firebase ID token, as `token` from `POST /login/`.",
  });
  registry.registerComponent("securitySchemes", OPENID, {
    type: "openIdConnect",
    openIdConnectUrl: `${DOCUMENTED_ISSUER}/.well-known/openid-configuration`,
    description: "Firebase Auth as an OpenID Connect issuer for the configured project.",
  });
  const authenticated: RouteConfig["security"] = [{ [BEARER]: [] }, { [OPENID]: [] }];
  registry.registerComponent("securitySchemes", STAFF, {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      'A Firebase ID token whose custom claims include `role: "staff"` (granted with `npm run staff -- grant <email>`).',
  });
  const staffOnly: RouteConfig["security"] = [{ [STAFF]: [] }];

  const orderIdParam = z.object({
    id: z.string().meta({ description: "The order id.", example: exampleOrder.id }),
  });
  const etagHeader = z.string().meta({ description: "Version of the order's editable state.", example: '"1"' });
  const orderWithEtag = (description: string) => ({
    description,
    headers: z.object({ ETag: etagHeader }),
    content: { "application/json": { schema: Order } },
  });
  const ifMatch = z.object({
    "If-Match": z
      .string()
      .optional()
      .meta({ description: "An `ETag` from an earlier read; a stale one is refused with 412.", example: '"1"' }),
  });

  registry.registerPath({
    method: "get",
    path: "/health/",
    summary: "Liveness check",
    tags: ["Operations"],
    security: [],
    responses: {
      200: {
        description: "The API is up.",
        content: { "application/json": { schema: z.strictObject({ status: z.literal("ok") }) } },
      },
      ...problems(),
    },
  });

  registry.registerPath({
    method: "post",
    path: "/register/",
    summary: "Register a customer",
    description:
      "Creates the Firebase Auth user, the profile and the username claim as one unit: if any step fails, nothing remains.",
    tags: ["Accounts"],
    security: [],
    request: {
      body: jsonBody(registerRequestSchema, {
        username: "alice",
        email: "alice@example.com",
        password: "correct horse battery",
        phone_number: "+254712345678",
      }),
    },
    responses: {
      201: {
        description: "Registered.",
        content: {
          "application/json": {
            schema: registeredUserSchema,
            example: {
              uid: "QuxZcLSweUgmbrm6p6D3cEkrQIGz",
              email: "alice@example.com",
              username: "alice",
              phone_number: "+254712345678",
            },
          },
        },
      },
      ...problems(...bodyProblems, 429, 503),
    },
  });

  registry.registerPath({
    method: "post",
    path: "/login/",
    summary: "Log in with email and password",
    description: "A wrong email and a wrong password get the same 401.",
    tags: ["Accounts"],
    security: [],
    request: { body: jsonBody(loginRequestSchema, { email: "alice@example.com", password: "correct horse battery" }) },
    responses: {
      200: {
        description: "An ID token (`token`) for the Authorization header, and a refresh token.",
        content: {
          "application/json": {
            schema: loginResponseSchema,
            example: {
              token: "eyJhbGciOi...",
              refresh_token: "AMf-vBx...",
              expires_in: 3600,
              uid: "QuxZcLSweUgmbrm6p6D3cEkrQIGz",
            },
          },
        },
      },
      ...problems(...bodyProblems, 401, 403, 429, 503),
    },
  });

  registry.registerPath({
    method: "post",
    path: "/token/refresh/",
    summary: "Exchange a refresh token for a new ID token",
    tags: ["Accounts"],
    security: [],
    request: { body: jsonBody(refreshRequestSchema, { refresh_token: "AMf-vBx..." }) },
    responses: {
      200: {
        description: "New tokens.",
        content: { "application/json": { schema: sessionTokensSchema } },
      },
      ...problems(...bodyProblems, 401, 403, 429, 503),
    },
  });

  registry.registerPath({
    method: "post",
    path: "/logout/",
    summary: "Log out everywhere",
    description: "Revokes the user's refresh tokens; ID tokens issued before now stop working.",
    tags: ["Accounts"],
    security: authenticated,
    responses: { 204: { description: "Logged out." }, ...problems(...bodyProblems, ...authProblems) },
  });

  registry.registerPath({
    method: "get",
    path: "/me/",
    summary: "The caller's profile",
    tags: ["Accounts"],
    security: authenticated,
    responses: {
      200: { description: "The profile.", content: { "application/json": { schema: Profile } } },
      ...problems(...authProblems, 404),
    },
  });

  const createOrder = (path: string, summary: string) => {
    registry.registerPath({
      method: "post",
      path,
      summary,
      description:
        "`order_number`, `status` and other read-only fields in the body are ignored. With an `Idempotency-Key`, " +
        "a repeat of the same request within 24 hours returns the first response and creates nothing.",
      tags: ["Orders"],
      security: authenticated,
      request: {
        headers: z.object({
          "Idempotency-Key": z
            .string()
            .optional()
            .meta({ description: "Printable ASCII, at most 255 characters.", example: "7d8f0c52-order-1" }),
        }),
        body: jsonBody(createOrderRequestSchema, { item: "Laptop", amount: 1200 }),
      },
      responses: {
        201: {
          description: "The order was created (or, for a repeated Idempotency-Key, created earlier).",
          headers: z.object({
            Location: z.string().meta({ description: "The order's URL, relative to the request URL." }),
            ETag: etagHeader,
          }),
          content: { "application/json": { schema: Order } },
        },
        ...problems(...bodyProblems, ...authProblems, 409, 422),
      },
    });
  };
  createOrder("/orders/", "Create an order");
  createOrder("/orders/create/", "Create an order (the original API's path)");

  registry.registerPath({
    method: "get",
    path: "/orders/",
    summary: "List the caller's orders, newest first",
    description:
      'The next page, when there is one, is in `Link: <...>; rel="next"`, a reference relative to the request URL.',
    tags: ["Orders"],
    security: authenticated,
    request: {
      query: listOrdersQuerySchema,
    },
    responses: {
      200: {
        description: "A page of orders.",
        headers: z.object({ Link: z.string().optional().meta({ description: "The next page, if any." }) }),
        content: { "application/json": { schema: z.array(Order), example: [exampleOrder] } },
      },
      ...problems(400, ...authProblems),
    },
  });

  registry.registerPath({
    method: "get",
    path: "/orders/{id}/",
    summary: "Read one order",
    tags: ["Orders"],
    security: authenticated,
    request: { params: orderIdParam },
    responses: {
      200: orderWithEtag("The order."),
      ...problems(...authProblems, 404),
    },
  });

  registry.registerPath({
    method: "put",
    path: "/orders/{id}/",
    summary: "Replace an order's item and amount",
    description: "Only while the order is Pending. Read-only fields in the body are ignored.",
    tags: ["Orders"],
    security: authenticated,
    request: {
      params: orderIdParam,
      headers: ifMatch,
      body: jsonBody(replaceOrderRequestSchema, { item: "Gaming laptop", amount: "1500.00" }),
    },
    responses: {
      200: orderWithEtag("The updated order."),
      ...problems(...bodyProblems, ...authProblems, 404, 409, 412),
    },
  });

  registry.registerPath({
    method: "patch",
    path: "/orders/{id}/",
    summary: "Change some of an order's fields, or cancel it",
    description: "The owner may move `status` from Pending to Canceled only; other moves are 409.",
    tags: ["Orders"],
    security: authenticated,
    request: {
      params: orderIdParam,
      headers: ifMatch,
      body: jsonBody(patchOrderRequestSchema, { status: "Canceled" }),
    },
    responses: {
      200: orderWithEtag("The updated order."),
      ...problems(...bodyProblems, ...authProblems, 404, 409, 412),
    },
  });

  registry.registerPath({
    method: "delete",
    path: "/orders/{id}/",
    summary: "Delete an order",
    description: "Its order number stays reserved.",
    tags: ["Orders"],
    security: authenticated,
    request: { params: orderIdParam },
    responses: { 204: { description: "Deleted." }, ...problems(...authProblems, 404) },
  });

  registry.registerPath({
    method: "get",
    path: "/staff/orders/",
    summary: "List every customer's orders (staff)",
    description: "Newest first; filter by `status` and a `from`/`to` creation window; paged like the customer list.",
    tags: ["Staff"],
    security: staffOnly,
    request: { query: staffListQuerySchema },
    responses: {
      200: {
        description: "A page of orders, with their customer and audit trail.",
        headers: z.object({ Link: z.string().optional().meta({ description: "The next page, if any." }) }),
        content: { "application/json": { schema: z.array(StaffOrder) } },
      },
      ...problems(400, ...authProblems, 403),
    },
  });

  registry.registerPath({
    method: "patch",
    path: "/staff/orders/{order_number}/",
    summary: "Complete or cancel a pending order (staff)",
    description:
      "Pending -> Completed or Canceled only. The change is added to the order's audit trail and the customer gets one status SMS.",
    tags: ["Staff"],
    security: staffOnly,
    request: {
      params: z.object({ order_number: z.string().meta({ example: "LA20240115103000" }) }),
      headers: ifMatch,
      body: jsonBody(staffStatusChangeSchema, { status: "Completed" }),
    },
    responses: {
      200: {
        description: "The updated order.",
        headers: z.object({ ETag: etagHeader }),
        content: { "application/json": { schema: StaffOrder } },
      },
      ...problems(...bodyProblems, ...authProblems, 403, 404, 409, 412),
    },
  });

  registry.registerPath({
    method: "post",
    path: "/sms/delivery-reports/{token}/",
    summary: "Africa's Talking delivery report callback",
    description:
      "Register `<base>/sms/delivery-reports/<AT_CALLBACK_TOKEN>/` as the SMS delivery report URL. A final status is never replaced by an earlier one; unknown message ids are acknowledged and ignored.",
    tags: ["Operations"],
    security: [],
    request: {
      params: z.object({ token: z.string().meta({ description: "The secret AT_CALLBACK_TOKEN." }) }),
      body: {
        required: true,
        content: {
          "application/x-www-form-urlencoded": {
            schema: z.object({
              id: z.string(),
              status: z.string().meta({ example: "Success" }),
              phoneNumber: z.string().optional(),
              networkCode: z.string().optional(),
              failureReason: z.string().optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: {
        description: "Acknowledged.",
        content: { "application/json": { schema: z.strictObject({ status: z.enum(["recorded", "ignored"]) }) } },
      },
      ...problems(400, 403, 413, 415, 503),
    },
  });

  registry.registerPath({
    method: "get",
    path: "/openapi.json",
    summary: "This document, as JSON",
    description: "Its server is the URL the API answers at. Swagger UI is at `/docs/`, ReDoc at `/redoc/`.",
    tags: ["Operations"],
    security: [],
    responses: {
      200: {
        description: "The OpenAPI document.",
        content: { "application/json": { schema: z.looseObject({ openapi: z.string() }) } },
      },
      ...problems(),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/openapi.yaml",
    summary: "This document, as YAML",
    tags: ["Operations"],
    security: [],
    responses: {
      200: { description: "The OpenAPI document.", content: { "application/yaml": { schema: z.string() } } },
      ...problems(),
    },
  });

  const generator = new OpenApiGeneratorV31(registry.definitions);
  return generator.generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Customer orders API",
      version: "1.0.0",
      description:
        "Customers register, log in with Firebase Authentication and manage their own orders; every new order " +
        "sends an order-confirmation SMS. Errors are RFC 9457 problems (`application/problem+json`). Every path " +
        "also works without its trailing slash.",
    },
    servers: [{ url: DOCUMENTED_SERVER_URL, description: "Where this API is running" }],
    tags: [
      { name: "Accounts", description: "Registration, login and tokens." },
      { name: "Orders", description: "The caller's own orders." },
      { name: "Staff", description: "Order fulfilment, for users with the staff role." },
      { name: "Operations", description: "Health and this document." },
    ],
  });
}
