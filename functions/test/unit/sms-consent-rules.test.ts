/** The SMS claim's consent and budget rules for STOP, replies and codes, as pure decisions. */
import { describe, expect, it } from "vitest";
import { countersFor, POOL_OF, projectCap, projectShardId } from "../../src/sms/budget-rules.js";
import { decideClaim, type Consent } from "../../src/sms/delivery-rules.js";
import { newMessage, type MessageKind } from "../../src/sms/message.js";
import { roomyBudget } from "../support/messages.js";

const now = new Date("2026-11-02T10:00:00Z");
const NUMBER = "+254712345678";

function claim(kind: MessageKind, account: string | null, consent: Consent) {
  const message = newMessage({ kind, to: NUMBER, account, text: "hello" }, now);
  return decideClaim({
    message,
    now,
    admission: { consent, destinationAllowed: true, projectCapReached: undefined, budgetBreached: undefined },
  });
}

const stoppedBy = (provenBy: string | null): Consent => ({
  provenBy,
  optedOut: true,
  optedOutAt: now,
  optedOutVia: "sms",
});

describe("STOP in the SMS claim", () => {
  it("When a number said STOP, then order, status and reply messages are suppressed as opted_out", () => {
    for (const kind of ["order_confirmation", "order_status", "reply"] as const) {
      expect(claim(kind, "u1", stoppedBy("u1"))).toEqual({ action: "suppress", reason: "opted_out" });
    }
    expect(claim("reply", null, stoppedBy(null))).toEqual({ action: "suppress", reason: "opted_out" });
  });

  it("When a number said STOP, then only a code its own account asks for still goes, and the STOP's confirmation", () => {
    expect(claim("verification_code", "u1", stoppedBy("u1"))).toMatchObject({ action: "claim" });
    expect(claim("verification_code", "u2", stoppedBy("u1"))).toEqual({ action: "suppress", reason: "opted_out" });
    expect(claim("verification_code", "u2", stoppedBy(null))).toEqual({ action: "suppress", reason: "opted_out" });
    expect(claim("opt_out_confirmation", null, stoppedBy(null))).toMatchObject({ action: "claim" });
  });

  it("When a number never said STOP, then a reply needs no proof and a code goes to an unproven number", () => {
    const none: Consent = { provenBy: null, optedOut: false, optedOutAt: null, optedOutVia: null };
    expect(claim("reply", null, none)).toMatchObject({ action: "claim", countsTowardBudget: true });
    expect(claim("verification_code", "u1", none)).toMatchObject({ action: "claim" });
    expect(claim("order_confirmation", "u1", none)).toEqual({ action: "suppress", reason: "phone_not_verified" });
  });
});

describe("The replies' budget", () => {
  it("When a reply is counted, then it uses the replies' pool and per-number counter, never an order message's", () => {
    const budget = roomyBudget({ repliesPerDay: 7, repliesPerNumberPerDay: 2 });
    expect(POOL_OF.reply).toBe("replies");
    expect(POOL_OF.opt_out_confirmation).toBe("replies");
    const replies = countersFor("replies", { account: "a", number: "n" }, budget, now);
    const orders = countersFor("messages", { account: "a", number: "n" }, budget, now);
    expect(replies).toEqual([expect.objectContaining({ limit: 2, reason: "sms_budget_replies_number_day" })]);
    expect(replies.map((counter) => counter.id)).not.toContain(orders.map((counter) => counter.id)[0]);
    expect(orders.every((counter) => !counter.id.startsWith("replies-"))).toBe(true);
    expect(projectCap("replies", budget)).toEqual({ limit: 7, reason: "sms_budget_replies_day" });
    const day = Math.floor(now.getTime() / 86_400_000);
    expect(projectShardId("replies", day, 3)).toBe(`project-replies-${day}-3`);
    expect(projectShardId("messages", day, 3)).toBe(`project-${day}-3`);
  });

  it("When a message was already attempted, then its retry needs no admission again", () => {
    const message = { ...newMessage({ kind: "reply", to: NUMBER, account: null, text: "hi" }, now), attempts: 1 };
    expect(decideClaim({ message, now })).toMatchObject({ action: "claim", attempts: 2, countsTowardBudget: false });
  });
});
