/**
 * Exactly one SMS per message, although triggers arrive at least once, and none that is not allowed:
 * claim (sms-repository.ts, deciding with delivery-rules.ts), send through the sender, record the
 * outcome. Only the holder of the current claim records one; if a worker dies mid-send, its lease
 * expires and the sweeper re-drives the message.
 */
import * as logger from "firebase-functions/logger";
import type { SmsBudget } from "../config.js";
import { cloudLogging, type LogSink } from "../http/log.js";
import type { PhonePolicy } from "../phone/phone-number.js";
import { warningLevel } from "./budget-rules.js";
import { referenceOf, type SmsStatus } from "./message.js";
import type { SmsSender } from "./senders/sender.js";
import type { PoolUsage, SmsRepository } from "./sms-repository.js";

export type DeliveryResult =
  | { kind: "final"; status: SmsStatus }
  | { kind: "skipped"; reason: "carrier_missing" | "already_final" | "claimed_elsewhere" }
  | { kind: "retry_later"; code: string };

export interface DeliveryDeps {
  sms: SmsRepository;
  sender: SmsSender;
  budget: SmsBudget;
  /** Where SMS may go (checked again before every first attempt). */
  destinations: PhonePolicy;
  /** The shop's time zone: each final message counts toward its day there (day-tally.ts). */
  timeZone: string;
  clock?: () => Date;
  /** Where the budget's alerts go (Cloud Logging by default). */
  log?: LogSink;
}

/** The alert levels this instance already logged, per pool and day: an alert fires once, not on every send. */
const alerted = new Set<string>();

function alertOnUsage(usage: PoolUsage, warnPercent: number, log: LogSink): void {
  const level = warningLevel(usage.used, usage.limit, warnPercent);
  const key = `${usage.pool}:${usage.day}:${level ?? ""}`;
  if (!level || alerted.has(key)) return;
  alerted.add(key);
  const entry = { pool: usage.pool, used: usage.used, cap: usage.limit, warnPercent };
  // Named log events staff can alert on (a log-based metric on the message).
  if (level === "spent") log.error("sms budget spent", entry);
  else log.warn("sms budget nearly spent", entry);
}

/** Sends the message a carrier document holds if nobody has (or is doing so now) and it may be sent. */
export async function deliverSms(deps: DeliveryDeps, path: string, trigger: string): Promise<DeliveryResult> {
  const clock = deps.clock ?? (() => new Date());
  const calendar = { timeZone: deps.timeZone };
  const claimed = await deps.sms.claim(path, {
    trigger,
    now: clock(),
    budget: deps.budget,
    destinations: deps.destinations,
    calendar,
  });
  if (claimed.usage) alertOnUsage(claimed.usage, deps.budget.warnPercent, deps.log ?? cloudLogging);
  const { decision } = claimed;
  switch (decision.action) {
    case "skip":
      return { kind: "skipped", reason: decision.reason };
    case "exhaust":
      return { kind: "final", status: "failed" };
    case "suppress":
      logger.info("sms suppressed", { document: path, trigger, reason: decision.reason });
      return { kind: "final", status: "suppressed" };
    case "claim":
      break;
  }
  if (!("claimId" in claimed)) throw new Error("a claim without its claim id");
  const { message, claimId, carrierId } = claimed;
  const attempts = decision.attempts;
  const outcome = await deps.sender.send(message.to, message.text, referenceOf(carrierId, message.kind));
  logger.info("sms attempt", {
    document: path,
    trigger,
    kind: message.kind,
    attempt: attempts,
    channel: deps.sender.channel,
    outcome: outcome.kind,
    code: outcome.kind === "sent" ? null : outcome.code,
  });
  const { recorded, patch } = await deps.sms.record(path, { claimId, message, attempts }, outcome, {
    now: clock(),
    calendar,
  });
  if (!recorded) {
    logger.warn("sms outcome not recorded: the claim was lost", { document: path, trigger });
    return { kind: "skipped", reason: "claimed_elsewhere" };
  }
  const status = patch.fields.status ?? "failed";
  if (status === "pending" && outcome.kind === "transient") return { kind: "retry_later", code: outcome.code };
  return { kind: "final", status };
}
