/**
 * What may be spent on SMS: per account and per phone number, per hour and per UTC day, and for the
 * whole project per UTC day. A message over any budget is not sent: it is recorded as suppressed with
 * the budget it hit, and the order or notification it belongs to is kept.
 *
 * Counters live in sms_budgets/{key} (removed by a TTL policy). The per-account and per-number ones are
 * read and counted in the send's own claim transaction, so concurrent sends cannot both slip under a
 * limit. The project-wide one is spread over shards (one document could not take every send's write)
 * and read as a sum cached for a few seconds per instance: it can be passed by the few sends of that
 * moment, which is what a daily safety cap can afford.
 */
import { createHash, randomInt } from "node:crypto";
import {
  FieldValue,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Transaction,
} from "firebase-admin/firestore";
import type { SmsBudget } from "../config.js";
import { cloudLogging, type LogSink } from "../http/log.js";
import { storedAs } from "../stored-as.js";
import type { BudgetReason } from "./suppression.js";

const SMS_BUDGETS = "sms_budgets";
const PROJECT_SHARDS = 20;
const PROJECT_USAGE_CACHE_MS = 10_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface Counter {
  count: number;
  expires_at: Timestamp;
}

const hashed = (text: string) => createHash("sha256").update(text, "utf8").digest("hex").slice(0, 24);

function windows(now: Date) {
  const hour = Math.floor(now.getTime() / HOUR_MS);
  const day = Math.floor(now.getTime() / DAY_MS);
  return {
    hour,
    day,
    hourEnds: Timestamp.fromMillis((hour + 1) * HOUR_MS),
    dayEnds: Timestamp.fromMillis((day + 1) * DAY_MS),
  };
}

interface ProjectUsage {
  day: number;
  used: number;
  readAt: number;
}

/**
 * Per instance and database: today's project-wide sum, and the warnings this instance already logged
 * (each level once a day, so an alert fires once rather than on every send).
 */
const cachedUsage = new WeakMap<Firestore, ProjectUsage>();
const warned = new WeakMap<Firestore, Set<string>>();

export function createSmsBudget(db: Firestore, budget: SmsBudget, log: LogSink = cloudLogging) {
  const counters = db.collection(SMS_BUDGETS).withConverter(storedAs<Counter>());
  // Increments are written untyped: FieldValue.increment is not a number.
  const rawCounters = db.collection(SMS_BUDGETS);
  const projectShard = (day: number, shard: number) => counters.doc(`project-${day}-${shard}`);

  async function projectUsed(now: Date): Promise<number> {
    const { day } = windows(now);
    const cached = cachedUsage.get(db);
    if (cached?.day === day && now.getTime() - cached.readAt < PROJECT_USAGE_CACHE_MS) return cached.used;
    const shards = await db.getAll(...Array.from({ length: PROJECT_SHARDS }, (_, shard) => projectShard(day, shard)));
    const used = shards.reduce((sum, shard) => sum + ((shard.data() as Counter | undefined)?.count ?? 0), 0);
    cachedUsage.set(db, { day, used, readAt: now.getTime() });
    return used;
  }

  function warnIfNear(used: number, day: number): void {
    const spent = used >= budget.projectPerDay;
    const near = used * 100 >= budget.projectPerDay * budget.warnPercent;
    const level = spent ? "spent" : near ? "near" : undefined;
    const logged = warned.get(db) ?? new Set<string>();
    warned.set(db, logged);
    if (!level || logged.has(`${day}:${level}`)) return;
    logged.add(`${day}:${level}`);
    const entry = { used, cap: budget.projectPerDay, warnPercent: budget.warnPercent };
    // Named log events staff can alert on (a log-based metric on the message).
    if (spent) log.error("sms budget spent", entry);
    else log.warn("sms budget nearly spent", entry);
  }

  return {
    /** Outside any transaction: whether today's project-wide cap is reached. */
    async projectCapReached(now: Date): Promise<boolean> {
      const used = await projectUsed(now);
      warnIfNear(used, windows(now).day);
      return used >= budget.projectPerDay;
    },

    /**
     * Inside the send's claim transaction: checks the account and number budgets and, when the message
     * fits, counts it everywhere (project included). Returns the budget it would break, if any.
     */
    async checkAndCount(
      transaction: Transaction,
      message: { account: string; number: string },
      now: Date,
    ): Promise<BudgetReason | undefined> {
      const { hour, day, hourEnds, dayEnds } = windows(now);
      const account = hashed(message.account);
      const number = hashed(message.number);
      const checks: [DocumentReference<Counter>, number, Timestamp, BudgetReason][] = [
        [counters.doc(`account-${account}-h${hour}`), budget.accountPerHour, hourEnds, "sms_budget_account_hour"],
        [counters.doc(`account-${account}-d${day}`), budget.accountPerDay, dayEnds, "sms_budget_account_day"],
        [counters.doc(`number-${number}-h${hour}`), budget.numberPerHour, hourEnds, "sms_budget_number_hour"],
        [counters.doc(`number-${number}-d${day}`), budget.numberPerDay, dayEnds, "sms_budget_number_day"],
      ];
      const snapshots = await transaction.getAll(...checks.map(([ref]) => ref));
      for (const [index, [, limit, , reason]] of checks.entries()) {
        if ((snapshots[index]?.data()?.count ?? 0) >= limit) return reason;
      }
      for (const [ref, , expires] of checks) {
        transaction.set(
          rawCounters.doc(ref.id),
          { count: FieldValue.increment(1), expires_at: expires },
          { merge: true },
        );
      }
      transaction.set(
        rawCounters.doc(projectShard(day, randomInt(PROJECT_SHARDS)).id),
        { count: FieldValue.increment(1), expires_at: dayEnds },
        { merge: true },
      );
      const cached = cachedUsage.get(db);
      if (cached?.day === day) cached.used += 1;
      return undefined;
    },
  };
}

export type SmsBudgetKeeper = ReturnType<typeof createSmsBudget>;
