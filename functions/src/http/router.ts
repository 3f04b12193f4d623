/**
 * Serves declared operations (operations.ts) with Express: every input is validated against the
 * operation's own declarations before its handler runs, and what the handler returns is sent; a route
 * that is not declared is not served, and other methods on a declared path answer 405.
 */
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
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

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === "object" && value !== null && Symbol.asyncIterator in value;
}

function chunkOf(value: unknown): string | Uint8Array {
  if (typeof value === "string" || value instanceof Uint8Array) return value;
  throw new TypeError("A streamed answer's chunks must be text or bytes");
}

/** The chunks from the first (already read) on; stopping early stops the source too. */
async function* resumed(
  first: IteratorResult<unknown>,
  rest: AsyncIterator<unknown>,
): AsyncGenerator<string | Uint8Array> {
  try {
    if (first.done) return;
    yield chunkOf(first.value);
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield chunkOf(next.value);
  } finally {
    await rest.return?.();
  }
}

function setReplyHeaders(res: Response, reply: RawReply, mediaType: string): void {
  for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
  res.status(reply.status);
  if (reply.body !== undefined && mediaType !== "application/json" && !res.getHeader("Content-Type")) {
    res.setHeader("Content-Type", mediaType);
  }
}

/**
 * Sends a streamed answer as its chunks come, with the socket's backpressure. The first chunk is read
 * before anything is sent, so that an early failure is still answered as a problem.
 */
async function sendStreamed(req: Request, res: Response, reply: RawReply, mediaType: string): Promise<void> {
  if (!isAsyncIterable(reply.body)) throw new TypeError("A streamed answer's body must be an async iterable");
  const chunks = reply.body[Symbol.asyncIterator]();
  const first = await chunks.next();
  if (res.headersSent || req.method === "HEAD") {
    // Answered already (the request's deadline), or only the headers are wanted.
    await chunks.return?.();
    if (!res.headersSent) {
      setReplyHeaders(res, reply, mediaType);
      res.end();
    }
    return;
  }
  setReplyHeaders(res, reply, mediaType);
  try {
    // One chunk held ahead at most: the source is asked for more only as the socket takes it.
    await pipeline(Readable.from(resumed(first, chunks), { highWaterMark: 1 }), res);
  } catch (error) {
    // The client went away: nothing to answer, and the source has been stopped.
    if ((error as { code?: unknown } | null)?.code === "ERR_STREAM_PREMATURE_CLOSE") return;
    throw error;
  }
}

async function send(req: Request, res: Response, operation: AnyOperation, reply: RawReply): Promise<void> {
  const spec = operation.responses[reply.status as keyof Responses];
  const declared = spec?.mediaType ?? "application/json";
  const mediaType = typeof declared === "string" ? declared : (declared[0] ?? "application/json");
  if (spec?.streamed) {
    await sendStreamed(req, res, reply, mediaType);
    return;
  }
  setReplyHeaders(res, reply, mediaType);
  if (reply.body === undefined) {
    res.end();
    return;
  }
  if (mediaType === "application/json") {
    res.json(reply.body);
    return;
  }
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
    await send(req, res, operation, answer);
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
