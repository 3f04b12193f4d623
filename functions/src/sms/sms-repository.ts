/**
 * Firestore access for SMS: the only code that runs SMS transactions and queries.
 *
 *   <carrier>.sms                 a message (message.ts); the carrier is any document that lends this field
 *   verification_messages/{id}    carriers this module owns: verification codes
 *   sms_replies/{id}              carriers this module owns: replies to inbound texts (id: the text's)
 *   phone_numbers/{e164}          a number's consent: who proved it (one account per proven number), STOP
 *   phone_numbers/{e164}/consent_changes/{id}   every STOP and START: when, how, and what carried it
 *   sms_budgets/{counter}         budget counters (TTL policy on expires_at)
 *   sms_messages/{providerId}     provider message id -> carrier path, for delivery reports
 *   sms_days/{date}-{shard}       the shop's day's tally of final messages (day-tally.ts), for reports
 *
 * Decisions are the state machine's (delivery-rules.ts): this module gathers the facts, asks, and
 * writes what it answers.
 */
import { createHash, randomInt, randomUUID } from "node:crypto";
import { FieldValue, Timestamp, type Firestore, type Transaction } from "firebase-admin/firestore";
import type { SmsBudget } from "../config.js";
import { destinationProblem, type PhonePolicy } from "../phone/phone-number.js";
import { calendarDateAt } from "../platform/calendar.js";
import { storedAs } from "../platform/stored-as.js";
import {
  breachedBy,
  countersFor,
  POOL_OF,
  PROJECT_SHARDS,
  projectCap,
  projectShardId,
  windowsAt,
  type BudgetPool,
} from "./budget-rules.js";
import {
  canRecordOver,
  claimedPatch,
  decideClaim,
  exhaustedPatch,
  needsAdmission,
  NO_CONSENT,
  outcomePatch,
  suppressedPatch,
  type ClaimDecision,
  type Consent,
  type OptOutChannel,
  type StatePatch,
} from "./delivery-rules.js";
import {
  sumShards,
  TALLY_SHARDS,
  tallyEntryOf,
  tallyShardId,
  type DayTally,
  type TallyEntry,
  type TallyShard,
} from "./day-tally.js";
import { FINAL_STATUSES, newMessage, type SmsMessage } from "./message.js";
import type { SendOutcome } from "./senders/sender.js";
import { SUPPRESSION_MESSAGES, type SuppressionReason } from "./suppression.js";
import { runTransaction } from "../platform/transactions.js";

export const VERIFICATION_MESSAGES = "verification_messages";
export const SMS_REPLIES = "sms_replies";
const PHONE_NUMBERS = "phone_numbers";
const CONSENT_CHANGES = "consent_changes";
const SMS_BUDGETS = "sms_budgets";
const PROVIDER_IDS = "sms_messages";
const SMS_DAYS = "sms_days";
const VERIFICATION_RECORD_MS = 24 * 3_600_000;

/** A document that carries an SMS in its `sms` field. */
export interface Carrier {
  sms: SmsMessage;
}

/** A STOP (optedOut) or START, as it was given. */
export interface ConsentChange {
  optedOut: boolean;
  at: Date;
  via: OptOutChannel;
  /** What carried it, for the record: the inbound text's id, the USSD session's id; null from a profile. */
  reference: string | null;
}

/** How a number was proven to be its account's: a code typed back, or a USSD session placed from it. */
export type ProofChannel = "code" | "ussd";

interface NumberDocument {
  /** The account that proved the number, if one has (and has not released it). */
  uid: string | null;
  verified_at: Timestamp | null;
  proven_via?: ProofChannel | null;
  opted_out?: boolean;
  /** When the number last said STOP or START, how, and what carried it (consent_changes keeps each one). */
  opted_out_at?: Timestamp | null;
  opted_out_via?: OptOutChannel | null;
  opted_out_reference?: string | null;
}

interface ConsentChangeDocument {
  opted_out: boolean;
  at: Timestamp;
  via: OptOutChannel;
  reference: string | null;
}

interface CounterDocument {
  count: number;
  expires_at: Timestamp;
}

export interface DeliveryReport {
  id: string;
  status: string;
  failureReason: string | null;
  networkCode: string | null;
}

/** What a claim came to: the decision, and what the sender needs when it is to send. */
export type ClaimResult =
  | { decision: Exclude<ClaimDecision, { action: "claim" }> }
  | { decision: Extract<ClaimDecision, { action: "claim" }>; claimId: string; message: SmsMessage; carrierId: string };

/** A project pool's use today, when the claim looked at it (for alerts). */
export interface PoolUsage {
  pool: BudgetPool;
  day: number;
  used: number;
  limit: number;
}

const hashed = (text: string) => createHash("sha256").update(text, "utf8").digest("hex").slice(0, 24);

function timestampOrNull(date: Date | null): Timestamp | null {
  return date === null ? null : Timestamp.fromDate(date);
}

/** A state patch as the `sms.*` field updates of its carrier; a final state is marked as counted in its day's tally. */
function carrierUpdate(patch: StatePatch): Record<string, unknown> {
  const update: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(patch.fields)) update[`sms.${field}`] = value;
  for (const [field, value] of Object.entries(patch.times)) update[`sms.${field}`] = timestampOrNull(value);
  if (patch.fields.status !== undefined && FINAL_STATUSES.has(patch.fields.status)) update["sms.tallied"] = true;
  return update;
}

/** Where the shop's day is kept: the time zone a message's final moment is dated in. */
export interface ShopCalendar {
  timeZone: string;
}

/** How long a project pool's summed shards are trusted per instance: a daily cap can afford a few seconds. */
const USAGE_CACHE_MS = 10_000;
const usageCache = new WeakMap<Firestore, Map<string, { used: number; readAt: number }>>();

export function createSmsRepository(db: Firestore) {
  const numbers = db.collection(PHONE_NUMBERS).withConverter(storedAs<NumberDocument>());
  const counters = db.collection(SMS_BUDGETS).withConverter(storedAs<CounterDocument>());
  // Increments are written untyped: FieldValue.increment is not a number.
  const rawCounters = db.collection(SMS_BUDGETS);
  const providerIds = db.collection(PROVIDER_IDS).withConverter(storedAs<{ path: string }>());
  const tallies = db.collection(SMS_DAYS).withConverter(storedAs<TallyShard>());
  // Written untyped too: the additions are increments.
  const rawTallies = db.collection(SMS_DAYS);
  const carrier = (path: string) => db.doc(path).withConverter(storedAs<Carrier>());

  function cacheOf(): Map<string, { used: number; readAt: number }> {
    let cache = usageCache.get(db);
    if (!cache) {
      cache = new Map();
      usageCache.set(db, cache);
    }
    return cache;
  }

  async function poolUsed(pool: BudgetPool, day: number, now: Date): Promise<number> {
    const key = `${pool}:${day}`;
    const cached = cacheOf().get(key);
    if (cached && now.getTime() - cached.readAt < USAGE_CACHE_MS) return cached.used;
    const shards = await db.getAll(
      ...Array.from({ length: PROJECT_SHARDS }, (_, shard) => counters.doc(projectShardId(pool, day, shard))),
    );
    const used = shards.reduce((sum, shard) => sum + ((shard.data() as CounterDocument | undefined)?.count ?? 0), 0);
    cacheOf().set(key, { used, readAt: now.getTime() });
    return used;
  }

  function consentFrom(document: NumberDocument | undefined): Consent {
    if (!document) return NO_CONSENT;
    return {
      provenBy: document.uid ?? null,
      optedOut: document.opted_out === true,
      optedOutAt: document.opted_out_at ? document.opted_out_at.toDate() : null,
      optedOutVia: document.opted_out_via ?? null,
    };
  }

  /** Writes a change of consent and its entry in the number's record, unless it changes nothing. */
  function writeConsentIn(transaction: Transaction, number: string, current: Consent, change: ConsentChange): boolean {
    if (current.optedOut === change.optedOut) return false;
    const at = Timestamp.fromDate(change.at);
    const fields: Partial<NumberDocument> = {
      opted_out: change.optedOut,
      opted_out_at: at,
      opted_out_via: change.via,
      opted_out_reference: change.reference,
    };
    // A number nobody proved still keeps its STOP: the document starts with no proof.
    transaction.set(numbers.doc(number), current.provenBy === null ? { uid: null, ...fields } : fields, {
      merge: true,
    });
    const entry: ConsentChangeDocument = {
      opted_out: change.optedOut,
      at,
      via: change.via,
      reference: change.reference,
    };
    transaction.create(
      numbers.doc(number).collection(CONSENT_CHANGES).withConverter(storedAs<ConsentChangeDocument>()).doc(),
      entry,
    );
    return true;
  }

  function countIn(transaction: Transaction, message: SmsMessage, budget: SmsBudget, now: Date): void {
    const keys = { account: message.account === null ? null : hashed(message.account), number: hashed(message.to) };
    const pool = POOL_OF[message.kind];
    for (const counter of countersFor(pool, keys, budget, now)) {
      transaction.set(
        rawCounters.doc(counter.id),
        { count: FieldValue.increment(1), expires_at: Timestamp.fromDate(counter.expiresAt) },
        { merge: true },
      );
    }
    const { day, dayEnds } = windowsAt(now);
    transaction.set(
      rawCounters.doc(projectShardId(pool, day, randomInt(PROJECT_SHARDS))),
      { count: FieldValue.increment(1), expires_at: Timestamp.fromDate(dayEnds) },
      { merge: true },
    );
    const cached = cacheOf().get(`${pool}:${day}`);
    if (cached) cached.used += 1;
  }

  /**
   * Adds a message that became final at `at` to that day's tally, inside the transaction that made it
   * final (or, for one recorded final by its carrier's writer, that first marks it counted).
   */
  function tallyIn(transaction: Transaction, entry: TallyEntry, at: Date, calendar: ShopCalendar): void {
    const date = calendarDateAt(at, calendar.timeZone);
    const addition: Record<string, unknown> = { date };
    switch (entry.outcome) {
      case "sent":
        addition.sent = FieldValue.increment(1);
        if (entry.cost === null || entry.cost === "unreadable") addition.cost_unknown = FieldValue.increment(1);
        else addition.cost_micros = { [entry.cost.currency]: FieldValue.increment(entry.cost.micros) };
        break;
      case "failed":
        addition.failed = FieldValue.increment(1);
        break;
      case "suppressed":
        addition.suppressed = { [entry.reason]: FieldValue.increment(1) };
        break;
    }
    transaction.set(rawTallies.doc(tallyShardId(date, randomInt(TALLY_SHARDS))), addition, { merge: true });
  }

  /** Records a STOP or START on its own; the consent as it stands afterwards. */
  async function changeConsent(number: string, change: ConsentChange): Promise<{ changed: boolean; consent: Consent }> {
    return runTransaction(db, async (transaction) => {
      const current = consentFrom((await transaction.get(numbers.doc(number))).data());
      const changed = writeConsentIn(transaction, number, current, change);
      const consent: Consent = changed
        ? { ...current, optedOut: change.optedOut, optedOutAt: change.at, optedOutVia: change.via }
        : current;
      return { changed, consent };
    });
  }

  return {
    /**
     * Claims the message a carrier holds for one attempt, in one transaction: reads it and, before its
     * first attempt, the facts it must be admitted by (its number's consent, the destination, the
     * budgets); asks the state machine; writes the answer. `usage` reports the pool's use it saw.
     */
    async claim(
      path: string,
      request: { trigger: string; now: Date; budget: SmsBudget; destinations: PhonePolicy; calendar: ShopCalendar },
    ): Promise<ClaimResult & { usage?: PoolUsage }> {
      const { now, budget } = request;
      const ref = carrier(path);
      let usage: PoolUsage | undefined;
      const result = await runTransaction(db, async (transaction): Promise<ClaimResult> => {
        // A run after the first starts from nothing: what an earlier run saw is not this one's.
        usage = undefined;
        const message = (await transaction.get(ref)).data()?.sms;
        let admission;
        if (needsAdmission(message, now)) {
          const keys = {
            account: message.account === null ? null : hashed(message.account),
            number: hashed(message.to),
          };
          const pool = POOL_OF[message.kind];
          const budgetCounters = countersFor(pool, keys, budget, now);
          const [numberSnapshot, counterSnapshots] = await Promise.all([
            transaction.get(numbers.doc(message.to)),
            // A kind without per-recipient limits (the shop's alerts) has no counter to read.
            budgetCounters.length > 0
              ? transaction.getAll(...budgetCounters.map((counter) => counters.doc(counter.id)))
              : Promise.resolve([]),
          ]);
          const cap = projectCap(pool, budget);
          const { day } = windowsAt(now);
          const used = await poolUsed(pool, day, now);
          usage = { pool, day, used, limit: cap.limit };
          admission = {
            consent: consentFrom(numberSnapshot.data()),
            destinationAllowed: (await destinationProblem(message.to, request.destinations)) === undefined,
            projectCapReached: used >= cap.limit ? cap.reason : undefined,
            budgetBreached: breachedBy(
              budgetCounters,
              counterSnapshots.map((snapshot) => snapshot.data()?.count ?? 0),
            ),
          };
        }
        const decision = decideClaim({ message, now, ...(admission ? { admission } : {}) });
        switch (decision.action) {
          case "skip": {
            // A message its carrier's writer recorded final (an order's confirmation suppressed because
            // nobody proved the number) is counted the first time its trigger sees it.
            const entry = message && message.tallied !== true ? tallyEntryOf(message) : undefined;
            if (decision.reason === "already_final" && entry) {
              transaction.update(ref, { "sms.tallied": true });
              tallyIn(transaction, entry, message?.updated_at?.toDate() ?? now, request.calendar);
            }
            return { decision };
          }
          case "exhaust":
            if (message) {
              transaction.update(ref, carrierUpdate(exhaustedPatch(message, now)));
              tallyIn(transaction, { outcome: "failed" }, now, request.calendar);
            }
            return { decision };
          case "suppress":
            transaction.update(
              ref,
              carrierUpdate(suppressedPatch(decision.reason, SUPPRESSION_MESSAGES[decision.reason], now)),
            );
            tallyIn(transaction, { outcome: "suppressed", reason: decision.reason }, now, request.calendar);
            return { decision };
          case "claim": {
            if (!message) throw new Error("a claim needs a message");
            const claimId = `${request.trigger}:${randomUUID()}`;
            transaction.update(ref, carrierUpdate(claimedPatch(claimId, decision.attempts, now)));
            if (decision.countsTowardBudget) countIn(transaction, message, budget, now);
            return { decision, claimId, message, carrierId: ref.id };
          }
        }
      });
      return usage ? { ...result, usage } : result;
    },

    /**
     * Records an attempt's outcome, only if this worker still holds the claim it sent under, and
     * indexes the provider's message id for delivery reports. False when the claim was lost.
     */
    async record(
      path: string,
      claim: { claimId: string; message: SmsMessage; attempts: number },
      outcome: SendOutcome,
      at: { now: Date; calendar: ShopCalendar },
    ): Promise<{ recorded: boolean; patch: StatePatch }> {
      const { now } = at;
      const ref = carrier(path);
      const patch = outcomePatch(claim.message, outcome, claim.attempts, now);
      const entry = tallyEntryOf({ ...claim.message, ...patch.fields });
      const recorded = await runTransaction(db, async (transaction) => {
        const current = (await transaction.get(ref)).data();
        if (current?.sms.claim_id !== claim.claimId) return false;
        transaction.update(ref, carrierUpdate(patch));
        if (entry) tallyIn(transaction, entry, now, at.calendar);
        if (outcome.kind === "sent" && outcome.channel === "africastalking" && outcome.messageId) {
          transaction.set(providerIds.doc(outcome.messageId), { path });
        }
        return true;
      });
      return { recorded, patch };
    },

    /**
     * Messages the triggers missed, that failed transiently, or whose sender died holding the lease,
     * in the carrier collections named (collection-group queries), at most `limit`.
     */
    async due(carrierCollections: readonly string[], now: Date, limit: number): Promise<string[]> {
      const at = Timestamp.fromDate(now);
      const snapshots = await Promise.all(
        carrierCollections.flatMap((group) => {
          const all = db.collectionGroup(group);
          return [
            all.where("sms.status", "==", "pending").where("sms.next_attempt_at", "<=", at).limit(limit).get(),
            all.where("sms.status", "==", "sending").where("sms.lease_expires_at", "<=", at).limit(limit).get(),
          ];
        }),
      );
      return snapshots
        .flatMap((snapshot) => snapshot.docs)
        .slice(0, limit)
        .map((doc) => doc.ref.path);
    },

    /**
     * Whether a message would be refused for its budgets or destination if it were sent now, without
     * counting it: so the API can tell a customer the truth before queueing a code. (The claim checks
     * again, and counts, inside its transaction.)
     */
    async wouldBeRefused(
      message: { kind: SmsMessage["kind"]; to: string; account: string | null },
      budget: SmsBudget,
      destinations: PhonePolicy,
      now: Date,
    ): Promise<SuppressionReason | undefined> {
      if ((await destinationProblem(message.to, destinations)) !== undefined) return "destination_not_allowed";
      const pool = POOL_OF[message.kind];
      const cap = projectCap(pool, budget);
      if ((await poolUsed(pool, windowsAt(now).day, now)) >= cap.limit) return cap.reason;
      const keys = { account: message.account === null ? null : hashed(message.account), number: hashed(message.to) };
      const budgetCounters = countersFor(pool, keys, budget, now);
      if (budgetCounters.length === 0) return undefined;
      const snapshots = await db.getAll(...budgetCounters.map((counter) => counters.doc(counter.id)));
      return breachedBy(
        budgetCounters,
        snapshots.map((snapshot) => (snapshot.data() as CounterDocument | undefined)?.count ?? 0),
      );
    },

    /** Queues a verification code: its creation is what triggers the send. */
    async queueVerificationCode(message: { account: string; to: string; text: string }, at: Date): Promise<void> {
      const document: Carrier & { created_at: Timestamp; expires_at: Timestamp } = {
        created_at: Timestamp.fromDate(at),
        // Kept a day for the record (its text redacted once sent), then removed by the TTL policy.
        expires_at: Timestamp.fromMillis(at.getTime() + VERIFICATION_RECORD_MS),
        sms: newMessage(
          { kind: "verification_code", account: message.account, to: message.to, text: message.text },
          at,
        ),
      };
      await db.collection(VERIFICATION_MESSAGES).add(document);
    },

    /** An account's verification messages go with the account (they hold its uid and number). */
    async removeAccountMessages(uid: string): Promise<number> {
      const messages = await db.collection(VERIFICATION_MESSAGES).where("sms.account", "==", uid).get();
      for (let i = 0; i < messages.docs.length; i += 400) {
        const batch = db.batch();
        for (const doc of messages.docs.slice(i, i + 400)) batch.delete(doc.ref);
        await batch.commit();
      }
      return messages.size;
    },

    /**
     * Records a delivery report on the message its provider id belongs to. Reports repeat and arrive
     * out of order: a final status is never replaced. Unknown message ids are ignored.
     */
    async recordDeliveryReport(report: DeliveryReport, now: Date): Promise<"recorded" | "ignored"> {
      const entry = (await providerIds.doc(report.id).get()).data();
      if (!entry) return "ignored";
      const ref = carrier(entry.path);
      return runTransaction(db, async (transaction) => {
        const current = (await transaction.get(ref)).data();
        if (!current || !canRecordOver(current.sms.delivery_status)) return "ignored";
        transaction.update(ref, {
          "sms.delivery_status": report.status,
          "sms.delivery_failure_reason": report.failureReason,
          "sms.delivery_network_code": report.networkCode,
          "sms.delivery_updated_at": Timestamp.fromDate(now),
        });
        return "recorded";
      });
    },

    /** The tally of a day of the shop's calendar (YYYY-MM-DD): one read per shard. */
    async dayTally(date: string): Promise<DayTally> {
      const shards = await Promise.all(
        Array.from({ length: TALLY_SHARDS }, (_, shard) => tallies.doc(tallyShardId(date, shard)).get()),
      );
      return sumShards(shards.map((shard) => shard.data()));
    },

    /** Who proved a number, and whether it said STOP. */
    async consentOf(number: string): Promise<Consent> {
      return consentFrom((await numbers.doc(number).get()).data());
    },

    /** Inside another module's transaction: a number's consent (read it before writing anything). */
    async consentIn(transaction: Transaction, number: string): Promise<Consent> {
      return consentFrom((await transaction.get(numbers.doc(number))).data());
    },

    /**
     * Inside another module's transaction: records a STOP or START over the consent read with
     * consentIn. False when it changes nothing (a second STOP), and then nothing is written.
     */
    recordConsentIn(transaction: Transaction, number: string, current: Consent, change: ConsentChange): boolean {
      return writeConsentIn(transaction, number, current, change);
    },

    changeConsent,

    /**
     * Inside another module's transaction: queues a reply to an inbound text, under the text's own id
     * (so a text is answered at most once); its creation is what triggers the send.
     */
    queueReplyIn(
      transaction: Transaction,
      id: string,
      draft: { kind: "reply" | "opt_out_confirmation"; to: string; account: string | null; text: string },
      at: Date,
    ): void {
      const document: Carrier & { created_at: Timestamp } = {
        created_at: Timestamp.fromDate(at),
        sms: newMessage(draft, at),
      };
      transaction.create(
        db.collection(SMS_REPLIES).withConverter(storedAs<Carrier & { created_at: Timestamp }>()).doc(id),
        document,
      );
    },

    /**
     * Records that a number said STOP (or START again): every later message but a code its own
     * account asks for honours it (delivery-rules.ts). It belongs to the number, whoever proved it.
     */
    async setOptOut(number: string, optedOut: boolean, via: OptOutChannel, now: Date): Promise<Consent> {
      return (await changeConsent(number, { optedOut, at: now, via, reference: null })).consent;
    },

    /**
     * Inside an account's transaction: who proved a number. (A transaction reads before it writes: read
     * this first, then record or release.) Only the account that proved a number may release it.
     */
    async provenByIn(transaction: Transaction, number: string): Promise<string | null> {
      return consentFrom((await transaction.get(numbers.doc(number))).data()).provenBy;
    },

    /** Inside an account's transaction: the account proved the number (read provenByIn first). */
    recordProofIn(transaction: Transaction, number: string, uid: string, at: Date, via: ProofChannel = "code"): void {
      transaction.set(
        numbers.doc(number),
        { uid, verified_at: Timestamp.fromDate(at), proven_via: via },
        { merge: true },
      );
    },

    /**
     * Inside an account's transaction: the account no longer vouches for the number (it changed
     * number, was deleted, or its sign-in changed hands). A STOP stays: it belongs to the number.
     */
    releaseProofIn(transaction: Transaction, number: string): void {
      transaction.set(numbers.doc(number), { uid: null, verified_at: null, proven_via: null }, { merge: true });
    },
  };
}

export type SmsRepository = ReturnType<typeof createSmsRepository>;
