/**
 * Operations: the API's routes declared once, as data plus a handler. router.ts serves them; the
 * OpenAPI document is generated from the same declarations, so the two cannot drift.
 *
 * An operation names its method, path, operationId, access, parameters, body, responses and the
 * error codes its handler can raise.
 */
import type { Request } from "express";
import type { z } from "zod";
import type { Caller } from "./auth.js";
import type { Parameter, ResponseHeader } from "./contract.js";
import type { Deprecation } from "./deprecation.js";
import type { ErrorCode } from "./error-codes.js";

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
export type AnyOperation = Omit<OperationSpec<unknown>, "handle" | "guard">;

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

export interface RawReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** Any declared operation of a resource: its input types no longer matter once it is in a table. */
export interface DeclaredOperation<Services> extends AnyOperation {
  handle(this: void, input: never, services: Services): Promise<RawReply>;
  guard?(this: void, params: never, services: Services): void;
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
