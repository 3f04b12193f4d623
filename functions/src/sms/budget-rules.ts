/**
 * What may be spent on SMS, as pure rules: which counters a message counts toward, their limits and
 * windows, and which one it would break. The counters themselves are read and written by the SMS
 * repository, inside the send's claim transaction.
 *
 * Per account and per phone number, per hour and per UTC day; and for the whole project per UTC day,
 * in separate pools, so that verification codes (which anyone can request) and replies to inbound
 * texts (which anyone can provoke) and the shop's own alerts can never use up what order and status
 * messages need. Replies count per number in counters of their own, so a number that texts a lot
 * cannot starve its own order confirmations either.
 */
import type { SmsBudget } from "../config.js";
import type { MessageKind } from "./message.js";
import type { BudgetReason } from "./suppression.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** A project-wide daily budget of its own. */
export type BudgetPool = "messages" | "codes" | "replies" | "alerts";

export const POOL_OF: Record<MessageKind, BudgetPool> = {
  order_confirmation: "messages",
  order_status: "messages",
  verification_code: "codes",
  reply: "replies",
  opt_out_confirmation: "replies",
  shop_alert: "alerts",
};

export interface Counter {
  /** The counter document's id in sms_budgets. */
  id: string;
  limit: number;
  expiresAt: Date;
  reason: BudgetReason;
}

export interface Windows {
  hour: number;
  day: number;
  hourEnds: Date;
  dayEnds: Date;
}

export function windowsAt(now: Date): Windows {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  const day = Math.floor(now.getTime() / DAY_MS);
  return { hour, day, hourEnds: new Date((hour + 1) * HOUR_MS), dayEnds: new Date((day + 1) * DAY_MS) };
}

/**
 * The per-account and per-number counters a message of the pool counts toward. `account` and `number`
 * are hashed by the caller, so counter ids hold no personal data. A message without an account counts
 * per number only; a reply counts per number, in the replies' own daily counter. The shop's alerts go
 * to the shop's own numbers, one per order: a busy hour would pass a person's limit, so they are
 * bounded by their pool's daily cap alone.
 */
export function countersFor(
  pool: BudgetPool,
  keys: { account: string | null; number: string },
  budget: SmsBudget,
  now: Date,
): Counter[] {
  const { hour, day, hourEnds, dayEnds } = windowsAt(now);
  if (pool === "alerts") return [];
  if (pool === "replies") {
    return [
      {
        id: `replies-number-${keys.number}-d${day}`,
        limit: budget.repliesPerNumberPerDay,
        expiresAt: dayEnds,
        reason: "sms_budget_replies_number_day",
      },
    ];
  }
  const counters: Counter[] = [];
  if (keys.account !== null) {
    counters.push(
      {
        id: `account-${keys.account}-h${hour}`,
        limit: budget.accountPerHour,
        expiresAt: hourEnds,
        reason: "sms_budget_account_hour",
      },
      {
        id: `account-${keys.account}-d${day}`,
        limit: budget.accountPerDay,
        expiresAt: dayEnds,
        reason: "sms_budget_account_day",
      },
    );
  }
  counters.push(
    {
      id: `number-${keys.number}-h${hour}`,
      limit: budget.numberPerHour,
      expiresAt: hourEnds,
      reason: "sms_budget_number_hour",
    },
    {
      id: `number-${keys.number}-d${day}`,
      limit: budget.numberPerDay,
      expiresAt: dayEnds,
      reason: "sms_budget_number_day",
    },
  );
  return counters;
}

/** The first counter already at its limit, given each one's current count. */
export function breachedBy(counters: readonly Counter[], counts: readonly number[]): BudgetReason | undefined {
  return counters.find((counter, index) => (counts[index] ?? 0) >= counter.limit)?.reason;
}

export const PROJECT_SHARDS = 20;

/** The project-wide pool's daily cap, and what breaking it is called. */
export function projectCap(pool: BudgetPool, budget: SmsBudget): { limit: number; reason: BudgetReason } {
  switch (pool) {
    case "codes":
      return { limit: budget.codesPerDay, reason: "sms_budget_codes_day" };
    case "replies":
      return { limit: budget.repliesPerDay, reason: "sms_budget_replies_day" };
    case "alerts":
      return { limit: budget.shopAlertsPerDay, reason: "sms_budget_alerts_day" };
    case "messages":
      return { limit: budget.projectPerDay, reason: "sms_budget_project_day" };
  }
}

/** The shard documents a pool's daily count is spread over (one document could not take every send's write). */
export function projectShardId(pool: BudgetPool, day: number, shard: number): string {
  // The messages pool keeps the ids it always had, so a deploy mid-day does not reset today's count.
  return pool === "messages" ? `project-${day}-${shard}` : `project-${pool}-${day}-${shard}`;
}

/** Whether a pool's daily use calls for an alert: each level is logged once a day per instance. */
export function warningLevel(used: number, limit: number, warnPercent: number): "spent" | "near" | undefined {
  if (used >= limit) return "spent";
  if (used * 100 >= limit * warnPercent) return "near";
  return undefined;
}
