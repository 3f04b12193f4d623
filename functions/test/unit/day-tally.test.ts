/** The day's SMS tally and the shop alerts' budget, as pure rules. */
import { describe, expect, it } from "vitest";
import { countersFor, POOL_OF, projectCap } from "../../src/sms/budget-rules.js";
import { parseCost, sumShards, tallyEntryOf } from "../../src/sms/day-tally.js";
import { roomyBudget } from "../support/messages.js";

describe("The day's SMS tally", () => {
  it("When the provider reports a cost, then it is read to the millionth; none or an unreadable one is told apart", () => {
    expect(parseCost("KES 0.8000")).toEqual({ currency: "KES", micros: 800_000 });
    expect(parseCost("USD 0.0075")).toEqual({ currency: "USD", micros: 7_500 });
    expect(parseCost("KES 12")).toEqual({ currency: "KES", micros: 12_000_000 });
    expect(parseCost(null)).toBeNull();
    expect(parseCost("")).toBeNull();
    expect(parseCost("0")).toBe("unreadable");
    expect(parseCost("KES -1.00")).toBe("unreadable");
  });

  it("When a message is final, then it adds to sent, failed or its suppression reason; in flight, it adds nothing", () => {
    const base = { cost: null, error_code: null };
    expect(tallyEntryOf({ ...base, status: "sent", cost: "KES 0.8000" })).toEqual({
      outcome: "sent",
      cost: { currency: "KES", micros: 800_000 },
    });
    expect(tallyEntryOf({ ...base, status: "outbox" })).toEqual({ outcome: "sent", cost: null });
    expect(tallyEntryOf({ ...base, status: "failed", error_code: "403" })).toEqual({ outcome: "failed" });
    expect(tallyEntryOf({ ...base, status: "suppressed", error_code: "opted_out" })).toEqual({
      outcome: "suppressed",
      reason: "opted_out",
    });
    expect(tallyEntryOf({ ...base, status: "pending" })).toBeUndefined();
    expect(tallyEntryOf({ ...base, status: "sending" })).toBeUndefined();
  });

  it("When shards are summed, then counts, reasons and costs add up and missing shards count as nothing", () => {
    expect(
      sumShards([
        { date: "2024-01-15", sent: 2, suppressed: { opted_out: 1 }, cost_micros: { KES: 1_600_000 } },
        undefined,
        {
          date: "2024-01-15",
          sent: 1,
          failed: 1,
          suppressed: { opted_out: 2, phone_not_verified: 1 },
          cost_unknown: 1,
        },
      ]),
    ).toEqual({
      sent: 3,
      failed: 1,
      suppressed: { opted_out: 3, phone_not_verified: 1 },
      costMicros: { KES: 1_600_000 },
      costUnknown: 1,
    });
  });

  it("When a shop alert is budgeted, then it has a pool of its own and no per-person counters", () => {
    const budget = roomyBudget({ shopAlertsPerDay: 7 });
    expect(POOL_OF.shop_alert).toBe("alerts");
    expect(projectCap("alerts", budget)).toEqual({ limit: 7, reason: "sms_budget_alerts_day" });
    expect(countersFor(POOL_OF.shop_alert, { account: null, number: "n" }, budget, new Date())).toEqual([]);
    expect(countersFor(POOL_OF.order_confirmation, { account: "a", number: "n" }, budget, new Date())).toHaveLength(4);
  });
});
