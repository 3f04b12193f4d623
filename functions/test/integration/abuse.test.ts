/**
 * Abuse and account integrity: each finding of an attacker's afternoon against the API, replayed.
 * SMS pumping (proof of number, code limits, budgets, one clean segment), identity the server
 * controls, records that stay, rate limits that fit real networks, secrets kept out of logs, reserved
 * Firestore ids, identity changed outside the API, and small leaks.
 */
import { randomInt } from "node:crypto";
import { request as httpRequest } from "node:http";
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type DocumentReference, type Firestore } from "firebase-admin/firestore";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OrderDocument } from "../../src/orders/order-document.js";
import { deliverSms } from "../../src/sms/delivery.js";
import { createOutboxSender } from "../../src/sms/senders/outbox.js";
import { VERIFICATION_MESSAGES } from "../../src/sms/sms-repository.js";
import { auth, db } from "../support/firebase.js";
import { client, expectProblem, expectStatus, type Client } from "../support/http.js";
import { deliveryDeps, provenOrder, queuedCode, roomyBudget, smsOf } from "../support/messages.js";
import { createOrder, type OrderBody } from "../support/orders.js";
import { unreachableFirestore } from "../support/outages.js";
import { capturingLog, type LogLine, type RunningApi, startApi, testConfig, useApi } from "../support/server.js";
import { staffToken } from "../support/staff.js";
import {
  newUserInput,
  provePhone,
  registerAndLogin,
  sentCode,
  uniquePhoneNumber,
  verifiedCustomer,
  type TestUser,
} from "../support/users.js";
import { waitFor } from "../support/wait.js";

/** A fresh client address per use (documentation ranges): counters are shared by every test file. */
const hextet = () => randomInt(1, 0xffff).toString(16);
const address = () => `2001:db8:${hextet()}:${hextet()}::${hextet()}`;
const fastlyHop = () => `151.101.${randomInt(0, 255)}.${randomInt(1, 254)}`;

/**
 * How long a test waits for an order's confirmation to reach the outbox. The Functions emulator runs
 * a trigger's events one at a time for the whole suite, and this file starts beside the two that
 * order the most (orders.test.ts pages forty-five orders, catalogue-orders.test.ts races forty
 * customers): once, in CI, a confirmation waited in that queue past the usual 20 s. A deadline, not
 * a measure of speed.
 */
const CONFIRMATION_WAIT_MS = 45_000;
const CONFIRMATION_TEST_MS = 60_000;

async function refreshedToken(api: Client, user: TestUser): Promise<string> {
  const response = await api.post<{ token: string }>("/token/refresh/", { refresh_token: user.refresh_token });
  expectStatus(response, 200);
  return response.body.token;
}

describe("Abuse and account integrity", () => {
  const api = useApi();

  describe("SMS pumping: proof of number", () => {
    it(
      "When a customer orders before proving the number, then the order is kept and its SMS suppressed with what to do; once proven, SMS go",
      async () => {
        const user = await registerAndLogin(api);
        const early = await createOrder(api, user.token, { item: "Before proof", amount: 5 });
        expect(early.sms).toMatchObject({ status: "suppressed", error_code: "phone_not_verified", attempts: 0 });
        expect(early.sms.error_message).toContain("/me/phone/code/");

        await provePhone(api, user);
        const me = await api.get<{ phone_verified: boolean }>("/me/", { token: user.token });
        expect(me.body.phone_verified).toBe(true);
        const later = await createOrder(api, user.token, { item: "After proof", amount: 5 });
        const confirmation = await waitFor(
          () => db().collection("sms_outbox").doc(`${later.id}-confirmation`).get(),
          (snapshot) => snapshot.exists,
          CONFIRMATION_WAIT_MS,
        );
        expect(confirmation.get("to")).toBe(user.phone_number);
        // The early order never got one, and its record still says why.
        expect((await db().collection("sms_outbox").doc(`${early.id}-confirmation`).get()).exists).toBe(false);
        const reread = await api.get<OrderBody>(`/orders/${early.id}/`, { token: user.token });
        expect(reread.body.sms).toMatchObject({ status: "suppressed", error_code: "phone_not_verified" });
      },
      CONFIRMATION_TEST_MS,
    );

    it("When codes are tried, then wrong ones count, the code is redacted once sent, and a code expires", async () => {
      const user = await registerAndLogin(api);
      const sent = await api.post<{ phone_number: string; expires_at: string }>("/me/phone/code/", undefined, {
        token: user.token,
      });
      expectStatus(sent, 202);
      expect(sent.body.phone_number).toBe(user.phone_number);
      const code = await sentCode(user.uid);
      const wrong = code === "000000" ? "111111" : "000000";
      for (let attempt = 0; attempt < 5; attempt++) {
        const problem = expectProblem(
          await api.post("/me/phone/verify/", { code: wrong }, { token: user.token }),
          400,
          "verification_code_invalid",
        );
        expect(problem.errors).toEqual([{ field: "code", message: expect.any(String) }]);
      }
      // Five wrong guesses spend the code, even for the right one.
      expectProblem(
        await api.post("/me/phone/verify/", { code }, { token: user.token }),
        409,
        "verification_attempts_exhausted",
      );

      // Once the trigger has sent it, the code's text is gone from the record.
      const carrier = await waitFor(
        async () => (await db().collection(VERIFICATION_MESSAGES).where("sms.account", "==", user.uid).get()).docs[0],
        (doc) => doc?.get("sms.status") === "outbox",
      );
      expect(carrier?.get("sms.text")).toBe("(verification code, redacted once sent)");

      // A new code, checked by an instance whose clock is past its expiry.
      expectStatus(await api.post("/me/phone/code/", undefined, { token: user.token }), 202);
      const fresh = await sentCode(user.uid);
      const later = await startApi({ clock: () => new Date(Date.now() + 11 * 60_000) });
      try {
        expectProblem(
          await client(later.baseUrl).post("/me/phone/verify/", { code: fresh }, { token: user.token }),
          409,
          "verification_code_expired",
        );
      } finally {
        await later.close();
      }
      expectStatus(await api.post("/me/phone/verify/", { code: fresh }, { token: user.token }), 200);
      expectProblem(await api.post("/me/phone/code/", undefined, { token: user.token }), 409, "phone_already_verified");
    });

    describe("Code limits", () => {
      let limited: RunningApi;
      let limitedApi: Client;
      beforeAll(async () => {
        limited = await startApi({
          config: testConfig({
            VERIFICATION_CODES_PER_NUMBER_PER_HOUR: "2",
            VERIFICATION_CODES_PER_ACCOUNT_PER_HOUR: "3",
            VERIFICATION_CODES_PER_CLIENT_PER_HOUR: "4",
            SMS_BUDGET_NUMBER_PER_HOUR: "2",
          }),
        });
        limitedApi = client(limited.baseUrl);
      });
      afterAll(() => limited.close());

      const ask = (user: TestUser, ip = address()) =>
        limitedApi.post("/me/phone/code/", undefined, { token: user.token, headers: { "X-Forwarded-For": ip } });

      /** Waits until the account's newest code has gone out (the number's budget counts it then). */
      const codeSent = (user: TestUser) =>
        waitFor(
          () => db().collection(VERIFICATION_MESSAGES).where("sms.account", "==", user.uid).get(),
          (snapshot) => snapshot.docs.some((doc) => doc.get("sms.status") === "outbox"),
        );

      it("When one number is sent codes from several accounts, then the number's hourly budget stops them before any is queued", async () => {
        const number = uniquePhoneNumber();
        const [a, b, c] = await Promise.all([
          registerAndLogin(limitedApi, { phone_number: number }),
          registerAndLogin(limitedApi, { phone_number: number }),
          registerAndLogin(limitedApi, { phone_number: number }),
        ]);
        expectStatus(await ask(a), 202);
        await codeSent(a);
        expectStatus(await ask(b), 202);
        await codeSent(b);
        const refused = await ask(c);
        expectProblem(refused, 429, "too_many_codes");
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
        // The API told the truth: nothing was queued for the refused request.
        expect((await db().collection(VERIFICATION_MESSAGES).where("sms.account", "==", c.uid).get()).size).toBe(0);
      });

      it("When one account asks codes for one number again and again, then its own limit for that number stops it", async () => {
        const user = await registerAndLogin(limitedApi);
        expectStatus(await ask(user), 202);
        expectStatus(await ask(user), 202);
        expectProblem(await ask(user), 429, "too_many_codes");
      });

      it("When one account keeps changing its number to get codes, then the account's limit stops it", async () => {
        const user = await registerAndLogin(limitedApi);
        for (let round = 0; round < 3; round++) {
          expectStatus(
            await limitedApi.put(
              "/me/",
              { username: user.username, phone_number: uniquePhoneNumber() },
              { token: user.token },
            ),
            200,
          );
          expectStatus(await ask(user), 202);
        }
        await limitedApi.put(
          "/me/",
          { username: user.username, phone_number: uniquePhoneNumber() },
          { token: user.token },
        );
        expectProblem(await ask(user), 429, "too_many_codes");
      });

      it("When many accounts ask from one address, then the address's limit stops them", async () => {
        const ip = address();
        const users = await Promise.all(Array.from({ length: 5 }, () => registerAndLogin(limitedApi)));
        const statuses: number[] = [];
        for (const user of users) statuses.push((await ask(user, ip)).status);
        expect(statuses).toEqual([202, 202, 202, 202, 429]);
      });
    });
  });

  describe("SMS budgets", () => {
    let isolated = 0;
    /** Each budget test counts in a Firestore project of its own. */
    function ownDb(): Firestore {
      isolated++;
      const name = `demo-orders-budget-${isolated}-${Date.now()}`;
      return getFirestore(getApps().find((app) => app.name === name) ?? initializeApp({ projectId: name }, name));
    }

    const buyer = (uid: string, phone: string) => ({ uid, username: "buyer", phone });

    it("When one account is over its hourly budget, then the next message is suppressed with the reason and the order kept", async () => {
      const own = ownDb();
      const phone = uniquePhoneNumber();
      const refs = [
        await provenOrder(own, buyer("buyer1", phone)),
        await provenOrder(own, buyer("buyer1", phone)),
        await provenOrder(own, buyer("buyer1", phone)),
      ];
      const deps = deliveryDeps(own, createOutboxSender(own), { budget: roomyBudget({ accountPerHour: 2 }) });
      for (const ref of refs) await deliverSms(deps, ref.path, `test:${ref.id}`);
      expect((await smsOf(refs[0] as DocumentReference)).status).toBe("outbox");
      expect((await smsOf(refs[1] as DocumentReference)).status).toBe("outbox");
      expect(await smsOf(refs[2] as DocumentReference)).toMatchObject({
        status: "suppressed",
        error_code: "sms_budget_account_hour",
      });
      expect((await (refs[2] as DocumentReference).get()).get("status")).toBe("Pending");
      expect((await own.collection("sms_outbox").get()).size).toBe(2);
    });

    it("When one number is sent codes by many accounts, then the number's budget suppresses the rest", async () => {
      const own = ownDb();
      const phone = uniquePhoneNumber();
      const refs: DocumentReference[] = [];
      for (const uid of ["a1", "a2", "a3"]) refs.push(await queuedCode(own, uid, phone));
      const deps = deliveryDeps(own, createOutboxSender(own), { budget: roomyBudget({ numberPerHour: 2 }) });
      for (const ref of refs) await deliverSms(deps, ref.path, `test:${ref.id}`);
      expect((await Promise.all(refs.map(smsOf))).map((sms) => sms.status)).toEqual(["outbox", "outbox", "suppressed"]);
      expect((await smsOf(refs[2] as DocumentReference)).error_code).toBe("sms_budget_number_hour");
    });

    it("When the project nears and reaches its daily cap, then staff get a warning, then an error, and the rest is suppressed", async () => {
      const own = ownDb();
      const lines: LogLine[] = [];
      const deps = deliveryDeps(own, createOutboxSender(own), {
        budget: roomyBudget({ projectPerDay: 4, warnPercent: 50 }),
        log: capturingLog(lines),
      });
      const statuses: string[] = [];
      for (let index = 0; index < 6; index++) {
        const ref = await provenOrder(own, buyer(`p${index}`, uniquePhoneNumber()));
        // Past the usage cache, as later sends would be.
        await deliverSms({ ...deps, clock: () => new Date(Date.now() + index * 11_000) }, ref.path, `test:${ref.id}`);
        statuses.push((await smsOf(ref)).status);
      }
      expect(statuses).toEqual(["outbox", "outbox", "outbox", "outbox", "suppressed", "suppressed"]);
      expect(lines.map((line) => `${line.level} ${line.message}`)).toEqual([
        "warn sms budget nearly spent",
        "error sms budget spent",
      ]);
      expect(lines[1]?.fields).toMatchObject({ pool: "messages", used: 4, cap: 4 });
    });
  });

  describe("Identity the server controls", () => {
    it(
      "When a customer sets a 1,000-character display name on the account, then orders, SMS and staff still show the profile's username",
      async () => {
        const user = await verifiedCustomer(api);
        await auth().updateUser(user.uid, { displayName: "Impersonator ".repeat(80) });
        const token = await refreshedToken(api, user);
        const order = await createOrder(api, token, { item: "Name check", amount: 1 });
        const stored = (await db().doc(`users/${user.uid}/orders/${order.id}`).get()).data() as OrderDocument;
        expect(stored.customer).toEqual({
          uid: user.uid,
          username: user.username,
          phone_number: user.phone_number,
          language: "en",
        });
        const sms = await waitFor(
          () => db().collection("sms_outbox").doc(`${order.id}-confirmation`).get(),
          (snapshot) => snapshot.exists,
          CONFIRMATION_WAIT_MS,
        );
        expect(sms.get("message")).toMatch(new RegExp(`^Dear ${user.username}, `));
      },
      CONFIRMATION_TEST_MS,
    );
  });

  describe("Records that stay", () => {
    let staff: string;
    beforeAll(async () => {
      staff = await staffToken(api);
    });

    it("When staff completed an order, then its customer cannot delete it and staff still see it with its audit trail", async () => {
      const user = await verifiedCustomer(api);
      const order = await createOrder(api, user.token, { item: "Kept", amount: 1 });
      expectStatus(
        await api.patch(`/staff/orders/${order.order_number}/`, { status: "Completed" }, { token: staff }),
        200,
      );
      expectProblem(await api.delete(`/orders/${order.id}/`, { token: user.token }), 409, "order_not_deletable");
      const seen = await api.get<{ audit: unknown[]; status: string }>(`/staff/orders/${order.order_number}/`, {
        token: staff,
      });
      expect(seen.body.status).toBe("Completed");
      expect(seen.body.audit).toHaveLength(1);
    });

    it("When staff complete and the customer deletes at once, then exactly one wins and no status SMS or notification outlives a deleted order", async () => {
      const user = await verifiedCustomer(api);
      for (let round = 0; round < 5; round++) {
        const order = await createOrder(api, user.token, { item: `Race ${round}`, amount: 1 });
        const [complete, removal] = await Promise.all([
          api.patch(`/staff/orders/${order.order_number}/`, { status: "Completed" }, { token: staff }),
          api.delete(`/orders/${order.id}/`, { token: user.token }),
        ]);
        const notifications = await db().collection(`users/${user.uid}/orders/${order.id}/notifications`).get();
        if (removal.status === 204) {
          expectProblem(complete, 404, "order_not_found");
          expect(notifications.size).toBe(0);
        } else {
          expectStatus(complete, 200);
          expectProblem(removal, 409, "order_not_deletable");
          expect(notifications.size).toBe(1);
        }
      }
      // Give any trigger time to run: no status SMS exists for an order that is gone.
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const statusMessages = await db().collection("sms_outbox").where("to", "==", user.phone_number).get();
      for (const message of statusMessages.docs.filter((doc) => doc.id.includes("-status-"))) {
        const orderId = message.id.split("-status-")[0] ?? "";
        expect((await db().doc(`users/${user.uid}/orders/${orderId}`).get()).exists).toBe(true);
      }
    });

    it("When a customer reads their completed order straight from Firestore, then no staff uid is in it", async () => {
      const user = await verifiedCustomer(api);
      const order = await createOrder(api, user.token, { item: "Private", amount: 1 });
      const staffUid = (await auth().verifyIdToken(staff)).uid;
      expectStatus(
        await api.patch(`/staff/orders/${order.order_number}/`, { status: "Canceled" }, { token: staff }),
        200,
      );
      const document = (await db().doc(`users/${user.uid}/orders/${order.id}`).get()).data();
      expect(JSON.stringify(document)).not.toContain(staffUid);
    });
  });

  describe("Rate limits that fit real networks", () => {
    let hosting: RunningApi;
    let hostingApi: Client;
    let strict: RunningApi;
    let strictApi: Client;
    beforeAll(async () => {
      hosting = await startApi({
        config: testConfig({ CLIENT_ADDRESS_HEADER: "Fastly-Client-IP", RATE_LIMIT_LOGIN_PER_MINUTE: "2" }),
      });
      hostingApi = client(hosting.baseUrl);
      strict = await startApi({
        config: testConfig({
          RATE_LIMIT_LOGIN_PER_ACCOUNT: "3",
          RATE_LIMIT_LOGIN_PER_ACCOUNT_ANY_ADDRESS: "3",
          RATE_LIMIT_ORDERS_PER_HOUR: "2",
        }),
      });
      strictApi = client(strict.baseUrl);
    });
    afterAll(async () => {
      await Promise.all([hosting.close(), strict.close()]);
    });

    const wrongLogin = (
      target: Client,
      headers: Record<string, string>,
      email = `nobody.${address().replace(/:/g, "")}@example.com`,
    ) => target.post("/login/", { email, password: "a wrong password" }, { headers });

    it("When requests come through Hosting, then each client behind the CDN has its own bucket", async () => {
      const hop = fastlyHop();
      const alice = address();
      const headers = { "X-Forwarded-For": `${alice}, ${hop}`, "Fastly-Client-IP": alice };
      expectProblem(await wrongLogin(hostingApi, headers), 401, "invalid_credentials");
      expectProblem(await wrongLogin(hostingApi, headers), 401, "invalid_credentials");
      expectProblem(await wrongLogin(hostingApi, headers), 429, "rate_limited");
      // Another customer of the web app, through the same CDN node, is not locked out.
      const bob = address();
      expectProblem(
        await wrongLogin(hostingApi, { "X-Forwarded-For": `${bob}, ${hop}`, "Fastly-Client-IP": bob }),
        401,
        "invalid_credentials",
      );
    });

    it("When a client forges Fastly-Client-IP at the function URL, then it is ignored and its own address counts", async () => {
      const attacker = "203.0.113.77";
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) {
        statuses.push(
          (await wrongLogin(hostingApi, { "X-Forwarded-For": attacker, "Fastly-Client-IP": address() })).status,
        );
      }
      expect(statuses).toEqual([401, 401, 429]);
    });

    it("When one account is guessed at from many addresses, then the account's limit across addresses stops it", async () => {
      // Registered without signing in: every attempt on the account counts, a successful one too.
      const user = newUserInput();
      expectStatus(await api.post("/register/", user), 201);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        statuses.push((await wrongLogin(strictApi, { "X-Forwarded-For": address() }, user.email)).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429]);
      // Someone else's account is not affected.
      expectProblem(
        await wrongLogin(strictApi, { "X-Forwarded-For": address() }, newUserInput().email),
        401,
        "invalid_credentials",
      );
    });

    it("When a customer signs in successfully again and again, then only failed attempts count toward the limit", async () => {
      const user = newUserInput();
      expectStatus(await api.post("/register/", user), 201);
      const headers = { "X-Forwarded-For": address() };
      const remaining: (string | null)[] = [];
      for (let i = 0; i < 5; i++) {
        const signedIn = await strictApi.post("/login/", { email: user.email, password: user.password }, { headers });
        expectStatus(signedIn, 200);
        remaining.push(signedIn.headers.get("ratelimit-remaining"));
      }
      // Successes spend nothing: the address's failed-attempt allowance is untouched.
      expect(new Set(remaining).size).toBe(1);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await wrongLogin(strictApi, headers, user.email)).status);
      expect(statuses).toEqual([401, 401, 401, 429]);
      // Once the failures are spent, the right password waits too: guessing cannot be told from a success.
      expectProblem(
        await strictApi.post("/login/", { email: user.email, password: user.password }, { headers }),
        429,
        "rate_limited",
      );
    });

    it("When one account creates orders too fast, then the next is refused and nothing is stored", async () => {
      const user = await registerAndLogin(strictApi);
      expectStatus(await strictApi.post("/orders/", { item: "One", amount: 1 }, { token: user.token }), 201);
      expectStatus(await strictApi.post("/orders/", { item: "Two", amount: 1 }, { token: user.token }), 201);
      const refused = await strictApi.post("/orders/", { item: "Three", amount: 1 }, { token: user.token });
      expectProblem(refused, 429, "rate_limited");
      // Orders are counted per clock hour: the next one may go when this hour ends.
      const retryAfter = Number(refused.headers.get("retry-after"));
      const untilNextHour = 3600 - Math.floor((Date.now() / 1000) % 3600);
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(Math.abs(retryAfter - untilNextHour)).toBeLessThanOrEqual(2);
      const list = await strictApi.get<OrderBody[]>("/orders/", { token: user.token });
      expect(list.body.map((order) => order.item).sort()).toEqual(["One", "Two"]);
      // Saving the profile again does not reset the count.
      const profile = await strictApi.get<{ username: string; phone_number: string }>("/me/", { token: user.token });
      expectStatus(
        await strictApi.put(
          "/me/",
          { username: profile.body.username, phone_number: profile.body.phone_number },
          { token: user.token },
        ),
        200,
      );
      expectProblem(
        await strictApi.post("/orders/", { item: "Four", amount: 1 }, { token: user.token }),
        429,
        "rate_limited",
      );
    });
  });

  describe("Secrets kept out of logs", () => {
    const TOKEN = "callback-token-that-must-never-be-logged-0123456789";
    let logged: RunningApi;
    let down: RunningApi;
    const lines: LogLine[] = [];
    beforeAll(async () => {
      logged = await startApi({ config: testConfig({ AT_CALLBACK_TOKEN: TOKEN }), log: capturingLog(lines) });
      // An instance whose Firestore is gone.
      const deadDb = await unreachableFirestore("abuse-firestore-outage");
      down = await startApi({
        db: deadDb,
        config: testConfig({ AT_CALLBACK_TOKEN: TOKEN, REQUEST_DEADLINE_MS: "1000" }),
        log: capturingLog(lines),
      });
    });
    afterAll(async () => {
      await Promise.all([logged.close(), down.close()]);
    });

    it("When the callback route fails in every way, then no log line holds its token", async () => {
      const form = (body: string) => ({ raw: body, headers: { "Content-Type": "application/x-www-form-urlencoded" } });
      const live = client(logged.baseUrl);
      const dead = client(down.baseUrl);
      const path = `/sms/delivery-reports/${TOKEN}/`;
      expectStatus(await live.post(path, undefined, form("id=ATXid_unknown&status=Success")), 200);
      expectProblem(await live.post(path, undefined, form("id=a%2Fb&status=Success")), 400, "validation_error");
      expectProblem(await live.post(path, undefined, form("id=__x__&status=Success")), 400, "validation_error");
      expectProblem(
        await live.post(`/sms/delivery-reports/${TOKEN}x/`, undefined, form("id=a&status=b")),
        403,
        "invalid_callback_token",
      );
      expectProblem(await live.post(`${path}extra/`, undefined, form("id=a&status=b")), 404, "route_not_found");
      // Firestore down: past the deadline, then the late failure.
      expectProblem(await dead.post(path, undefined, form("id=ATXid_1&status=Success")), 503, "backend_timeout");
      await new Promise((resolve) => setTimeout(resolve, 2000));

      expect(
        lines.some((line) => line.message === "request failed" || line.message === "request deadline reached"),
      ).toBe(true);
      for (const line of lines) expect(JSON.stringify(line)).not.toContain(TOKEN);
      expect(lines.filter((line) => line.message === "request").map((line) => line.fields.route)).toContain(
        "/sms/delivery-reports/:token",
      );
    });
  });

  describe("Reserved Firestore ids", () => {
    it.each(["__abc__", "__ABC__", "__.__", ".hidden", "..."])(
      "When the username is %j, then registration is a 400 naming the username",
      async (username) => {
        const problem = expectProblem(
          await api.post("/register/", newUserInput({ username })),
          400,
          "validation_error",
        );
        expect(problem.errors).toContainEqual({ field: "username", message: expect.any(String) });
      },
    );
  });

  describe("Identity changed outside the API", () => {
    it("When an account is deleted in Firebase Auth, then its profile goes, its username and number are free again, pending orders go and others stay", async () => {
      const staff = await staffToken(api);
      const user = await verifiedCustomer(api);
      const pending = await createOrder(api, user.token, { item: "Pending one", amount: 1 });
      const completed = await createOrder(api, user.token, { item: "Completed one", amount: 1 });
      expectStatus(
        await api.patch(`/staff/orders/${completed.order_number}/`, { status: "Completed" }, { token: staff }),
        200,
      );

      await auth().deleteUser(user.uid);
      // The emulator runs the Auth trigger; the cleanup is done once the pending order is gone.
      await waitFor(
        () => db().doc(`users/${user.uid}/orders/${pending.id}`).get(),
        (snapshot) => !snapshot.exists,
        20_000,
      );
      expect((await db().doc(`users/${user.uid}`).get()).exists).toBe(false);
      expect((await db().doc(`usernames/${user.username.toLowerCase()}`).get()).exists).toBe(false);
      // The number's consent record stays (a STOP belongs to the number), without the proof.
      expect((await db().doc(`phone_numbers/${user.phone_number}`).get()).get("uid")).toBeNull();
      expect((await db().doc(`users/${user.uid}/orders/${pending.id}`).get()).exists).toBe(false);
      expect((await db().doc(`users/${user.uid}/orders/${completed.id}`).get()).exists).toBe(true);

      // The username and the number can be had again.
      const successor = await registerAndLogin(api, { username: user.username, phone_number: user.phone_number });
      await provePhone(api, successor);
    });

    it("When the account's email is changed in Firebase Auth, then the profile follows it", async () => {
      const user = await registerAndLogin(api);
      const email = `changed.${user.email}`;
      await auth().updateUser(user.uid, { email });
      const token = await refreshedToken(api, user);
      const me = await api.get<{ email: string }>("/me/", { token });
      expect(me.body.email).toBe(email);
      expect((await db().doc(`users/${user.uid}`).get()).get("email")).toBe(email);
    });

    it("When another account links a proven number in Firebase Auth, then the API still trusts only its own proof", async () => {
      const owner = await verifiedCustomer(api);
      const other = await registerAndLogin(api);
      await auth().updateUser(other.uid, { phoneNumber: owner.phone_number });
      const token = await refreshedToken(api, other);
      const order = await createOrder(api, token, { item: "Not mine", amount: 1 });
      expect(order.sms).toMatchObject({ status: "suppressed", error_code: "phone_not_verified" });
      expectProblem(
        await api.put("/me/", { username: other.username, phone_number: owner.phone_number }, { token }),
        400,
        "phone_number_taken",
      );
    });
  });

  describe("Small leaks", () => {
    /** Raw HTTP, because fetch will not send a Host header of our choosing. */
    function getDocument(headers: Record<string, string>): Promise<{ status: number; body: string }> {
      const url = new URL(`${api.baseUrl}/openapi.json`);
      return new Promise((resolve, reject) => {
        const req = httpRequest(
          { host: url.hostname, port: url.port, path: url.pathname, method: "GET", headers },
          (res) => {
            let body = "";
            res.on("data", (chunk: Buffer) => (body += chunk.toString()));
            res.on("end", () => {
              resolve({ status: res.statusCode ?? 0, body });
            });
          },
        );
        req.on("error", reject);
        req.end();
      });
    }

    it.each<Record<string, string>>([
      { Host: 'a"b' },
      { Host: "evil.example", "X-Forwarded-Proto": "javascript" },
      { Host: "x\\y" },
    ])(
      "When the document is fetched with forwarded headers %j, then it stays valid JSON with a safe server",
      async (headers) => {
        const response = await getDocument(headers);
        expect(response.status).toBe(200);
        const document = JSON.parse(response.body) as { servers: { url: string }[] };
        const served = document.servers[0]?.url ?? "";
        // An absolute URL on a plain host, a path, or "." (where the document itself was fetched from).
        expect(served).toMatch(/^(\.|(https?:\/\/[A-Za-z0-9.:[\]-]+)?\/[A-Za-z0-9/_-]*)$/);
        expect(served).not.toMatch(/javascript|"|\\/);
      },
    );
  });
});
