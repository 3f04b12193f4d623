/**
 * Rate limits per client IP that hold across function instances: the counters live in Firestore
 * (rate_limits/{scope}-{hashed ip}-{window}), one fixed window per minute, removed by a TTL policy.
 * An atomic increment then a read costs one write and one read per limited request, with no
 * transaction contention when one client hammers.
 */
import { createHash } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { TooManyRequestsError } from "./errors.js";

export interface RateLimit {
  scope: string;
  /** Requests allowed per client IP per window. */
  limit: number;
  windowSeconds: number;
}

/** The client's address as Google's front end reports it (see the trust proxy setting in app.ts). */
function clientKey(req: Request): string {
  return createHash("sha256")
    .update(req.ip ?? "unknown")
    .digest("hex")
    .slice(0, 32);
}

export function rateLimit(
  db: Firestore,
  { scope, limit, windowSeconds }: RateLimit,
  clock: () => Date,
): RequestHandler {
  const counters = db.collection("rate_limits");
  return async (req, res, next) => {
    const nowSeconds = Math.floor(clock().getTime() / 1000);
    const window = Math.floor(nowSeconds / windowSeconds);
    const windowEnd = (window + 1) * windowSeconds;
    const ref = counters.doc(`${scope}-${clientKey(req)}-${window}`);
    await ref.set(
      { count: FieldValue.increment(1), expires_at: Timestamp.fromMillis(windowEnd * 1000) },
      { merge: true },
    );
    const count = ((await ref.get()).data()?.count as number | undefined) ?? 0;
    const reset = Math.max(1, windowEnd - nowSeconds);
    // The IETF draft's RateLimit header fields, on every answer of a limited route.
    const headers = {
      "RateLimit-Limit": String(limit),
      "RateLimit-Remaining": String(Math.max(0, limit - count)),
      "RateLimit-Reset": String(reset),
    };
    if (count > limit) {
      throw new TooManyRequestsError(
        "rate_limited",
        "Too many requests from this address; wait before trying again.",
        reset,
        headers,
      );
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    next();
  };
}
