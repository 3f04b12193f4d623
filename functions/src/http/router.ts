/**
 * Serves declared operations (operations.ts) with Express: every input is validated against the
 * operation's own declarations before its handler runs, and what the handler returns is sent; a route
 * that is not declared is not served, and other methods on a declared path answer 405.
 */
import { Router, type Request, type RequestHandler, type Response } from "express";
import type { z } from "zod";
import { callerOf, type Caller } from "./auth.js";
import type { Parameter } from "./contract.js";
import { announceDeprecation } from "./deprecation.js";
import { ApiError, MethodNotAllowedError, ValidationError, type FieldError } from "./errors.js";
import type { AnyOperation, DeclaredOperation, RateLimitName, RawReply, Responses } from "./operations.js";
import { readFormBody, readJsonBody } from "./request-body.js";
import { fieldErrors } from "./validate.js";

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
