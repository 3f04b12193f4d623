/**
 * Rate limits that hold across function instances: the counters live in Firestore
 * (rate_limits/{scope}-{hashed key}-{window}), one fixed window each, removed by a TTL policy. Keys
 * (an address, an email, an account) are hashed, so the counters hold no personal data.
 *
 * Two ways to count. `hit` counts every request under the limit (a read, then an atomic increment:
 * no transaction contention when one client hammers, and no write once the bucket is full; requests in
 * flight together can pass the limit by their number). `peek` and `add` count only what
 * deserves it, such as failed sign-ins: the counters are read before the attempt (one read each, in
 * one round trip) and written only when it fails. Attempts in flight together can pass a limit by
 * their number, which is what a limit on guessing can afford.
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

/** A limit and the key it counts for. */
export interface Keyed {
  limit: Limit;
  key: string;
}

export function createRateCounter(db: Firestore, clock: () => Date) {
  const counters = db.collection("rate_limits");

  function windowOf({ scope, windowSeconds }: Limit, key: string) {
    const nowSeconds = Math.floor(clock().getTime() / 1000);
    const window = Math.floor(nowSeconds / windowSeconds);
    const endSeconds = (window + 1) * windowSeconds;
    return {
      ref: counters.doc(`${scope}-${hashed(key)}-${window}`),
      reset: Math.max(1, endSeconds - nowSeconds),
      increment: { count: FieldValue.increment(1), expires_at: Timestamp.fromMillis(endSeconds * 1000) },
    };
  }

  return {
    /**
     * Counts one request for `key`; says whether the limit is now exceeded. A bucket already full is
     * read, not written: refused requests cost no write however many come.
     */
    async hit(limit: Limit, key: string): Promise<Count> {
      const { ref, reset, increment } = windowOf(limit, key);
      const before = ((await ref.get()).data()?.count as number | undefined) ?? 0;
      if (before >= limit.limit) return { limit: limit.limit, remaining: 0, reset, exceeded: true };
      await ref.set(increment, { merge: true });
      const count = before + 1;
      return { limit: limit.limit, remaining: Math.max(0, limit.limit - count), reset, exceeded: count > limit.limit };
    },

    /** Reads these counters without counting; a limit already used up is exceeded for the next attempt. */
    async peek(keyed: readonly Keyed[]): Promise<Count[]> {
      const windows = keyed.map(({ limit, key }) => windowOf(limit, key));
      const snapshots = await db.getAll(...windows.map(({ ref }) => ref));
      return keyed.map(({ limit }, index) => {
        const count = (snapshots[index]?.data()?.count as number | undefined) ?? 0;
        return {
          limit: limit.limit,
          remaining: Math.max(0, limit.limit - count),
          reset: windows[index]?.reset ?? 1,
          exceeded: count >= limit.limit,
        };
      });
    },

    /** Counts one occurrence against each (a write each, in one batch). */
    async add(keyed: readonly Keyed[]): Promise<void> {
      const batch = db.batch();
      for (const { limit, key } of keyed) {
        const { ref, increment } = windowOf(limit, key);
        batch.set(ref, increment, { merge: true });
      }
      await batch.commit();
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
