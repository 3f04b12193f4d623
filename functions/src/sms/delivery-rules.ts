/**
 * The SMS state machine, as pure functions: given a message, the proof of consent for its number, the
 * budgets and the time, what to do; given what the provider said, where the message stands next.
 *
 *   pending -> sending (claimed, with a lease) -> sent | outbox | failed
 *                                              -> pending again after a transient failure (backoff)
 *   pending -> suppressed (not sent on purpose, with the reason), before the first attempt
 *
 * The SMS repository gathers the facts inside the claim transaction and applies the decision, so a
 * repeated or concurrent event finds the claim taken or the state final and sends nothing.
 */
import type { MessageKind, SmsDelivery, SmsMessage } from "./message.js";
import { FINAL_STATUSES, REDACTED_CODE_TEXT } from "./message.js";
import type { SendOutcome } from "./senders/sender.js";
import type { BudgetReason, SuppressionReason } from "./suppression.js";

export const SMS_POLICY = {
  /** Longer than the provider deadline plus a margin, so a live worker never loses its claim. */
  leaseMs: 60_000,
  maxAttempts: 5,
  /** Backoff before the sweeper retries: 30 s, 1 min, 2 min, 4 min... */
  baseBackoffMs: 30_000,
} as const;

export function backoffMs(attempts: number): number {
  return SMS_POLICY.baseBackoffMs * 2 ** Math.max(0, attempts - 1);
}

/** What a number's owner has said: who proved it (typed back a code sent to it), and whether it said STOP. */
export interface Consent {
  provenBy: string | null;
  optedOut: boolean;
  /** When and how the number last said STOP (or START), if it ever did. */
  optedOutAt: Date | null;
  optedOutVia: OptOutChannel | null;
}

/** How a number's owner said STOP or START. */
export type OptOutChannel = "sms" | "ussd" | "web" | "api";

export const NO_CONSENT: Consent = { provenBy: null, optedOut: false, optedOutAt: null, optedOutVia: null };

/**
 * Whether a kind of message honours a STOP: always; except when its own account asks (a verification
 * code the account that proved the number asked for: the owner's own sign-in or proof); or never (the
 * one confirmation that a STOP was received, created only when the number opts out).
 */
type OptOutRule = "honoured" | "except_own_account" | "ignored";

/**
 * What each kind of message needs before it may be sent. A verification code is the one message that
 * may go to a number nobody has proven. A reply answers a text the number sent, which is its consent;
 * a shop alert goes to a number the shop itself configured, which is its consent.
 */
const NEEDS: Record<MessageKind, { proofByAccount: boolean; optOut: OptOutRule }> = {
  order_confirmation: { proofByAccount: true, optOut: "honoured" },
  order_status: { proofByAccount: true, optOut: "honoured" },
  verification_code: { proofByAccount: false, optOut: "except_own_account" },
  reply: { proofByAccount: false, optOut: "honoured" },
  opt_out_confirmation: { proofByAccount: false, optOut: "ignored" },
  shop_alert: { proofByAccount: false, optOut: "honoured" },
};

function stoppedBy(message: SmsMessage, consent: Consent): boolean {
  if (!consent.optedOut) return false;
  switch (NEEDS[message.kind].optOut) {
    case "honoured":
      return true;
    case "except_own_account":
      return message.account === null || consent.provenBy !== message.account;
    case "ignored":
      return false;
  }
}

/** What the claim transaction found, for a message not yet attempted (admission) or any message. */
export interface ClaimFacts {
  message: SmsMessage | undefined;
  now: Date;
  /** Only read, and only meaningful, before the first attempt: a retry of a message is not a new message. */
  admission?: {
    consent: Consent;
    destinationAllowed: boolean;
    projectCapReached: BudgetReason | undefined;
    budgetBreached: BudgetReason | undefined;
  };
}

export type ClaimDecision =
  | { action: "skip"; reason: "carrier_missing" | "already_final" | "claimed_elsewhere" }
  | { action: "exhaust" }
  | { action: "suppress"; reason: SuppressionReason }
  | { action: "claim"; attempts: number; countsTowardBudget: boolean };

/** Whether the claim must gather admission facts (consent, destination, budgets) for this message. */
export function needsAdmission(message: SmsMessage | undefined, now: Date): message is SmsMessage {
  return (
    message !== undefined && message.attempts === 0 && !FINAL_STATUSES.has(message.status) && !leaseHeld(message, now)
  );
}

function leaseHeld(message: SmsDelivery, now: Date): boolean {
  return message.status === "sending" && (message.lease_expires_at?.toMillis() ?? 0) > now.getTime();
}

function admissionRefusal(
  message: SmsMessage,
  admission: NonNullable<ClaimFacts["admission"]>,
): SuppressionReason | undefined {
  const needs = NEEDS[message.kind];
  if (!admission.destinationAllowed) return "destination_not_allowed";
  if (needs.proofByAccount && (message.account === null || admission.consent.provenBy !== message.account)) {
    return "phone_not_verified";
  }
  if (stoppedBy(message, admission.consent)) return "opted_out";
  return admission.projectCapReached ?? admission.budgetBreached;
}

export function decideClaim({ message, now, admission }: ClaimFacts): ClaimDecision {
  if (!message) return { action: "skip", reason: "carrier_missing" };
  if (FINAL_STATUSES.has(message.status)) return { action: "skip", reason: "already_final" };
  if (leaseHeld(message, now)) return { action: "skip", reason: "claimed_elsewhere" };
  if (message.attempts >= SMS_POLICY.maxAttempts) return { action: "exhaust" };
  if (message.attempts === 0) {
    if (!admission) throw new Error("a first attempt needs its admission facts");
    const refusal = admissionRefusal(message, admission);
    if (refusal) return { action: "suppress", reason: refusal };
  }
  return { action: "claim", attempts: message.attempts + 1, countsTowardBudget: message.attempts === 0 };
}

type DeliveryPatch = Partial<SmsMessage>;

/** Where a message stands once a decision other than skip is applied. Times as Dates; the repository stores them. */
export interface StatePatch {
  fields: DeliveryPatch;
  /** Times to set, by field: Firestore timestamps are the repository's business. */
  times: Partial<Record<"updated_at" | "lease_expires_at" | "next_attempt_at", Date | null>>;
}

const released = { claim_id: null } as const;

export function suppressedPatch(reason: SuppressionReason, explanation: string, now: Date): StatePatch {
  return {
    fields: { ...released, status: "suppressed", error_code: reason, error_message: explanation },
    times: { updated_at: now, lease_expires_at: null, next_attempt_at: null },
  };
}

export function exhaustedPatch(message: SmsMessage, now: Date): StatePatch {
  return {
    fields: { ...released, status: "failed", error_code: message.error_code ?? "attempts_exhausted" },
    times: { updated_at: now, lease_expires_at: null, next_attempt_at: null },
  };
}

export function claimedPatch(claimId: string, attempts: number, now: Date): StatePatch {
  return {
    fields: { status: "sending", attempts, claim_id: claimId },
    times: { updated_at: now, lease_expires_at: new Date(now.getTime() + SMS_POLICY.leaseMs) },
  };
}

/** Where a message stands after an attempt; a verification code's text is redacted once it is final. */
export function outcomePatch(message: SmsMessage, outcome: SendOutcome, attempts: number, now: Date): StatePatch {
  const times = { updated_at: now, lease_expires_at: null };
  let patch: StatePatch;
  switch (outcome.kind) {
    case "sent":
      patch = {
        fields: {
          ...released,
          status: outcome.channel === "outbox" ? "outbox" : "sent",
          channel: outcome.channel,
          message_id: outcome.messageId,
          cost: outcome.cost,
          error_code: null,
          error_message: null,
        },
        times: { ...times, next_attempt_at: null },
      };
      break;
    case "permanent":
      patch = {
        fields: { ...released, status: "failed", error_code: outcome.code, error_message: outcome.message },
        times: { ...times, next_attempt_at: null },
      };
      break;
    case "transient": {
      const exhausted = attempts >= SMS_POLICY.maxAttempts;
      patch = {
        fields: {
          ...released,
          status: exhausted ? "failed" : "pending",
          error_code: outcome.code,
          error_message: outcome.message,
        },
        times: { ...times, next_attempt_at: exhausted ? null : new Date(now.getTime() + backoffMs(attempts)) },
      };
      break;
    }
  }
  if (message.kind === "verification_code" && patch.fields.status !== "pending") {
    patch.fields.text = REDACTED_CODE_TEXT;
  }
  return patch;
}

/** Delivery statuses after which nothing changes. */
const FINAL_DELIVERY_STATUSES = new Set([
  "Success",
  "Failed",
  "Rejected",
  "Expired",
  "AbsentSubscriber",
  "UserInBlacklist",
]);

/** A delivery report may replace an in-flight status (Sent, Submitted, Buffered), never a final one. */
export function canRecordOver(current: string | null | undefined): boolean {
  return !current || !FINAL_DELIVERY_STATUSES.has(current);
}
