import { describe, expect, it } from "vitest";
import { en as t } from "../../i18n/en.js";
import { sw } from "../../i18n/sw.js";
import { order } from "../../test-support/harness.js";
import { customerSmsText, staffSmsText } from "../sms.js";
import { storyOf } from "../story.js";

const suppressed = (error_code: string) => ({ status: "suppressed" as const, error_code, delivery_status: null });

describe("An SMS's state in words", () => {
  it("When an SMS was held back by a limit, then the customer reads which limit and that the order stands", () => {
    expect(customerSmsText(suppressed("sms_budget_account_hour"), t)).toBe(t.sms.hourLimit);
    expect(customerSmsText(suppressed("sms_budget_number_day"), t)).toBe(t.sms.dayLimit);
    expect(customerSmsText(suppressed("sms_budget_project_day"), t)).toBe(t.sms.shopLimit);
    expect(customerSmsText(suppressed("phone_not_verified"), t)).toBe(t.sms.notProven);
    for (const text of [t.sms.hourLimit, t.sms.dayLimit, t.sms.shopLimit]) expect(text).toMatch(/order is placed/);
  });

  it("When staff read an SMS's state, then they learn what the customer got, not a promise", () => {
    expect(staffSmsText(suppressed("phone_not_verified"), t)).toBe(t.staffSms.notProven);
    expect(staffSmsText({ status: "sent", error_code: null, delivery_status: null }, t)).toBe(t.staffSms.sent);
    expect(staffSmsText({ status: "sent", error_code: null, delivery_status: "Rejected" }, t)).toBe(
      t.staffSms.notDelivered("Rejected"),
    );
    expect(staffSmsText(suppressed("sms_budget_account_hour"), sw)).toBe(sw.staffSms.accountHour);
  });
});

describe("An order's story", () => {
  it("When an order has no history (made before it was kept), then its story is told from its times, status and SMS", () => {
    const done = order({ status: "Completed", updated_at: "2026-12-01T09:00:00.000Z", history: [] });
    const story = storyOf(done, t);
    expect(story.map((event) => event.text)).toEqual([
      t.order.events.placed,
      t.order.events.smsOutbox,
      t.order.events.completed,
    ]);
    expect(story.map((event) => event.at)).toEqual([done.created_at, done.sms.updated_at, done.updated_at]);
  });

  it("When an order has a history, then who canceled it and why is told", () => {
    const canceled = {
      ...order({ status: "Canceled" }),
      history: [
        { at: "2026-12-01T08:00:00.000Z", status: "Pending" as const, by: "customer" as const, reason: null },
        { at: "2026-12-01T10:00:00.000Z", status: "Canceled" as const, by: "shop" as const, reason: "Out of stock" },
      ],
    };
    const last = storyOf(canceled, t).at(-1);
    expect(last).toMatchObject({ text: t.order.events.canceledByShop, detail: t.order.events.reason("Out of stock") });
  });

  it("When the shop completed an order, then the story says so at the time it did", () => {
    const done = order({
      status: "Completed",
      history: [
        { at: "2026-12-01T08:00:00.000Z", status: "Pending", by: "customer", reason: null },
        { at: "2026-12-01T11:00:00.000Z", status: "Completed", by: "shop", reason: null },
      ],
    });
    expect(storyOf(done, t).at(-1)).toMatchObject({ text: t.order.events.completed, at: "2026-12-01T11:00:00.000Z" });
  });

  it("When an order is Pending with its SMS on its way, then what is still to come comes last, undated", () => {
    const waiting = order({ sms: { ...order().sms, status: "pending", updated_at: null } });
    const story = storyOf(waiting, t);
    expect(story.map((event) => [event.text, event.at])).toEqual([
      [t.order.events.placed, waiting.created_at],
      [t.order.events.smsWaiting, undefined],
      [t.order.events.pending, undefined],
    ]);
  });
});
