/**
 * The optional SMS to the shop's own numbers for each new order: off unless SHOP_ALERT_NUMBERS names
 * numbers; created with the order, one per number; built from the customer's words only once they
 * are cleaned; on a daily budget of its own and free of the per-number limits meant for customers;
 * STOP from a shop number honoured; never shown to the customer or mixed with the status messages.
 */
import { Timestamp } from "firebase-admin/firestore";
import { describe, expect, it } from "vitest";
import { handleMessageEvent } from "../../src/entry-points/sms-handlers.js";
import { isGsm7 } from "../../src/sms/gsm.js";
import type { SmsMessage } from "../../src/sms/message.js";
import { createOutboxSender } from "../../src/sms/senders/outbox.js";
import { client, expectStatus } from "../support/http.js";
import { deliveryDeps, roomyBudget } from "../support/messages.js";
import { createOrder } from "../support/orders.js";
import { startApi, testConfig, useApi } from "../support/server.js";
import { isolatedFirestore } from "../support/shop-day.js";
import { staffToken } from "../support/staff.js";
import { registerAndLogin, uniquePhoneNumber } from "../support/users.js";

describe("New-order SMS to the shop's own numbers", () => {
  const own = isolatedFirestore("alerts");
  const shopPhones = [uniquePhoneNumber(), uniquePhoneNumber()];
  const api = useApi(() => ({ config: testConfig({ SHOP_ALERT_NUMBERS: shopPhones.join(",") }), db: own }));
  const alertsOf = (uid: string, orderId: string) =>
    own.collection("users").doc(uid).collection("orders").doc(orderId).collection("notifications");

  async function alertMessages(uid: string, orderId: string): Promise<{ id: string; kind: string; sms: SmsMessage }[]> {
    const snapshot = await alertsOf(uid, orderId).where("kind", "==", "shop_alert").get();
    return snapshot.docs.map((doc) => ({
      id: doc.id,
      kind: String(doc.get("kind")),
      sms: doc.get("sms") as SmsMessage,
    }));
  }

  const deliver = (path: string, budget = roomyBudget()) =>
    handleMessageEvent(
      { id: `evt-${path}`, time: new Date().toISOString(), document: path },
      deliveryDeps(own, createOutboxSender(own), { budget }),
    );

  it("When an order is placed, then each shop number gets one clean one-segment SMS about it, whatever the customer typed", async () => {
    const customer = await registerAndLogin(api);
    const order = await createOrder(api, customer.token, {
      item: "Unga 2kg — see www.cheap-unga.example or mail me@evil.example",
      amount: "420.50",
    });
    const alerts = await alertMessages(customer.uid, order.id);
    expect(alerts.map((alert) => alert.id).sort()).toEqual([`${order.id}-shop-alert-0`, `${order.id}-shop-alert-1`]);
    expect(alerts.map((alert) => alert.sms.to).sort()).toEqual([...shopPhones].sort());
    for (const { sms } of alerts) {
      expect(sms).toMatchObject({ kind: "shop_alert", account: null, status: "pending" });
      expect(sms.text).toBe(
        `New order #${order.order_number} from ${customer.username}: Unga 2kg - see or mail, KES 420.50.`,
      );
      expect(sms.text.length).toBeLessThanOrEqual(160);
      expect(isGsm7(sms.text)).toBe(true);
    }

    // The customer, who never proved a number, gets nothing; the shop's numbers need no proof.
    expect(order.sms.status).toBe("suppressed");
    for (const alert of alerts) {
      const path = `users/${customer.uid}/orders/${order.id}/notifications/${alert.id}`;
      expect(await deliver(path)).toEqual({ kind: "final", status: "outbox" });
    }
    const outbox = await own.collection("sms_outbox").doc(`${order.id}-shop-alert-0`).get();
    expect(outbox.get("message")).toBe(alerts.find((alert) => alert.id.endsWith("-0"))?.sms.text);

    // Staff see the order's status messages, never the shop's alerts among them.
    const staff = await staffToken(api);
    const read = await api.get<{ status_messages: unknown[] }>(`/staff/orders/${order.order_number}/`, {
      token: staff,
    });
    expectStatus(read, 200);
    expect(read.body.status_messages).toEqual([]);
  });

  it("When the shop's alerts pass their own daily budget, then the rest are suppressed with that reason, and a person's limits never apply", async () => {
    // A project of its own: the budget is the whole project's for the day.
    const fresh = isolatedFirestore("alerts-budget");
    const running = await startApi({ config: testConfig({ SHOP_ALERT_NUMBERS: shopPhones.join(",") }), db: fresh });
    try {
      const shopApi = client(running.baseUrl);
      const customer = await registerAndLogin(shopApi);
      // A limit of one per number and hour would stop a customer's second SMS; not the shop's alerts.
      const tight = roomyBudget({ numberPerHour: 1, numberPerDay: 1, shopAlertsPerDay: 3 });
      const statuses: string[] = [];
      for (let i = 0; i < 2; i++) {
        const order = await createOrder(shopApi, customer.token, { item: `Order ${i}`, amount: 10 });
        const notifications = fresh.collection("users").doc(customer.uid).collection("orders").doc(order.id);
        for (const index of [0, 1]) {
          const ref = notifications.collection("notifications").doc(`${order.id}-shop-alert-${index}`);
          const result = await handleMessageEvent(
            { id: `evt-${ref.id}`, time: new Date().toISOString(), document: ref.path },
            deliveryDeps(fresh, createOutboxSender(fresh), { budget: tight }),
          );
          statuses.push(result.kind === "final" ? result.status : result.kind);
          const stored = (await ref.get()).get("sms") as SmsMessage;
          if (stored.status === "suppressed") expect(stored.error_code).toBe("sms_budget_alerts_day");
        }
      }
      expect(statuses).toEqual(["outbox", "outbox", "outbox", "suppressed"]);
    } finally {
      await running.close();
    }
  });

  it("When a shop number sent STOP, then its alerts are suppressed as opted out", async () => {
    const stopped = uniquePhoneNumber();
    const running = await startApi({ config: testConfig({ SHOP_ALERT_NUMBERS: stopped }), db: own });
    try {
      const shopApi = client(running.baseUrl);
      await own
        .collection("phone_numbers")
        .doc(stopped)
        .set({ uid: null, verified_at: null, opted_out: true, opted_out_at: Timestamp.now() }, { merge: true });
      const customer = await registerAndLogin(shopApi);
      const order = await createOrder(shopApi, customer.token, { item: "Chai", amount: 5 });
      const [alert] = await alertMessages(customer.uid, order.id);
      if (!alert) throw new Error("no alert was made");
      expect(await deliver(`users/${customer.uid}/orders/${order.id}/notifications/${alert.id}`)).toEqual({
        kind: "final",
        status: "suppressed",
      });
      const stored = (await alertsOf(customer.uid, order.id).doc(alert.id).get()).get("sms") as SmsMessage;
      expect(stored.error_code).toBe("opted_out");
    } finally {
      await running.close();
    }
  });

  it("When no shop numbers are set (the default), then an order makes no alert", async () => {
    const running = await startApi({ config: testConfig(), db: own });
    try {
      const plain = client(running.baseUrl);
      const customer = await registerAndLogin(plain);
      const order = await createOrder(plain, customer.token, { item: "Chai", amount: 5 });
      expect(await alertMessages(customer.uid, order.id)).toEqual([]);
      expect((await alertsOf(customer.uid, order.id).get()).size).toBe(0);
    } finally {
      await running.close();
    }
  });
});
