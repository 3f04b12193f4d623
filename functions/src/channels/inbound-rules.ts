/**
 * What an inbound text leads to, as a pure decision over what the handling transaction found: the
 * number's STOP, and whether it had a help reply within the last day. The inbound repository
 * applies the answer in that same transaction, so a text delivered twice is decided once.
 */

/** What the text asks for, with the reply already worded (in the customer's language). */
export type InboundAction =
  | { kind: "reply"; text: string }
  /** A text the shop does not understand: the help text, at most once a day per number. */
  | { kind: "help_once"; text: string }
  | { kind: "opt_out"; text: string }
  | { kind: "opt_in"; text: string }
  /** Nothing to answer (a sender that is no mobile number the shop serves). */
  | { kind: "ignore" };

export type InboundOutcome =
  | "replied"
  | "opted_out"
  | "already_opted_out"
  | "opted_in"
  | "help_already_sent"
  /** An opted-out number's text other than START: answered with nothing, as its STOP asked. */
  | "not_answered_opted_out"
  | "ignored";

export interface InboundDecision {
  outcome: InboundOutcome;
  reply: { kind: "reply" | "opt_out_confirmation"; text: string } | null;
  /** The number's new opt-out, when the text changes it. */
  optOut: boolean | null;
  /** Whether this reply is the number's help reply of the day. */
  marksHelp: boolean;
}

export const HELP_REPLY_INTERVAL_MS = 24 * 60 * 60_000;

const none = (outcome: InboundOutcome): InboundDecision => ({ outcome, reply: null, optOut: null, marksHelp: false });

export function decideInbound(
  action: InboundAction,
  facts: { optedOut: boolean; lastHelpAt: Date | null; now: Date },
): InboundDecision {
  switch (action.kind) {
    case "ignore":
      return none("ignored");
    case "opt_out":
      // One confirmation for the STOP itself; a second STOP changes nothing and gets nothing.
      if (facts.optedOut) return none("already_opted_out");
      return {
        outcome: "opted_out",
        reply: { kind: "opt_out_confirmation", text: action.text },
        optOut: true,
        marksHelp: false,
      };
    case "opt_in":
      return {
        outcome: facts.optedOut ? "opted_in" : "replied",
        reply: { kind: "reply", text: action.text },
        optOut: facts.optedOut ? false : null,
        marksHelp: false,
      };
    case "reply":
      if (facts.optedOut) return none("not_answered_opted_out");
      return { outcome: "replied", reply: { kind: "reply", text: action.text }, optOut: null, marksHelp: false };
    case "help_once": {
      if (facts.optedOut) return none("not_answered_opted_out");
      const recent =
        facts.lastHelpAt !== null && facts.now.getTime() - facts.lastHelpAt.getTime() < HELP_REPLY_INTERVAL_MS;
      if (recent) return none("help_already_sent");
      return { outcome: "replied", reply: { kind: "reply", text: action.text }, optOut: null, marksHelp: true };
    }
  }
}
