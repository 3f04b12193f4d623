/**
 * CORS for browser clients, from config: only the listed origins get CORS headers, and preflights
 * are answered here (204) before any route. An empty list means no cross-origin browser access.
 */
import type { RequestHandler } from "express";

const ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE";
const ALLOWED_HEADERS = "Authorization, Content-Type, Idempotency-Key, If-Match, X-Request-Id";
const EXPOSED_HEADERS =
  "ETag, Location, Link, Retry-After, X-Request-Id, Idempotent-Replayed, WWW-Authenticate, Content-Disposition";
const PREFLIGHT_MAX_AGE_SECONDS = "600";

export function cors(allowedOrigins: readonly string[]): RequestHandler {
  const allowed = new Set(allowedOrigins);
  return (req, res, next) => {
    const origin = req.get("Origin");
    res.vary("Origin");
    const permitted = origin !== undefined && allowed.has(origin);
    if (permitted) {
      res.setHeader("Access-Control-Allow-Origin", origin);
      res.setHeader("Access-Control-Expose-Headers", EXPOSED_HEADERS);
    }
    const isPreflight = req.method === "OPTIONS" && req.get("Access-Control-Request-Method") !== undefined;
    if (!isPreflight) {
      next();
      return;
    }
    if (permitted) {
      res.setHeader("Access-Control-Allow-Methods", ALLOWED_METHODS);
      res.setHeader("Access-Control-Allow-Headers", ALLOWED_HEADERS);
      res.setHeader("Access-Control-Max-Age", PREFLIGHT_MAX_AGE_SECONDS);
    }
    res.status(204).end();
  };
}
