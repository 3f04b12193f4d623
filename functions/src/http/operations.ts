/**
 * Operations: the API's routes declared once, as data plus a handler, and turned into Express
 * routes here and into the OpenAPI document by functions/build-tools/openapi/openapi-document.ts.
 *
 * An operation names its method, path, operationId, access, parameters, body, responses and the
 * error codes its handler can raise. The router validates every input against those declarations
 * before the handler runs and sends what the handler returns, so a route that is not in a table is
 * not served, and an operation cannot exist without its handler.
 */
import { Router, type Request, type RequestHandler, type Response } from "express";
import type { z } from "zod";
import { callerOf, type Caller } from "./auth.js";
import type { Parameter, ResponseHeader } from "./contract.js";
import { announceDeprecation, type Deprecation } from "./deprecation.js";
import type { ErrorCode } from "./error-codes.js";
import { ApiError, MethodNotAllowedError, ValidationError, type FieldError } from "./errors.js";
import { readFormBody, readJsonBody } from "./request-body.js";
import { fieldErrors } from "./validate.js";

export type Method = "get" | "post" | "put" | "patch" | "delete";

/** Who may call: anyone, any signed-in user, or a signed-in user with the staff role. */
export type Access = "public" | "customer" | "staff";

export type Tag = "Accounts" | "Orders" | "Staff" | "Notifications" | "Operations";

export type BodyMediaType = "application/json" | "application/x-www-form-urlencoded";

export interface BodySpec<Schema extends z.ZodType = z.ZodType> {
  schema: Schema;
  /** application/json unless said otherwise. */
  mediaType?: BodyMediaType;
  example: z.input<Schema>;
  /** Defaults to the API's body limit. */
  limitBytes?: number;
}

export interface ResponseSpec {
  description: string;
  /** The body's schema; none for an empty answer. */
  body?: z.ZodType;
  /** application/json unless said otherwise; a list when the handler picks one per answer. */
  mediaType?: string | readonly string[];
  /** Sent on every answer with this status. */
  headers?: readonly ResponseHeader[];
  /** Sent on some answers with this status. */
  optionalHeaders?: readonly ResponseHeader[];
  example?: unknown;
}

export type Responses = Partial<Record<200 | 201 | 202 | 204 | 308, ResponseSpec>>;

type ValuesOf<List extends readonly Parameter[]> = {
  [P in List[number] as P["name"]]: z.output<P["schema"]>;
};

type BodyOf<B> = B extends BodySpec<infer Schema> ? z.output<Schema> : undefined;

type ReplyBody<R> = R extends { body: infer Schema extends z.ZodType }
  ? { body: z.input<Schema> }
  : { body?: undefined };

/**
 * Replies with their status as a literal type. (A bare `{ status: 200 }` returned from a handler
 * would widen to `number` while the operation's types are still being inferred.)
 */
export const reply = {
  ok: <Body>(body: Body, headers: Record<string, string> = {}) => ({ status: 200 as const, body, headers }),
  created: <Body>(body: Body, headers: Record<string, string> = {}) => ({ status: 201 as const, body, headers }),
  accepted: <Body>(body: Body, headers: Record<string, string> = {}) => ({ status: 202 as const, body, headers }),
  noContent: (headers: Record<string, string> = {}) => ({ status: 204 as const, headers }),
  permanentRedirect: (location: string) => ({ status: 308 as const, headers: { Location: location } }),
};

/** What a handler returns: a documented status, its body, and any headers. */
export type Reply<R extends Responses> = {
  [S in keyof R & number]: { status: S; headers?: Record<string, string> } & ReplyBody<R[S]>;
}[keyof R & number];

export interface OperationInput<
  A extends Access,
  P extends readonly Parameter[],
  Q extends readonly Parameter[],
  H extends readonly Parameter[],
  B extends BodySpec | undefined,
> {
  params: ValuesOf<P>;
  query: ValuesOf<Q>;
  headers: ValuesOf<H>;
  body: BodyOf<B>;
  caller: A extends "public" ? undefined : Caller;
  /** For what only the request knows: the path (relative links) and its raw query. */
  req: Request;
}

export interface OperationSpec<
  Services,
  A extends Access = Access,
  P extends readonly Parameter[] = readonly Parameter[],
  Q extends readonly Parameter[] = readonly Parameter[],
  H extends readonly Parameter[] = readonly Parameter[],
  B extends BodySpec | undefined = BodySpec | undefined,
  R extends Responses = Responses,
> {
  /** Stable camelCase name: generated clients name their methods after it. */
  operationId: string;
  method: Method;
  /** OpenAPI form, with the trailing slash the original API used: /orders/{id}/. */
  path: `/${string}`;
  summary: string;
  description?: string;
  tags: readonly [Tag];
  access: A;
  /** Kept for compatibility: documented as deprecated, and said so on every answer (http/deprecation.ts). */
  deprecated?: Deprecation;
  params?: P;
  /** A path parameter that fails its schema means "no such resource": this code, not a 400. */
  paramsNotFound?: ErrorCode;
  query?: Q;
  headers?: H;
  body?: B;
  /** Applied before authentication, by name (see RouterDeps.rateLimits). */
  rateLimit?: RateLimitName;
  responses: R;
  /** Runs after the path parameters are read and before the body is: to refuse unknown callers first. */
  guard?(this: void, params: NoInfer<ValuesOf<P>>, services: Services): void;
  /** The codes the handler (and what it calls) can raise; the router adds those of access and body. */
  errors: readonly ErrorCode[];
  // A method, so tables can hold operations of different shapes (parameters are checked per operation).
  // NoInfer: the declarations above fix the types; the handler is checked against them.
  handle(this: void, input: NoInfer<OperationInput<A, P, Q, H, B>>, services: Services): Promise<NoInfer<Reply<R>>>;
}

export type RateLimitName = "register";

/** An operation without its types: what the router and the document generator work with. */
export interface AnyOperation {
  operationId: string;
  method: Method;
  path: `/${string}`;
  summary: string;
  description?: string;
  tags: readonly [Tag];
  access: Access;
  deprecated?: Deprecation;
  params?: readonly Parameter[];
  paramsNotFound?: ErrorCode;
  query?: readonly Parameter[];
  headers?: readonly Parameter[];
  body?: BodySpec;
  rateLimit?: RateLimitName;
  responses: Responses;
  errors: readonly ErrorCode[];
}

/** An operation with its services bound: ready to serve. */
export interface BoundOperation extends AnyOperation {
  guard?(this: void, params: Record<string, unknown>): void;
  run(
    this: void,
    input: {
      params: Record<string, unknown>;
      query: Record<string, unknown>;
      headers: Record<string, unknown>;
      body: unknown;
      caller: Caller | undefined;
      req: Request;
    },
  ): Promise<RawReply>;
}

/**
 * The operation declarer of a resource whose handlers use `Services`:
 * `const operation = operationsUsing<OrdersServices>()`. Everything else is inferred from each
 * declaration, so a handler sees typed inputs and may only return a declared status with its body.
 */
export function operationsUsing<Services>() {
  return function operation<
    A extends Access,
    const P extends readonly Parameter[] = readonly [],
    const Q extends readonly Parameter[] = readonly [],
    const H extends readonly Parameter[] = readonly [],
    const B extends BodySpec | undefined = undefined,
    const R extends Responses = Responses,
  >(spec: OperationSpec<Services, A, P, Q, H, B, R>): OperationSpec<Services, A, P, Q, H, B, R> {
    return spec;
  };
}

interface RawReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Any declared operation of a resource: its input types no longer matter once it is in a table. */
export interface DeclaredOperation<Services> extends AnyOperation {
  handle(this: void, input: never, services: Services): Promise<RawReply>;
  guard?(this: void, params: never, services: Services): void;
}

/** Binds a resource's operations to the services their handlers use. */
export function bindOperations<Services>(
  operations: readonly DeclaredOperation<Services>[],
  services: Services,
): BoundOperation[] {
  return operations.map((operation) => {
    // The router validated the input against this operation's own declarations (chainFor below).
    const handle = operation.handle as (input: unknown, services: Services) => Promise<RawReply>;
    const guard = operation.guard as ((params: unknown, services: Services) => void) | undefined;
    return {
      ...operation,
      guard: guard
        ? (params) => {
            guard(params, services);
          }
        : undefined,
      run: (input) => handle(input, services),
    };
  });
}

/** The codes every operation can answer, by what it does; added to its own list. */
function implicitErrors(operation: AnyOperation): ErrorCode[] {
  // Every operation refuses query parameters it does not declare, so each can answer validation_error.
  const codes: ErrorCode[] = ["internal_error", "backend_unavailable", "backend_timeout", "validation_error"];
  if (operation.body) {
    codes.push("payload_too_large", "unsupported_media_type");
    if ((operation.body.mediaType ?? "application/json") === "application/json")
      codes.push("malformed_json", "invalid_encoding");
  }
  if (operation.paramsNotFound) codes.push(operation.paramsNotFound);
  if (operation.access !== "public")
    codes.push("not_authenticated", "invalid_authorization_header", "invalid_token", "auth_unavailable");
  if (operation.access === "staff") codes.push("staff_only");
  if (operation.rateLimit) codes.push("rate_limited");
  return codes;
}

/** Every code an operation can answer, once each, in catalogue order within its status. */
export function errorsOf(operation: AnyOperation): ErrorCode[] {
  return [...new Set([...operation.errors, ...implicitErrors(operation)])];
}

/** /orders/{id}/ -> /orders/:id (Express 5 routes match with or without the trailing slash). */
function expressPath(path: string): string {
  return path.replace(/\/$/, "").replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ":$1") || "/";
}

async function validated<T>(schema: z.ZodType<T>, input: unknown, field?: string): Promise<T> {
  // Asynchronous: some checks (a phone number's validity) load their data on first use.
  const result = await schema.safeParseAsync(input);
  if (result.success) return result.data;
  const errors: FieldError[] = fieldErrors(result.error).map((error) =>
    field === undefined ? error : { field, message: error.message },
  );
  throw new ValidationError(errors);
}

async function readParameters(
  list: readonly Parameter[] | undefined,
  source: (name: string) => unknown,
): Promise<Record<string, unknown>> {
  const values: Record<string, unknown> = {};
  for (const parameter of list ?? []) {
    values[parameter.name] = await validated(parameter.schema, source(parameter.name), parameter.name);
  }
  return values;
}

async function readQuery(list: readonly Parameter[] | undefined, req: Request): Promise<Record<string, unknown>> {
  const query = req.query as Record<string, unknown>;
  const known = new Set((list ?? []).map((parameter) => parameter.name));
  const unknown = Object.keys(query).filter((key) => !known.has(key));
  if (unknown.length > 0) {
    throw new ValidationError(unknown.map((key) => ({ field: key, message: "This query parameter is not allowed." })));
  }
  return readParameters(list, (name) => query[name]);
}

async function readPathParameters(operation: AnyOperation, req: Request): Promise<Record<string, unknown>> {
  if (!operation.paramsNotFound) return readParameters(operation.params, (name) => req.params[name]);
  try {
    return await readParameters(operation.params, (name) => req.params[name]);
  } catch {
    throw new ApiError(operation.paramsNotFound, "No such resource exists.");
  }
}

async function readBody(operation: AnyOperation, req: Request, defaultLimit: number): Promise<unknown> {
  const body = operation.body;
  if (!body) return undefined;
  const limit = body.limitBytes ?? defaultLimit;
  const raw =
    (body.mediaType ?? "application/json") === "application/json"
      ? await readJsonBody(req, limit)
      : await readFormBody(req, limit);
  return validated(body.schema, raw);
}

export interface RouterDeps {
  authenticate: RequestHandler;
  requireStaff: RequestHandler;
  rateLimits: Record<RateLimitName, RequestHandler>;
  bodyLimitBytes: number;
}

function send(res: Response, operation: AnyOperation, reply: RawReply): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status);
  if (reply.body === undefined) {
    res.end();
    return;
  }
  const declared = operation.responses[reply.status as keyof Responses]?.mediaType ?? "application/json";
  const mediaType = typeof declared === "string" ? declared : (declared[0] ?? "application/json");
  if (mediaType === "application/json") {
    res.json(reply.body);
    return;
  }
  if (!res.getHeader("Content-Type")) res.setHeader("Content-Type", mediaType);
  res.send(reply.body);
}

function chainFor(operation: BoundOperation, deps: RouterDeps): RequestHandler[] {
  const chain: RequestHandler[] = [];
  if (operation.deprecated) chain.push(announceDeprecation(operation.path, operation.deprecated));
  if (operation.rateLimit) chain.push(deps.rateLimits[operation.rateLimit]);
  if (operation.access !== "public") chain.push(deps.authenticate);
  if (operation.access === "staff") chain.push(deps.requireStaff);
  chain.push(async (req, res) => {
    const params = await readPathParameters(operation, req);
    operation.guard?.(params);
    const query = await readQuery(operation.query, req);
    const headers = await readParameters(operation.headers, (name) => req.get(name));
    const body = await readBody(operation, req, deps.bodyLimitBytes);
    const caller = operation.access === "public" ? undefined : callerOf(req);
    const answer = await operation.run({ params, query, headers, body, caller, req });
    send(res, operation, answer);
  });
  return chain;
}

/** Static segments before parameters, so /orders/create is never taken for /orders/{id}. */
function specificity(path: string): string {
  return path
    .split("/")
    .map((segment) => (segment.startsWith(":") ? "1" : "0"))
    .join("");
}

/** The Express router serving exactly these operations; other methods on their paths answer 405. */
export function routerFor(operations: readonly BoundOperation[], deps: RouterDeps): Router {
  const router = Router();
  const byPath = new Map<string, BoundOperation[]>();
  for (const operation of operations) {
    const path = expressPath(operation.path);
    byPath.set(path, [...(byPath.get(path) ?? []), operation]);
  }
  const paths = [...byPath.keys()].sort((a, b) => specificity(a).localeCompare(specificity(b)) || a.localeCompare(b));
  for (const path of paths) {
    const route = router.route(path);
    const allowed: string[] = [];
    for (const operation of byPath.get(path) ?? []) {
      route[operation.method](...chainFor(operation, deps));
      allowed.push(operation.method.toUpperCase());
      if (operation.method === "get") allowed.push("HEAD");
    }
    route.all(() => {
      throw new MethodNotAllowedError(allowed);
    });
  }
  return router;
}
