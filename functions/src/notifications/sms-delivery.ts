/**
 * Exactly one SMS per message, although triggers arrive at least once, and none that is not allowed.
 * A message is an order's confirmation (the order document's `sms` field), a status notification
 * (users/{uid}/orders/{orderId}/notifications/{id}) or a verification code (verification_messages/{id}).
 *
 * The `sms` field is a state machine: pending -> sending (claimed in a transaction, with a lease) ->
 * sent | outbox | failed, or back to pending after a transient failure, or suppressed. Before the first
 * attempt the claim checks, in the same transaction, that the message may be sent at all: a
 * confirmation or status message only to a number its owner has proven, and every message within the
 * account's, the number's and the project's budgets (sms-budget.ts). Otherwise it is recorded as
 * suppressed with the reason, never dropped silently. Only the holder of the current claim may record
 * an outcome; a repeated or concurrent event finds the claim taken or the state final and sends
 * nothing. If a worker dies mid-send, its lease expires and the sweeper re-drives the message.
 */
import { randomUUID } from "node:crypto";
import { Timestamp, type DocumentReference, type Firestore, type Transaction } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import type { SmsBudget } from "../config.js";
import type { LogSink } from "../http/log.js";
import type { SmsState } from "../orders/order-document.js";
import { storedAs } from "../stored-as.js";
import {
  accountOf,
  carrierKind,
  createNotificationsRepository,
  messageOf,
  REDACTED_CODE_MESSAGE,
  type SmsCarrier,
} from "./notifications-repository.js";
import { createSmsBudget } from "./sms-budget.js";
import { SUPPRESSION_MESSAGES, type SuppressionReason } from "./suppression.js";
import type { SendOutcome, SmsSender } from "./sms-outcome.js";

export const SMS_POLICY = {
  /** Longer than the provider deadline plus a margin, so a live worker never loses its claim. */
  leaseMs: 60_000,
  maxAttempts: 5,
  /** Backoff before the sweeper retries: 30 s, 1 min, 2 min, 4 min... */
  baseBackoffMs: 30_000,
} as const;

export type DeliveryResult =
  | { kind: "skipped"; reason: "order_missing" | "already_final" | "claimed_elsewhere" }
  | { kind: "final"; status: SmsState["status"] }
  /** A transient failure with attempts left: the caller may let the platform retry. */
  | { kind: "retry_later"; code: string };

export interface DeliveryDeps {
  db: Firestore;
  sender: SmsSender;
  budget: SmsBudget;
  clock?: () => Date;
  /** Where the budget's warnings go (Cloud Logging by default). */
  log?: LogSink;
}

const FINAL_STATES = new Set<SmsState["status"]>(["sent", "outbox", "failed", "suppressed"]);

export function backoffMs(attempts: number): number {
  return SMS_POLICY.baseBackoffMs * 2 ** Math.max(0, attempts - 1);
}

/** The proof the API records on the profile when the owner types back a code. */
interface ProvenNumber {
  phone_number?: string;
  phone_verified?: boolean;
}

type Claim =
  | { kind: "claimed"; claimId: string; carrier: SmsCarrier; attempts: number }
  | { kind: "skipped"; reason: "order_missing" | "already_final" | "claimed_elsewhere" }
  | { kind: "suppressed"; reason: SuppressionReason }
  | { kind: "exhausted" };

function suppress(transaction: Transaction, ref: DocumentReference, reason: SuppressionReason, now: Date): Claim {
  transaction.update(ref, {
    "sms.status": "suppressed",
    "sms.error_code": reason,
    "sms.error_message": SUPPRESSION_MESSAGES[reason],
    "sms.updated_at": Timestamp.fromDate(now),
    "sms.claim_id": null,
    "sms.lease_expires_at": null,
    "sms.next_attempt_at": null,
  });
  return { kind: "suppressed", reason };
}

async function claim(
  deps: DeliveryDeps,
  ref: DocumentReference<SmsCarrier>,
  trigger: string,
  now: Date,
  projectCapReached: boolean,
): Promise<Claim> {
  const budget = createSmsBudget(deps.db, deps.budget, deps.log);
  const profiles = deps.db.collection("users").withConverter(storedAs<ProvenNumber>());
  return deps.db.runTransaction(async (transaction) => {
    const carrier = (await transaction.get(ref)).data();
    if (!carrier) return { kind: "skipped", reason: "order_missing" } as const;
    const sms = carrier.sms;
    if (FINAL_STATES.has(sms.status)) return { kind: "skipped", reason: "already_final" } as const;
    const leaseHeld = sms.status === "sending" && (sms.lease_expires_at?.toMillis() ?? 0) > now.getTime();
    if (leaseHeld) return { kind: "skipped", reason: "claimed_elsewhere" } as const;
    if (sms.attempts >= SMS_POLICY.maxAttempts) {
      transaction.update(ref, {
        "sms.status": "failed",
        "sms.error_code": sms.error_code ?? "attempts_exhausted",
        "sms.updated_at": Timestamp.fromDate(now),
        "sms.claim_id": null,
        "sms.lease_expires_at": null,
        "sms.next_attempt_at": null,
      });
      return { kind: "exhausted" } as const;
    }
    if (sms.attempts === 0) {
      // Checked once, before the first attempt: a retry of the same message is not a new message.
      const { to } = messageOf(ref, carrier);
      const account = accountOf(ref, carrier);
      if (carrierKind(ref) !== "verification") {
        const profile = (await transaction.get(profiles.doc(account))).data();
        if (profile?.phone_verified !== true || profile.phone_number !== to) {
          return suppress(transaction, ref, "phone_not_verified", now);
        }
      }
      if (projectCapReached) return suppress(transaction, ref, "sms_budget_project_day", now);
      const over = await budget.checkAndCount(transaction, { account, number: to }, now);
      if (over) return suppress(transaction, ref, over, now);
    }
    const claimId = `${trigger}:${randomUUID()}`;
    const attempts = sms.attempts + 1;
    transaction.update(ref, {
      "sms.status": "sending",
      "sms.attempts": attempts,
      "sms.claim_id": claimId,
      "sms.lease_expires_at": Timestamp.fromMillis(now.getTime() + SMS_POLICY.leaseMs),
      "sms.updated_at": Timestamp.fromDate(now),
    });
    return { kind: "claimed", claimId, carrier, attempts } as const;
  });
}

function outcomeFields(outcome: SendOutcome, attempts: number, now: Date): Record<string, unknown> {
  const common = {
    "sms.updated_at": Timestamp.fromDate(now),
    "sms.claim_id": null,
    "sms.lease_expires_at": null,
  };
  switch (outcome.kind) {
    case "sent":
      return {
        ...common,
        "sms.status": outcome.channel === "outbox" ? "outbox" : "sent",
        "sms.channel": outcome.channel,
        "sms.message_id": outcome.messageId,
        "sms.cost": outcome.cost,
        "sms.error_code": null,
        "sms.error_message": null,
        "sms.next_attempt_at": null,
      };
    case "permanent":
      return {
        ...common,
        "sms.status": "failed",
        "sms.error_code": outcome.code,
        "sms.error_message": outcome.message,
        "sms.next_attempt_at": null,
      };
    case "transient": {
      const exhausted = attempts >= SMS_POLICY.maxAttempts;
      return {
        ...common,
        "sms.status": exhausted ? "failed" : "pending",
        "sms.error_code": outcome.code,
        "sms.error_message": outcome.message,
        "sms.next_attempt_at": exhausted ? null : Timestamp.fromMillis(now.getTime() + backoffMs(attempts)),
      };
    }
  }
}

/**
 * Writes the outcome only if this worker still holds the claim it sent under, indexes the provider's
 * message id for delivery reports, and redacts a verification code once it is final.
 */
async function record(
  db: Firestore,
  ref: DocumentReference<SmsCarrier>,
  claimId: string,
  fields: Record<string, unknown>,
  outcome: SendOutcome,
): Promise<boolean> {
  const notifications = createNotificationsRepository(db);
  return db.runTransaction(async (transaction) => {
    const carrier = (await transaction.get(ref)).data();
    if (carrier?.sms.claim_id !== claimId) return false;
    const final = fields["sms.status"] !== "pending";
    const redaction = final && carrierKind(ref) === "verification" ? { message: REDACTED_CODE_MESSAGE } : {};
    transaction.update(ref, { ...fields, ...redaction });
    if (outcome.kind === "sent" && outcome.channel === "africastalking" && outcome.messageId) {
      notifications.indexMessage(transaction, outcome.messageId, ref.path);
    }
    return true;
  });
}

/**
 * Sends the message a document carries if nobody has (or is doing so now) and it may be sent.
 * `trigger` names the event or sweep that asks, for the claim id and the logs.
 */
export async function deliverSms(
  deps: DeliveryDeps,
  document: DocumentReference,
  trigger: string,
): Promise<DeliveryResult> {
  const clock = deps.clock ?? (() => new Date());
  const ref = createNotificationsRepository(deps.db).carrier(document.path);
  const projectCapReached = await createSmsBudget(deps.db, deps.budget, deps.log).projectCapReached(clock());
  const claimed = await claim(deps, ref, trigger, clock(), projectCapReached);
  if (claimed.kind === "skipped") return claimed;
  if (claimed.kind === "exhausted") return { kind: "final", status: "failed" };
  if (claimed.kind === "suppressed") {
    logger.info("sms suppressed", { document: ref.path, trigger, reason: claimed.reason });
    return { kind: "final", status: "suppressed" };
  }

  const { carrier, claimId, attempts } = claimed;
  const { to, message, reference } = messageOf(ref, carrier);
  const outcome = await deps.sender.send(to, message, reference);
  const fields = outcomeFields(outcome, attempts, clock());
  logger.info("sms attempt", {
    document: ref.path,
    trigger,
    attempt: attempts,
    channel: deps.sender.channel,
    outcome: outcome.kind,
    code: outcome.kind === "sent" ? null : outcome.code,
  });
  const recorded = await record(deps.db, ref, claimId, fields, outcome);
  if (!recorded) {
    logger.warn("sms outcome not recorded: the claim was lost", { document: ref.path, trigger });
    return { kind: "skipped", reason: "claimed_elsewhere" };
  }
  const status = fields["sms.status"] as SmsState["status"];
  if (status === "pending" && outcome.kind === "transient") return { kind: "retry_later", code: outcome.code };
  return { kind: "final", status };
}
