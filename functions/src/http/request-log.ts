/**
 * One structured log line per request (method, route, status, latency, uid when known) under a
 * request id that is also returned as X-Request-Id. Tokens, bodies and query strings are never logged.
 */
import { randomUUID } from "node:crypto";
import type { Request, RequestHandler } from "express";
import type { LogSink } from "./log.js";

const REQUEST_ID_HEADER = "X-Request-Id";
/** A caller's own request id is kept when it is short and plain, so traces can be joined up. */
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

declare module "express-serve-static-core" {
  interface Request {
    requestId?: string;
    /** The platform's own route, if it routed the request before the app (the Functions emulator does). */
    outerRoute?: unknown;
  }
}

/**
 * The route template that matched ("/orders/:id"), not the concrete path with its ids. It is the
 * same whether the request came in under /api or not.
 */
export function routeOf(req: Request): string {
  // Under the Functions emulator the request arrives already routed by the emulator's own app.
  if (req.route === req.outerRoute) return "(no route)";
  const route = (req.route as { path?: unknown } | undefined)?.path;
  return typeof route === "string" ? route : "(no route)";
}

export interface RequestLogEntry {
  requestId: string;
  method: string;
  route: string;
  status: number;
  latencyMs: number;
  uid: string | null;
}

export function requestLog(log: LogSink): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    req.outerRoute = req.route;
    const incoming = req.get(REQUEST_ID_HEADER);
    const requestId = incoming && ACCEPTABLE_ID.test(incoming) ? incoming : randomUUID();
    req.requestId = requestId;
    res.setHeader(REQUEST_ID_HEADER, requestId);
    res.once("finish", () => {
      const entry: RequestLogEntry = {
        requestId,
        method: req.method,
        route: routeOf(req),
        status: res.statusCode,
        latencyMs: Number(process.hrtime.bigint() - started) / 1e6,
        uid: req.caller?.uid ?? null,
      };
      if (entry.status >= 500) log.warn("request", { ...entry });
      else log.info("request", { ...entry });
    });
    next();
  };
}
