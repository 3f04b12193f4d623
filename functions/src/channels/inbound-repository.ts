/**
 * Firestore access for inbound texts. Nothing else touches these collections:
 *
 *   inbound_messages/{hash of the provider's id}   each text received, once, with what it led to (TTL)
 *   inbound_help_replies/{hash of the number}      when the number last got a help reply (TTL)
 *
 * A text is handled in one transaction: its record (created once: a repeated delivery finds it),
 * the number's STOP or START and the reply (through the SMS repository, whose records those are).
 */
import { createHash } from "node:crypto";
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { storedAs } from "../platform/stored-as.js";
import { NO_CONSENT, type Consent } from "../sms/delivery-rules.js";
import type { SmsRepository } from "../sms/sms-repository.js";
import { decideInbound, type InboundAction, type InboundOutcome } from "./inbound-rules.js";
import type { Keyword } from "./keywords.js";
import { runTransaction } from "../platform/transactions.js";

const INBOUND = "inbound_messages";
const HELP_REPLIES = "inbound_help_replies";
/** How long a text's record stays: long enough that any redelivery finds it, and for staff to look back. */
const INBOUND_TTL_MS = 90 * 24 * 60 * 60_000;

export interface InboundText {
  /** Africa's Talking's id for the text: what makes a redelivery recognisable. */
  providerId: string;
  /** The sender as the gateway gave it, and as E.164 when it is a mobile number the shop serves. */
  from: string;
  number: string | null;
  to: string;
  text: string;
  /** As the gateway wrote it. */
  date: string | null;
  linkId: string | null;
  keyword: Keyword | "unknown";
  /** The account whose proven number sent it, if any. */
  account: string | null;
}

interface InboundDocument {
  provider_id: string;
  from: string;
  to: string;
  text: string;
  date: string | null;
  link_id: string | null;
  keyword: Keyword | "unknown";
  account: string | null;
  outcome: InboundOutcome;
  replied: boolean;
  handled_at: Timestamp;
  expires_at: Timestamp;
}

interface HelpReplyDocument {
  sent_at: Timestamp;
  expires_at: Timestamp;
}

const hashed = (text: string) => createHash("sha256").update(text, "utf8").digest("hex").slice(0, 40);

/** The longest text kept on record; a text longer than a few segments is not a keyword anyway. */
const KEPT_TEXT_LENGTH = 480;

export function createInboundRepository(db: Firestore, deps: { sms: SmsRepository }) {
  const inbound = db.collection(INBOUND).withConverter(storedAs<InboundDocument>());
  const helpReplies = db.collection(HELP_REPLIES).withConverter(storedAs<HelpReplyDocument>());

  return {
    /** Whether a text with this provider id was handled already (a cheap check before the work). */
    async seen(providerId: string): Promise<boolean> {
      return (await inbound.doc(hashed(providerId)).get()).exists;
    },

    /**
     * Handles a text once, in one transaction: decides (inbound-rules.ts) over the number's consent
     * and its last help reply, records the text, the STOP or START, and queues the reply.
     */
    async handle(
      text: InboundText,
      action: InboundAction,
      now: Date,
    ): Promise<{ kind: "duplicate" } | { kind: "handled"; outcome: InboundOutcome }> {
      const id = hashed(text.providerId);
      const number = text.number;
      return runTransaction(db, async (transaction) => {
        const existing = await transaction.get(inbound.doc(id));
        if (existing.exists) return { kind: "duplicate" } as const;
        const helpRef = number === null ? undefined : helpReplies.doc(hashed(number));
        const [consent, help]: [Consent | undefined, HelpReplyDocument | undefined] = await Promise.all([
          number === null ? Promise.resolve(undefined) : deps.sms.consentIn(transaction, number),
          helpRef && action.kind === "help_once"
            ? transaction.get(helpRef).then((snapshot) => snapshot.data())
            : Promise.resolve(undefined),
        ]);
        const decision = decideInbound(number === null ? { kind: "ignore" } : action, {
          optedOut: consent?.optedOut ?? false,
          lastHelpAt: help?.sent_at.toDate() ?? null,
          now,
        });
        if (number !== null && decision.optOut !== null) {
          deps.sms.recordConsentIn(transaction, number, consent ?? NO_CONSENT, {
            optedOut: decision.optOut,
            at: now,
            via: "sms",
            reference: text.providerId,
          });
        }
        if (number !== null && decision.reply) {
          deps.sms.queueReplyIn(
            transaction,
            id,
            { kind: decision.reply.kind, to: number, account: text.account, text: decision.reply.text },
            now,
          );
        }
        if (helpRef && decision.marksHelp) {
          transaction.set(helpRef, {
            sent_at: Timestamp.fromDate(now),
            expires_at: Timestamp.fromMillis(now.getTime() + 2 * 24 * 60 * 60_000),
          });
        }
        const record: InboundDocument = {
          provider_id: text.providerId,
          from: text.number ?? text.from,
          to: text.to,
          text: text.text.slice(0, KEPT_TEXT_LENGTH),
          date: text.date,
          link_id: text.linkId,
          keyword: text.keyword,
          account: text.account,
          outcome: decision.outcome,
          replied: decision.reply !== null,
          handled_at: Timestamp.fromDate(now),
          expires_at: Timestamp.fromMillis(now.getTime() + INBOUND_TTL_MS),
        };
        transaction.create(inbound.doc(id), record);
        return { kind: "handled", outcome: decision.outcome } as const;
      });
    },
  };
}

export type InboundRepository = ReturnType<typeof createInboundRepository>;
