/**
 * Texts to the shop's short code end to end: the inbound callback as Africa's Talking posts it, the
 * emulator's reply trigger, and the local outbox where the replies land (what the phone receives).
 */
import { initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { describe, expect, it } from "vitest";
import { handleMessageEvent } from "../../src/entry-points/sms-handlers.js";
import { createOutboxSender } from "../../src/sms/senders/outbox.js";
import type { SmsMessage } from "../../src/sms/message.js";
import { db } from "../support/firebase.js";
import { expectStatus } from "../support/http.js";
import { deliveryDeps, roomyBudget } from "../support/messages.js";
import { createOrder, type OrderBody } from "../support/orders.js";
import { CALLBACK_TOKEN, dialer, text } from "../support/phone.js";
import { staffToken } from "../support/staff.js";
import { testConfig, useApi } from "../support/server.js";
import { registerAndLogin, uniquePhoneNumber, verifiedCustomer } from "../support/users.js";
import { waitFor } from "../support/wait.js";

const USSD_CODE = "*384*123#";

/** What reached the number through the outbox, oldest first. */
async function received(number: string, database: Firestore = db()): Promise<string[]> {
  const outbox = await database.collection("sms_outbox").where("to", "==", number).get();
  return outbox.docs
    .map((doc) => ({ at: doc.get("created_at") as FirebaseFirestore.Timestamp, message: String(doc.get("message")) }))
    .sort((a, b) => a.at.toMillis() - b.at.toMillis())
    .map((entry) => entry.message);
}

/** Waits until the number has received `count` messages, then a little longer to see that no more come. */
async function receivedExactly(number: string, count: number): Promise<string[]> {
  const messages = await waitFor(
    () => received(number),
    (list) => list.length >= count,
    20_000,
  );
  await new Promise((settle) => setTimeout(settle, 1500));
  const settled = await received(number);
  expect(settled, JSON.stringify(messages)).toHaveLength(count);
  return settled;
}

async function inboundRecord(providerId: string, database: Firestore = db()) {
  const records = await database.collection("inbound_messages").where("provider_id", "==", providerId).get();
  expect(records.size).toBe(1);
  return records.docs[0]?.data();
}

describe("Inbound SMS", () => {
  const api = useApi(() => ({
    config: testConfig({ AT_CALLBACK_TOKEN: CALLBACK_TOKEN, USSD_SERVICE_CODE: USSD_CODE }),
  }));

  it("When a customer texts STATUS, then the latest orders come back by SMS, once however often the text is delivered", async () => {
    const customer = await verifiedCustomer(api);
    const first = await createOrder(api, customer.token, { item: "Sugar", amount: 180 });
    const second = await createOrder(api, customer.token, { item: "Tea", amount: "95.50" });
    const sent = await text(api, customer.phone_number, "status");
    expect(sent).toMatchObject({ status: 200, body: { status: "handled" } });
    // Africa's Talking delivers the same callback again: nothing more happens.
    expect(await text(api, customer.phone_number, "status", { fields: sent.fields })).toMatchObject({
      status: 200,
      body: { status: "duplicate" },
    });
    // The code that proved the number, two confirmations, and one reply.
    const messages = await receivedExactly(customer.phone_number, 4);
    expect(messages.at(-1)).toBe(
      `Your orders: #${second.order_number} Pending KES 95.50; #${first.order_number} Pending KES 180.00`,
    );
    expect(await inboundRecord(sent.fields.id)).toMatchObject({
      keyword: "status",
      outcome: "replied",
      account: customer.uid,
      from: customer.phone_number,
      text: "status",
    });
  });

  it("When STATUS names an order, then only the customer's own order is told", async () => {
    const [owner, other] = await Promise.all([verifiedCustomer(api), verifiedCustomer(api)]);
    const order = await createOrder(api, owner.token, { item: "Laptop", amount: 1200 });
    await text(api, owner.phone_number, `Status #${order.order_number.toLowerCase()}`);
    await text(api, other.phone_number, `STATUS ${order.order_number}`);
    expect((await receivedExactly(owner.phone_number, 3)).at(-1)).toBe(
      `Order #${order.order_number} Pending KES 1200.00`,
    );
    expect((await receivedExactly(other.phone_number, 2)).at(-1)).toBe(
      `No order #${order.order_number} belongs to this number.`,
    );
  });

  it("When a number without an account texts, then it is told how to register, in the language it wrote in", async () => {
    const english = uniquePhoneNumber();
    const swahili = uniquePhoneNumber();
    await text(api, english, "STATUS");
    await text(api, swahili, "hali");
    expect(await receivedExactly(english, 1)).toEqual([`No account has this number. Dial ${USSD_CODE} to register.`]);
    expect(await receivedExactly(swahili, 1)).toEqual([
      `Hakuna akaunti yenye nambari hii. Piga ${USSD_CODE} kujisajili.`,
    ]);
    await text(api, swahili, "MSAADA");
    expect((await receivedExactly(swahili, 2)).at(-1)).toBe(
      `Tuma HALI kuona oda zako, HALI na nambari ya oda kwa moja, ACHA kusitisha SMS, ANZA kuzipata tena. Piga ${USSD_CODE} kuagiza.`,
    );
  });

  it("When a customer who chose Swahili texts STATUS, then the reply is in Swahili", async () => {
    const customer = await verifiedCustomer(api);
    const order = await createOrder(api, customer.token, { item: "Sukari", amount: 180 });
    const phone = dialer(api, customer.phone_number);
    await phone.dial();
    await phone.press("4");
    await phone.press("2");
    await text(api, customer.phone_number, "STATUS");
    expect((await receivedExactly(customer.phone_number, 3)).at(-1)).toBe(
      `Oda #${order.order_number} Inasubiri KES 180.00`,
    );
  });

  it("When a number texts what the shop does not understand, then it gets the help text once a day, not once a text", async () => {
    const number = uniquePhoneNumber();
    const texts = ["Hello?", "Is my order ready", "hello??"];
    const answers = [];
    for (const body of texts) answers.push(await text(api, number, body));
    expect(answers.map((answer) => answer.body.status)).toEqual(["handled", "handled", "handled"]);
    expect(await receivedExactly(number, 1)).toEqual([
      `Text STATUS for your orders, STATUS and an order number for one, STOP to stop SMS, START to get them again. Dial ${USSD_CODE} to order.`,
    ]);
    const outcomes = [];
    for (const answer of answers) outcomes.push((await inboundRecord(answer.fields.id))?.outcome);
    expect(outcomes).toEqual(["replied", "help_already_sent", "help_already_sent"]);
  });

  it("When a customer texts STOP, then one confirmation comes and then nothing: no reply, no order SMS, until START", async () => {
    const customer = await verifiedCustomer(api);
    const stop = await text(api, customer.phone_number, "Stop");
    expect(stop.body.status).toBe("handled");
    expect((await receivedExactly(customer.phone_number, 2)).at(-1)).toBe(
      "You will get no more SMS from us. Text START to get them again.",
    );
    const number = db().collection("phone_numbers").doc(customer.phone_number);
    expect((await number.get()).data()).toMatchObject({
      uid: customer.uid,
      opted_out: true,
      opted_out_via: "sms",
      opted_out_reference: stop.fields.id,
    });

    // A second STOP, a STATUS and an order: the number receives nothing.
    const again = await text(api, customer.phone_number, "STOP");
    const status = await text(api, customer.phone_number, "STATUS");
    const order = await createOrder(api, customer.token, { item: "Rice", amount: 300 });
    const final = await waitFor(
      () => api.get<OrderBody>(`/orders/${order.id}/`, { token: customer.token }),
      (response) => response.body.sms.status !== "pending" && response.body.sms.status !== "sending",
      15_000,
    );
    expect(final.body.sms).toMatchObject({ status: "suppressed", error_code: "opted_out", attempts: 0 });
    await receivedExactly(customer.phone_number, 2);
    expect((await inboundRecord(again.fields.id))?.outcome).toBe("already_opted_out");
    expect((await inboundRecord(status.fields.id))?.outcome).toBe("not_answered_opted_out");
    // Staff see it on the order, before they complete it (its status SMS would not go).
    const staff = await staffToken(api);
    const seen = await api.get<{ customer: Record<string, unknown> }>(`/staff/orders/${order.order_number}/`, {
      token: staff,
    });
    expectStatus(seen, 200);
    expect(seen.body.customer).toMatchObject({ sms_opted_out: true, sms_opted_out_at: expect.any(String) });
    const listed = await api.get<{ customer: Record<string, unknown> }[]>(
      `/staff/orders/?customer=${encodeURIComponent(customer.phone_number)}`,
      { token: staff },
    );
    expectStatus(listed, 200);
    expect(listed.body[0]?.customer).not.toHaveProperty("sms_opted_out");
    const profile = await api.get<{ sms_opted_out: boolean }>("/me/", { token: customer.token });
    expect(profile.body).toMatchObject({ sms_opted_out: true });
    const replies = await db().collection("sms_replies").where("sms.to", "==", customer.phone_number).get();
    expect(replies.docs.map((doc) => (doc.get("sms") as SmsMessage).kind)).toEqual(["opt_out_confirmation"]);

    // START: back in, told so, and the next order's confirmation goes.
    const start = await text(api, customer.phone_number, "START");
    expect((await receivedExactly(customer.phone_number, 3)).at(-1)).toBe(
      "You will get our SMS again. Text STOP to stop them.",
    );
    expect((await inboundRecord(start.fields.id))?.outcome).toBe("opted_in");
    const next = await createOrder(api, customer.token, { item: "Beans", amount: 150 });
    expect((await receivedExactly(customer.phone_number, 4)).at(-1)).toContain(`#${next.order_number}`);
    const changes = await number.collection("consent_changes").orderBy("at").get();
    expect(
      changes.docs.map((doc) => [Boolean(doc.get("opted_out")), String(doc.get("via")), String(doc.get("reference"))]),
    ).toEqual([
      [true, "sms", stop.fields.id],
      [false, "sms", start.fields.id],
    ]);
  });

  it("When a number that said STOP is typed in by another account, then that account's code to it is not sent", async () => {
    const number = uniquePhoneNumber();
    await text(api, number, "STOP");
    expect(await receivedExactly(number, 1)).toEqual([
      "You will get no more SMS from us. Text START to get them again.",
    ]);
    const stranger = await registerAndLogin(api, { phone_number: number });
    expectStatus(await api.post("/me/phone/code/", undefined, { token: stranger.token }), 202);
    const code = await waitFor(
      async () =>
        (await db().collection("verification_messages").where("sms.account", "==", stranger.uid).get()).docs[0]?.get(
          "sms",
        ) as SmsMessage | undefined,
      (sms) => sms !== undefined && sms.status !== "pending" && sms.status !== "sending",
      15_000,
    );
    expect(code).toMatchObject({ status: "suppressed", error_code: "opted_out" });
    await receivedExactly(number, 1);
  });

  it("When the token is wrong, then the text is refused and nothing is recorded or sent", async () => {
    const number = uniquePhoneNumber();
    const refused = await text(api, number, "STATUS", { token: `${CALLBACK_TOKEN}0` });
    expect(refused).toMatchObject({ status: 403, body: { code: "invalid_callback_token" } });
    const records = await db().collection("inbound_messages").where("provider_id", "==", refused.fields.id).get();
    expect(records.size).toBe(0);
    await receivedExactly(number, 0);
  });

  it("When the sender is no mobile number the shop serves, then the text is recorded and nothing is sent", async () => {
    const sent = await text(api, "+12025550123", "STATUS");
    expect(sent.body.status).toBe("handled");
    expect(await inboundRecord(sent.fields.id)).toMatchObject({ outcome: "ignored", replied: false });
  });
});

describe("Inbound SMS replies' budget", () => {
  // A project of its own, so the emulator's trigger leaves these replies to the test's own delivery.
  const isolated = getFirestore(initializeApp({ projectId: "demo-orders-replies" }, "replies-budget"));
  const api = useApi(() => ({ db: isolated, config: testConfig({ AT_CALLBACK_TOKEN: CALLBACK_TOKEN }) }));

  it("When one number floods the short code, then its replies stop at their own daily budget, recorded as suppressed", async () => {
    const number = uniquePhoneNumber();
    const deps = deliveryDeps(isolated, createOutboxSender(isolated), {
      budget: roomyBudget({ repliesPerNumberPerDay: 2 }),
    });
    const results = [];
    for (let i = 0; i < 4; i++) {
      const sent = await text(api, number, "HELP");
      const replies = await isolated.collection("sms_replies").where("sms.to", "==", number).get();
      const newest = replies.docs.find((doc) => doc.get("sms.status") === "pending");
      if (!newest) throw new Error(`no reply queued for text ${sent.fields.id}`);
      results.push(
        await handleMessageEvent(
          { id: `evt-${newest.id}`, time: new Date().toISOString(), document: newest.ref.path },
          deps,
        ),
      );
    }
    expect(results.map((result) => (result.kind === "final" ? result.status : result.kind))).toEqual([
      "outbox",
      "outbox",
      "suppressed",
      "suppressed",
    ]);
    const suppressed = await isolated
      .collection("sms_replies")
      .where("sms.to", "==", number)
      .where("sms.status", "==", "suppressed")
      .get();
    expect(suppressed.docs.map((doc) => String(doc.get("sms.error_code")))).toEqual([
      "sms_budget_replies_number_day",
      "sms_budget_replies_number_day",
    ]);
    expect(await received(number, isolated)).toHaveLength(2);
  });
});
