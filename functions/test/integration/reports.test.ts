/**
 * The day's report against orders and messages this test made, in a Firestore project of its own
 * and with the app's clock set by the test: orders placed, completed and canceled a millisecond
 * either side of midnight in Nairobi count on the shop's day they happened; SMS count once, on the day
 * each became final; products add up the catalogue lines of the day's orders.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { handleMessageEvent } from "../../src/entry-points/sms-handlers.js";
import type { SmsSender } from "../../src/sms/senders/sender.js";
import { expectProblem, expectStatus } from "../support/http.js";
import { deliveryDeps } from "../support/messages.js";
import { createOrder, type OrderBody } from "../support/orders.js";
import { testConfig, useApi } from "../support/server.js";
import {
  acceptingSender,
  catalogueOrder,
  isolatedFirestore,
  line,
  refusingSender,
  settableClock,
} from "../support/shop-day.js";
import { staffToken } from "../support/staff.js";
import { registerAndLogin, verifiedCustomer, type TestUser } from "../support/users.js";

interface Figures {
  count: number;
  amount: string;
}

interface DailyReport {
  date: string;
  time_zone: string;
  starts_at: string;
  ends_at: string;
  running: boolean;
  generated_at: string;
  currency: string;
  orders: { placed: Figures; completed: Figures; canceled: Figures; pending: Figures };
  products: { product_id: string; name: string; quantity: number; amount: string }[];
  sms: {
    sent: number;
    failed: number;
    suppressed: number;
    suppressed_by_reason: { reason: string; count: number }[];
    cost: { currency: string; amount: string }[];
    cost_unknown: number;
  };
}

const none = { count: 0, amount: "0.00" };

describe("The day's report", () => {
  const own = isolatedFirestore("reports");
  const time = settableClock("2024-01-10T09:00:00.000Z");
  const api = useApi(() => ({ config: testConfig(), db: own, clock: time.clock }));
  let staff: string;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    staff = await staffToken(api);
    alice = await verifiedCustomer(api, {}, own);
    bob = await registerAndLogin(api);
  });

  async function report(date?: string): Promise<DailyReport> {
    const response = await api.get<DailyReport>(`/staff/reports/daily/${date ? `?date=${date}` : ""}`, {
      token: staff,
    });
    expectStatus(response, 200);
    return response.body;
  }

  async function placeAt(at: string, customer: TestUser, amount: number): Promise<OrderBody> {
    time.set(at);
    return createOrder(api, customer.token, { item: "Sukuma wiki", amount });
  }

  async function completeAt(at: string, order: OrderBody): Promise<void> {
    time.set(at);
    const path = `/staff/orders/${order.order_number}/`;
    expectStatus(await api.patch(path, { status: "Completed" }, { token: staff }), 200);
  }

  /** What the SMS trigger does with a carrier, at a moment of the test's choosing. */
  async function deliverAt(at: string, path: string, sender: SmsSender, event = `evt-${path}`) {
    time.set(at);
    return handleMessageEvent(
      { id: event, time: at, document: path },
      deliveryDeps(own, sender, { clock: time.clock, timeZone: "Africa/Nairobi" }),
    );
  }

  it("When orders are placed, completed and canceled a moment either side of midnight in Nairobi, then each counts on the shop's day it happened", async () => {
    // 2024-01-15 in Nairobi (UTC+3) runs from 2024-01-14T21:00:00Z up to 2024-01-15T21:00:00Z.
    const lastOfTheDayBefore = await placeAt("2024-01-14T20:59:59.999Z", alice, 100);
    const firstOfTheDay = await placeAt("2024-01-14T21:00:00.000Z", alice, 200);
    const canceledByCustomer = await placeAt("2024-01-15T09:00:00.000Z", bob, 300);
    const canceledByShop = await placeAt("2024-01-15T07:00:00.000Z", alice, 600);
    const lastOfTheDay = await placeAt("2024-01-15T20:59:59.999Z", bob, 400);
    const firstOfTheNext = await placeAt("2024-01-15T21:00:00.000Z", alice, 500);

    await completeAt("2024-01-14T21:00:00.000Z", lastOfTheDayBefore);
    time.set("2024-01-15T10:00:00.000Z");
    expectStatus(
      await api.patch(`/orders/${canceledByCustomer.id}/`, { status: "Canceled" }, { token: bob.token }),
      200,
    );
    time.set("2024-01-15T20:59:59.999Z");
    expectStatus(
      await api.patch(`/staff/orders/${canceledByShop.order_number}/`, { status: "Canceled" }, { token: staff }),
      200,
    );
    await completeAt("2024-01-15T21:00:00.000Z", lastOfTheDay);

    time.set("2024-01-16T06:00:00.000Z");
    const day = await report("2024-01-15");
    expect(day).toMatchObject({
      date: "2024-01-15",
      time_zone: "Africa/Nairobi",
      starts_at: "2024-01-14T21:00:00.000Z",
      ends_at: "2024-01-15T21:00:00.000Z",
      running: false,
      currency: "KES",
      products: [],
    });
    expect(day.orders).toEqual({
      placed: { count: 4, amount: "1500.00" },
      completed: { count: 1, amount: "100.00" },
      canceled: { count: 2, amount: "900.00" },
      pending: { count: 1, amount: "200.00" },
    });
    expect(firstOfTheDay.status).toBe("Pending");

    expect((await report("2024-01-14")).orders).toEqual({
      placed: { count: 1, amount: "100.00" },
      completed: none,
      canceled: none,
      pending: none,
    });
    const next = await report("2024-01-16");
    expect(next.running).toBe(true);
    expect(next.orders).toEqual({
      placed: { count: 1, amount: "500.00" },
      completed: { count: 1, amount: "400.00" },
      canceled: none,
      pending: { count: 1, amount: "500.00" },
    });
    expect(firstOfTheNext.status).toBe("Pending");
  });

  it("When the day is today, then the report says it is still running, is today's without a date, and a future day is refused", async () => {
    time.set("2024-01-18T20:30:00.000Z");
    const today = await report();
    expect(today).toMatchObject({ date: "2024-01-18", running: true, generated_at: "2024-01-18T20:30:00.000Z" });
    // 23:30 in Nairobi is still the 18th; half an hour later the 18th is over.
    time.set("2024-01-18T21:00:00.000Z");
    expect(await report("2024-01-18")).toMatchObject({ running: false });
    expect((await report()).date).toBe("2024-01-19");

    const future = expectProblem(
      await api.get("/staff/reports/daily/?date=2024-01-20", { token: staff }),
      400,
      "validation_error",
    );
    expect(future.errors).toEqual([{ field: "date", message: expect.stringContaining("2024-01-19") }]);
    for (const date of ["2024-02-30", "15-01-2024", "2024-01-15T00:00:00Z"]) {
      expectProblem(await api.get(`/staff/reports/daily/?date=${date}`, { token: staff }), 400, "validation_error");
    }
    expectProblem(await api.get("/staff/reports/daily/", { token: alice.token }), 403, "staff_only");
    expectProblem(await api.get("/staff/reports/daily/"), 401, "not_authenticated");
  });

  it("When SMS are sent, refused by the provider and suppressed, then each counts once on the day it became final, with its reported cost", async () => {
    const sender = acceptingSender("KES 0.8000");
    const confirmed = await placeAt("2024-01-21T06:00:00.000Z", alice, 50);
    const confirmedTwice = await placeAt("2024-01-21T06:10:00.000Z", alice, 60);
    const refused = await placeAt("2024-01-21T06:20:00.000Z", alice, 70);
    // Bob never proved his number: his confirmation is suppressed when the order is made.
    const unproven = await placeAt("2024-01-21T06:30:00.000Z", bob, 80);
    expect(unproven.sms).toMatchObject({ status: "suppressed", error_code: "phone_not_verified" });
    const orderPath = (customer: TestUser, order: OrderBody) => `users/${customer.uid}/orders/${order.id}`;

    expect(await deliverAt("2024-01-21T07:00:00.000Z", orderPath(alice, confirmed), sender)).toEqual({
      kind: "final",
      status: "sent",
    });
    await deliverAt("2024-01-21T07:01:00.000Z", orderPath(alice, confirmedTwice), sender);
    // The same event again, and another event for the same message: nothing more is sent or counted.
    await deliverAt("2024-01-21T07:02:00.000Z", orderPath(alice, confirmedTwice), sender);
    await deliverAt("2024-01-21T07:03:00.000Z", orderPath(alice, confirmedTwice), sender, "another-event");
    expect(await deliverAt("2024-01-21T07:04:00.000Z", orderPath(alice, refused), refusingSender)).toEqual({
      kind: "final",
      status: "failed",
    });
    await deliverAt("2024-01-21T07:05:00.000Z", orderPath(bob, unproven), sender);
    await deliverAt("2024-01-21T07:06:00.000Z", orderPath(bob, unproven), sender, "again");

    // The status message of an order completed at 23:59:59 goes out at midnight: it counts on the 22nd.
    await completeAt("2024-01-21T20:59:59.000Z", confirmed);
    const notification = `${orderPath(alice, confirmed)}/notifications/${confirmed.id}-status-completed`;
    await deliverAt("2024-01-21T21:00:00.000Z", notification, sender);
    expect(sender.sent).toBe(3);

    time.set("2024-01-22T12:00:00.000Z");
    expect((await report("2024-01-21")).sms).toEqual({
      sent: 2,
      failed: 1,
      suppressed: 1,
      suppressed_by_reason: [{ reason: "phone_not_verified", count: 1 }],
      cost: [{ currency: "KES", amount: "1.6000" }],
      cost_unknown: 0,
    });
    expect((await report("2024-01-22")).sms).toEqual({
      sent: 1,
      failed: 0,
      suppressed: 0,
      suppressed_by_reason: [],
      cost: [{ currency: "KES", amount: "0.8000" }],
      cost_unknown: 0,
    });
  });

  it("When the day's orders come from the catalogue, then each product adds up its lines, canceled orders left out, best-selling first", async () => {
    const bread = (quantity: number) => line("bread-800g", "White bread 800 g", quantity, 6500);
    const milk = (quantity: number) => line("milk-500ml", "Milk 500 ml", quantity, 6000);
    await catalogueOrder(own, { at: "2024-01-24T05:00:00.000Z", lines: [bread(2), milk(1)] });
    await catalogueOrder(own, { at: "2024-01-24T06:00:00.000Z", lines: [bread(3)], status: "Completed" });
    await catalogueOrder(own, { at: "2024-01-24T07:00:00.000Z", lines: [milk(10)], status: "Canceled" });
    // The product was renamed since: the day's newest line names it.
    await catalogueOrder(own, {
      at: "2024-01-24T08:00:00.000Z",
      lines: [line("milk-500ml", "Fresh milk 500 ml", 1, 6000)],
    });
    // Just before the day: not one of its orders.
    await catalogueOrder(own, { at: "2024-01-23T20:59:59.999Z", lines: [bread(50)] });
    await placeAt("2024-01-24T09:00:00.000Z", bob, 99);

    time.set("2024-01-25T00:00:00.000Z");
    const day = await report("2024-01-24");
    expect(day.products).toEqual([
      { product_id: "bread-800g", name: "White bread 800 g", quantity: 5, amount: "325.00" },
      { product_id: "milk-500ml", name: "Fresh milk 500 ml", quantity: 2, amount: "120.00" },
    ]);
    expect(day.orders.placed).toEqual({ count: 5, amount: "1144.00" });
    expect(day.orders.pending).toEqual({ count: 3, amount: "349.00" });
  });
});
