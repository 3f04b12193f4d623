/**
 * Rate limits that hold across function instances: the counters live in Firestore
 * (rate_limits/{scope}-{hashed key}-{window}), one fixed window each, removed by a TTL policy. An
 * atomic increment then a read costs one write and one read per counted request, with no transaction
 * contention when one client hammers. Keys (an address, an email, an account) are hashed, so the
 * counters hold no personal data.
 */
import { createHash } from "node:crypto";
import type { Request, RequestHandler } from "express";
import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import type { ErrorCode } from "./error-codes.js";
import { TooManyRequestsError } from "./errors.js";

export interface Limit {
  scope: string;
  /** Counted requests allowed per key and window. */
  limit: number;
  windowSeconds: number;
}

export interface Count {
  limit: number;
  remaining: number;
  /** Seconds until the window ends. */
  reset: number;
  exceeded: boolean;
}

function hashed(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex").slice(0, 32);
}

/** The IETF draft's RateLimit header fields. */
export function rateLimitHeaders(count: Count): Record<string, string> {
  return {
    "RateLimit-Limit": String(count.limit),
    "RateLimit-Remaining": String(count.remaining),
    "RateLimit-Reset": String(count.reset),
  };
}

export function createRateCounter(db: Firestore, clock: () => Date) {
  const counters = db.collection("rate_limits");
  return {
    /** Counts one request for `key`; says whether the limit is now exceeded. */
    async hit({ scope, limit, windowSeconds }: Limit, key: string): Promise<Count> {
      const nowSeconds = Math.floor(clock().getTime() / 1000);
      const window = Math.floor(nowSeconds / windowSeconds);
      const windowEnd = (window + 1) * windowSeconds;
      const ref = counters.doc(`${scope}-${hashed(key)}-${window}`);
      await ref.set(
        { count: FieldValue.increment(1), expires_at: Timestamp.fromMillis(windowEnd * 1000) },
        { merge: true },
      );
      const count = ((await ref.get()).data()?.count as number | undefined) ?? 0;
      return {
        limit,
        remaining: Math.max(0, limit - count),
        reset: Math.max(1, windowEnd - nowSeconds),
        exceeded: count > limit,
      };
    },

    /** Counts, and refuses with 429 (and Retry-After) beyond the limit. */
    async enforce(limit: Limit, key: string, code: ErrorCode, detail: string): Promise<Count> {
      const count = await this.hit(limit, key);
      if (count.exceeded) throw new TooManyRequestsError(code, detail, count.reset, rateLimitHeaders(count));
      return count;
    },
  };
}

export type RateCounter = ReturnType<typeof createRateCounter>;

/** A per-client-address limit on a route, with the RateLimit headers on every answer. */
export function rateLimit(counter: RateCounter, limit: Limit, clientAddress: (req: Request) => string): RequestHandler {
  return async (req, res, next) => {
    const count = await counter.enforce(
      limit,
      clientAddress(req),
      "rate_limited",
      "Too many requests from this address; wait before trying again.",
    );
    for (const [name, value] of Object.entries(rateLimitHeaders(count))) res.setHeader(name, value);
    next();
  };
}
