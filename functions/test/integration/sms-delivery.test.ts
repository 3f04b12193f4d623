/**
 * The confirmation SMS flow in-process: the real africastalking SDK, its HTTP calls intercepted at
 * the HTTP layer (nock), and orders in the Firestore emulator under a project of their own so the
 * emulator's trigger does not race these tests.
 */
import { initializeApp } from "firebase-admin/app";
import { getFirestore, Timestamp, type DocumentReference, type Firestore } from "firebase-admin/firestore";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { handleMessageEvent, sweepMessages, TransientSmsFailure } from "../../src/entry-points/sms-handlers.js";
import type { OrderDocument } from "../../src/orders/order-document.js";
import { SMS_POLICY } from "../../src/sms/delivery-rules.js";
import { createAfricasTalkingSender } from "../../src/sms/senders/africastalking.js";
import { createOutboxSender } from "../../src/sms/senders/outbox.js";
import { expectStatus } from "../support/http.js";
import { deliveryDeps, provenOrder, smsOf } from "../support/messages.js";
import type { OrderBody } from "../support/orders.js";
import { testConfig, useApi } from "../support/server.js";
import { uniquePhoneNumber, verifiedCustomer } from "../support/users.js";

const AT_HOST = "https://api.sandbox.africastalking.com";
const AT_PATH = "/version1/messaging";
const CALLBACK_TOKEN = "sms-delivery-callback-token-0123456789";
const sender = createAfricasTalkingSender({
  username: "sandbox",
  apiKey: "test-key",
  senderId: undefined,
  timeoutMs: 400,
});
/** For a provider that answers: 400 ms is there to make a delayed answer time out, and a loaded machine can take that long. */
const patientSender = createAfricasTalkingSender({
  username: "sandbox",
  apiKey: "test-key",
  senderId: undefined,
  timeoutMs: 10_000,
});

let db: Firestore;

function successReply(statusCode = 101, status = "Success", messageId = "ATXid_abc123") {
  return {
    SMSMessageData: {
      Message: "Sent to 1/1 Total Cost: KES 0.8000",
      Recipients: [{ statusCode, number: "+254711000000", status, cost: "KES 0.8000", messageId }],
    },
  };
}

interface Captured {
  body: string;
}

/** Sweeps scan a whole project: each sweep test gets a Firestore project of its own. */
let isolated = 0;
function isolatedDb(): Firestore {
  isolated++;
  const project = `demo-orders-sweep-${isolated}`;
  return getFirestore(initializeApp({ projectId: project }, project));
}

function newOrder(overrides: Partial<OrderDocument> = {}, database: Firestore = db): Promise<DocumentReference> {
  const uid = `u${Math.random().toString(36).slice(2, 12)}`;
  return provenOrder(database, { uid, username: "alice", phone: uniquePhoneNumber() }, overrides);
}

const eventFor = (ref: DocumentReference, id = `evt-${ref.id}`) => ({
  id,
  time: new Date().toISOString(),
  document: ref.path,
});

describe("Order confirmation SMS through Africa's Talking", () => {
  beforeAll(() => {
    db = getFirestore(initializeApp({ projectId: "demo-orders-sms" }, "sms-tests"));
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterEach(() => {
    nock.cleanAll();
  });
  afterAll(() => {
    nock.enableNetConnect();
  });

  function intercept(
    status: number,
    body: unknown,
    calls: Captured[],
    options: { delayMs?: number; times?: number } = {},
  ) {
    // Only a request carrying the API key matches; any other would hit the disabled network and fail.
    const scope = nock(AT_HOST, { reqheaders: { apikey: "test-key" } }).post(
      AT_PATH,
      (formBody: Record<string, string>) => {
        calls.push({ body: new URLSearchParams(formBody).toString() });
        return true;
      },
    );
    if (options.times) scope.times(options.times);
    if (options.delayMs) scope.delay(options.delayMs);
    return scope.reply(status, typeof body === "string" ? body : JSON.stringify(body), {
      "Content-Type": typeof body === "string" ? "text/plain" : "application/json",
    });
  }

  it("When the provider answers 201 with a successful recipient, then the order's SMS is sent, with id and cost", async () => {
    const calls: Captured[] = [];
    intercept(201, successReply(), calls);
    const ref = await newOrder();
    const result = await handleMessageEvent(eventFor(ref), deliveryDeps(db, sender));
    expect(result).toEqual({ kind: "final", status: "sent" });
    expect(calls).toHaveLength(1);
    const form = new URLSearchParams(calls[0]?.body);
    const order = (await ref.get()).data() as OrderDocument;
    expect(form.get("username")).toBe("sandbox");
    expect(form.get("to")).toBe(order.customer.phone_number);
    expect(form.get("message")).toBe(
      `Dear alice, your order #${order.order_number} for Laptop amounting to 1200.00 has been received.`,
    );
    expect(order.sms).toMatchObject({
      status: "sent",
      attempts: 1,
      channel: "africastalking",
      message_id: "ATXid_abc123",
      cost: "KES 0.8000",
      error_code: null,
      claim_id: null,
    });
  });

  it.each([
    [201, successReply(405, "InsufficientBalance"), "insufficient_balance"],
    [201, successReply(403, "InvalidPhoneNumber"), "invalid_phone_number"],
    [201, successReply(406, "UserInBlacklist"), "user_in_blacklist"],
    [201, { SMSMessageData: { Message: "InvalidSenderId", Recipients: [] } }, "no_recipients"],
    [401, "The supplied authentication is invalid", "authentication_failed"],
  ])(
    "When the provider answers %i with %j, then the SMS fails permanently with %s after one call",
    async (status, body, code) => {
      const calls: Captured[] = [];
      intercept(status, body, calls);
      const ref = await newOrder();
      const result = await handleMessageEvent(eventFor(ref), deliveryDeps(db, sender));
      expect(result).toEqual({ kind: "final", status: "failed" });
      expect(calls).toHaveLength(1);
      const sms = await smsOf(ref);
      expect(sms).toMatchObject({ status: "failed", attempts: 1, error_code: code, next_attempt_at: null });
      expect(JSON.stringify(sms)).not.toContain("test-key");
    },
  );

  it.each([
    ["HTTP 500", 500, "oops", "http_500"],
    ["a recipient statusCode 500", 201, successReply(500, "InternalServerError"), "internal_server_error"],
    ["a recipient statusCode 502", 201, successReply(502, "RejectedByGateway"), "rejected_by_gateway"],
  ])(
    "When the provider answers %s, then the SMS goes back to pending for a retry and the platform is asked to retry",
    async (_label, status, body, code) => {
      const calls: Captured[] = [];
      intercept(status, body, calls);
      const ref = await newOrder();
      await expect(handleMessageEvent(eventFor(ref), deliveryDeps(db, sender))).rejects.toBeInstanceOf(
        TransientSmsFailure,
      );
      expect(calls).toHaveLength(1);
      const sms = await smsOf(ref);
      expect(sms).toMatchObject({ status: "pending", attempts: 1, error_code: code, claim_id: null });
      expect(sms.next_attempt_at?.toMillis()).toBeGreaterThan(Date.now());
    },
  );

  it("When the provider hangs, then the call times out and the SMS is pending for a retry", async () => {
    const calls: Captured[] = [];
    intercept(201, successReply(), calls, { delayMs: 5_000 });
    const ref = await newOrder();
    const started = Date.now();
    await expect(handleMessageEvent(eventFor(ref), deliveryDeps(db, sender))).rejects.toBeInstanceOf(
      TransientSmsFailure,
    );
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(calls).toHaveLength(1);
    expect(await smsOf(ref)).toMatchObject({ status: "pending", attempts: 1, error_code: "timeout" });
  });

  it("When one sender has a short timeout and another a long one, then each send keeps its own", async () => {
    const calls: Captured[] = [];
    intercept(201, successReply(), calls, { delayMs: 1_000, times: 2 });
    // The SDK (and its one axios instance) is loaded by whichever sender sends first.
    expect(await sender.send("+254711000001", "Habari", "timeouts-short")).toMatchObject({
      kind: "transient",
      code: "timeout",
    });
    expect(await patientSender.send("+254711000002", "Habari", "timeouts-long")).toMatchObject({ kind: "sent" });
    expect(calls).toHaveLength(2);
    nock.abortPendingRequests();
    nock.cleanAll();
  });

  it("When the provider cannot be reached at all, then the failure is transient", async () => {
    nock(AT_HOST).post(AT_PATH).replyWithError("socket hang up");
    const ref = await newOrder();
    await expect(handleMessageEvent(eventFor(ref), deliveryDeps(db, sender))).rejects.toBeInstanceOf(
      TransientSmsFailure,
    );
    expect(await smsOf(ref)).toMatchObject({ status: "pending", error_code: "network_error" });
  });

  it("When the same event is delivered twice, then exactly one message is sent", async () => {
    const calls: Captured[] = [];
    intercept(201, successReply(), calls);
    const ref = await newOrder();
    const event = eventFor(ref);
    expect(await handleMessageEvent(event, deliveryDeps(db, sender))).toEqual({ kind: "final", status: "sent" });
    expect(await handleMessageEvent(event, deliveryDeps(db, sender))).toEqual({
      kind: "skipped",
      reason: "already_final",
    });
    expect(calls).toHaveLength(1);
  });

  it("When two copies of the event arrive at once, then exactly one message is sent", async () => {
    const calls: Captured[] = [];
    intercept(201, successReply(), calls, { delayMs: 150 });
    const ref = await newOrder();
    const event = eventFor(ref);
    const results = await Promise.all([
      handleMessageEvent(event, deliveryDeps(db, sender)),
      handleMessageEvent(event, deliveryDeps(db, sender)),
      handleMessageEvent({ ...event, id: "another-delivery" }, deliveryDeps(db, sender)),
    ]);
    expect(calls).toHaveLength(1);
    expect(results.filter((r) => r.kind === "final")).toHaveLength(1);
    expect((await smsOf(ref)).status).toBe("sent");
  });

  it("When the order was deleted before the event, then nothing is sent", async () => {
    const ref = await newOrder();
    await ref.delete();
    expect(await handleMessageEvent(eventFor(ref), deliveryDeps(db, sender))).toEqual({
      kind: "skipped",
      reason: "carrier_missing",
    });
  });

  describe("The sweeper", () => {
    it("When a transient failure's backoff has passed, then the sweep sends it once and counts two attempts", async () => {
      const calls: Captured[] = [];
      intercept(500, "down", calls);
      const own = isolatedDb();
      const ref = await newOrder({}, own);
      await expect(handleMessageEvent(eventFor(ref), deliveryDeps(own, sender))).rejects.toBeInstanceOf(
        TransientSmsFailure,
      );
      intercept(201, successReply(), calls);
      const later = () => new Date(Date.now() + SMS_POLICY.baseBackoffMs + 1_000);
      await sweepMessages(deliveryDeps(own, sender, { clock: later }));
      expect(calls).toHaveLength(2);
      expect(await smsOf(ref)).toMatchObject({ status: "sent", attempts: 2, error_code: null });
      // A second sweep finds nothing left to do for this order.
      await sweepMessages(deliveryDeps(own, sender, { clock: later }));
      expect(calls).toHaveLength(2);
    });

    it("When a sender died holding the lease, then the sweep re-drives the order after the lease expires", async () => {
      const calls: Captured[] = [];
      intercept(201, successReply(), calls);
      const expired = Timestamp.fromMillis(Date.now() - 1_000);
      const own = isolatedDb();
      const ref = await newOrder({}, own);
      await ref.update({
        "sms.status": "sending",
        "sms.attempts": 1,
        "sms.claim_id": "dead",
        "sms.lease_expires_at": expired,
      });
      await sweepMessages(deliveryDeps(own, sender));
      expect(calls).toHaveLength(1);
      expect(await smsOf(ref)).toMatchObject({ status: "sent", attempts: 2 });
    });

    it("When a lease is still held, then neither the sweep nor a repeated event sends", async () => {
      const own = isolatedDb();
      const ref = await newOrder({}, own);
      const held = Timestamp.fromMillis(Date.now() + 60_000);
      await ref.update({
        "sms.status": "sending",
        "sms.attempts": 1,
        "sms.claim_id": "alive",
        "sms.lease_expires_at": held,
      });
      expect(await handleMessageEvent(eventFor(ref), deliveryDeps(own, sender))).toEqual({
        kind: "skipped",
        reason: "claimed_elsewhere",
      });
      await sweepMessages(deliveryDeps(own, sender));
      expect(await smsOf(ref)).toMatchObject({ status: "sending", claim_id: "alive" });
    });

    it("When every attempt fails transiently, then the SMS ends failed after the attempt bound", async () => {
      const calls: Captured[] = [];
      const own = isolatedDb();
      const ref = await newOrder({}, own);
      let clockMs = Date.now();
      const clock = () => new Date(clockMs);
      for (let attempt = 1; attempt <= SMS_POLICY.maxAttempts; attempt++) {
        intercept(503, "busy", calls);
        if (attempt === 1) {
          await expect(handleMessageEvent(eventFor(ref), deliveryDeps(own, sender, { clock }))).rejects.toBeInstanceOf(
            TransientSmsFailure,
          );
        } else {
          await sweepMessages(deliveryDeps(own, sender, { clock }));
        }
        clockMs += SMS_POLICY.baseBackoffMs * 2 ** attempt;
      }
      expect(calls).toHaveLength(SMS_POLICY.maxAttempts);
      expect(await smsOf(ref)).toMatchObject({
        status: "failed",
        attempts: SMS_POLICY.maxAttempts,
        error_code: "http_503",
      });
      await sweepMessages(deliveryDeps(own, sender, { clock }));
      expect(calls).toHaveLength(SMS_POLICY.maxAttempts);
    });

    it("When the provider fails (5xx and timeouts) during a burst of 100 orders, then after it recovers exactly 100 messages go out, none twice", async () => {
      const own = isolatedDb();
      const refs = await Promise.all(Array.from({ length: 100 }, () => newOrder({}, own)));
      const failed: Captured[] = [];
      intercept(500, "Service Unavailable", failed, { times: 70 });
      intercept(201, successReply(), failed, { times: 30, delayMs: 2_000 });
      const outcomes = await Promise.all(
        refs.map((ref) =>
          handleMessageEvent(eventFor(ref), deliveryDeps(own, sender)).then(
            () => "completed",
            (error: unknown) => (error instanceof TransientSmsFailure ? "retry" : String(error)),
          ),
        ),
      );
      expect(outcomes.filter((outcome) => outcome === "retry")).toHaveLength(100);
      expect(failed).toHaveLength(100);
      nock.abortPendingRequests();
      nock.cleanAll();

      const sent: Captured[] = [];
      intercept(201, successReply(), sent, { times: 300 });
      const later = () => new Date(Date.now() + SMS_POLICY.baseBackoffMs + 5_000);
      const first = await sweepMessages(deliveryDeps(own, patientSender, { clock: later }));
      const second = await sweepMessages(deliveryDeps(own, patientSender, { clock: later }));
      expect(first.examined + second.examined).toBe(100);
      // Late, repeated deliveries of every original event change nothing.
      await Promise.all(refs.map((ref) => handleMessageEvent(eventFor(ref), deliveryDeps(own, patientSender))));
      await sweepMessages(deliveryDeps(own, patientSender, { clock: later }));

      expect(sent).toHaveLength(100);
      const recipients = sent.map((call) => new URLSearchParams(call.body).get("to"));
      expect(new Set(recipients).size).toBe(100);
      const states = await Promise.all(refs.map((ref) => smsOf(ref)));
      expect(states.every((sms) => sms.status === "sent" && sms.attempts === 2)).toBe(true);
    }, 60_000);

    it("When a new order's trigger never came, then the sweep sends it after the grace period", async () => {
      const own = isolatedDb();
      const ref = await newOrder({}, own);
      const outbox = createOutboxSender(own);
      await sweepMessages(deliveryDeps(own, outbox));
      expect((await smsOf(ref)).status).toBe("pending");
      await sweepMessages(deliveryDeps(own, outbox, { clock: () => new Date(Date.now() + 3 * 60_000) }));
      expect((await smsOf(ref)).status).toBe("outbox");
      const message = await own.collection("sms_outbox").doc(`${ref.id}-confirmation`).get();
      expect(message.data()?.message).toMatch(/^Dear alice, your order #LA\d+ for Laptop amounting to 1200\.00/);
    });
  });

  describe("Through the API", () => {
    const api = useApi(() => ({ db, config: testConfig({ AT_CALLBACK_TOKEN: CALLBACK_TOKEN }) }));
    beforeAll(async () => {
      // The API reads orders from this test's Firestore project; tokens come from the Auth emulator.
    });

    it("When the provider rejects the phone number, then the order ends failed with the code and stays intact", async () => {
      const user = await verifiedCustomer(api, {}, db);
      const created = await api.post<OrderBody>("/orders/", { item: "Laptop", amount: 1200 }, { token: user.token });
      expectStatus(created, 201);
      const calls: Captured[] = [];
      intercept(201, successReply(403, "InvalidPhoneNumber"), calls);
      const ref = db.collection("users").doc(user.uid).collection("orders").doc(created.body.id);
      await handleMessageEvent(eventFor(ref), deliveryDeps(db, sender));

      const read = await api.get<OrderBody>(`/orders/${created.body.id}/`, { token: user.token });
      expectStatus(read, 200);
      expect(read.body).toMatchObject({
        id: created.body.id,
        item: "Laptop",
        amount: "1200.00",
        status: "Pending",
        order_number: created.body.order_number,
        sms: { status: "failed", attempts: 1, channel: null, error_code: "invalid_phone_number" },
      });
      expect(read.headers.get("etag")).toBe('"1"');
      expect(calls).toHaveLength(1);
    });

    it("When Africa's Talking accepts a message, then its id is indexed and its delivery reports reach the order, final ones kept", async () => {
      const user = await verifiedCustomer(api, {}, db);
      const created = await api.post<OrderBody>("/orders/", { item: "Reported", amount: 10 }, { token: user.token });
      expectStatus(created, 201);
      const messageId = `ATXid_${created.body.id}`;
      intercept(201, successReply(101, "Success", messageId), []);
      const ref = db.collection("users").doc(user.uid).collection("orders").doc(created.body.id);
      expect(await handleMessageEvent(eventFor(ref), deliveryDeps(db, sender))).toEqual({
        kind: "final",
        status: "sent",
      });
      // The index written with the outcome, in the same transaction.
      expect((await db.collection("sms_messages").doc(messageId).get()).data()).toEqual({ path: ref.path });

      const report = (status: string) =>
        api.post<{ status: string }>(`/sms/delivery-reports/${CALLBACK_TOKEN}/`, undefined, {
          raw: new URLSearchParams({
            id: messageId,
            status,
            phoneNumber: user.phone_number,
            networkCode: "63902",
          }).toString(),
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
        });
      expect((await report("Submitted")).body).toEqual({ status: "recorded" });
      expect((await report("Success")).body).toEqual({ status: "recorded" });
      expect((await report("Buffered")).body).toEqual({ status: "ignored" });
      const read = await api.get<OrderBody & { sms: { delivery_status: string | null } }>(
        `/orders/${created.body.id}/`,
        {
          token: user.token,
        },
      );
      expect(read.body.sms).toMatchObject({ status: "sent", message_id: messageId, delivery_status: "Success" });
    });

    it("When a message goes to the local outbox, then nothing is indexed: no provider will report on it", async () => {
      const ref = await newOrder();
      await handleMessageEvent(eventFor(ref), deliveryDeps(db, createOutboxSender(db)));
      expect((await db.collection("sms_messages").where("path", "==", ref.path).get()).size).toBe(0);
    });
  });
});
