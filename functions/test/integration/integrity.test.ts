/**
 * Integrity: each finding of the third attack run, replayed against the emulators through the API,
 * the Firebase JS SDK and the Auth emulator's REST API, as the attacker did it.
 */
import { createHash, randomInt } from "node:crypto";
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, Timestamp, type Firestore } from "firebase-admin/firestore";
import { describe, expect, it } from "vitest";
import { createStaffRoles, StaffGrantRefused } from "../../src/accounts/staff-roles.js";
import { deliverSms } from "../../src/sms/delivery.js";
import { createOutboxSender } from "../../src/sms/senders/outbox.js";
import { signInWithIdp } from "../support/federated.js";
import { auth, authEmulatorHost, db, firestoreEmulatorHost, projectId } from "../support/firebase.js";
import { expectProblem, expectStatus, type Client } from "../support/http.js";
import { deliveryDeps, provenOrder, roomyBudget, smsOf } from "../support/messages.js";
import { createOrder } from "../support/orders.js";
import { capturingLog, testConfig, useApi, type LogLine } from "../support/server.js";
import { staffMember } from "../support/staff.js";
import { newUserInput, provePhone, registerAndLogin, uniquePhoneNumber, verifiedCustomer } from "../support/users.js";
import { waitFor } from "../support/wait.js";

const hextet = () => randomInt(1, 0xffff).toString(16);

interface Profile {
  username: string;
  phone_number: string;
  phone_verified: boolean;
  email_verified: boolean;
  language: string;
  sms_opted_out: boolean;
}

/**
 * Whether the rules let an ID token read a document straight from Firestore: the REST API with the
 * token itself, as any client holding it could (the web app reads its orders this way).
 */
async function readsDirectly(token: string, path: string): Promise<boolean> {
  const url = `http://${firestoreEmulatorHost()}/v1/projects/${projectId}/databases/(default)/documents/${path}`;
  const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200 && response.status !== 403) {
    throw new Error(`Firestore answered ${response.status} for ${path}: ${await response.text()}`);
  }
  return response.status === 200;
}

/** A Firestore project of the test's own: counters there are only the test's. */
function ownProject(name: string): Firestore {
  const id = `demo-orders-${name}-${randomInt(1e9)}`;
  return getFirestore(getApps().find((app) => app.name === id) ?? initializeApp({ projectId: id }, id));
}

async function refreshWith(api: Client, refreshToken: string) {
  return api.post<{ token: string; refresh_token: string }>("/token/refresh/", { refresh_token: refreshToken });
}

describe("Integrity", () => {
  const api = useApi();

  describe("H1: the owner takes the account back", () => {
    it("When the owner signs in with Google over a squatter's unverified password account, then the squatter's profile, number and sessions are gone from it", async () => {
      const ownerEmail = `owner.${randomInt(1e9)}@gmail.example`;
      // The squatter registers with the owner's email (never verified) and proves their own number.
      const squatter = await verifiedCustomer(api, { email: ownerEmail });
      const squatterOrder = await createOrder(api, squatter.token, { item: "Squatter's", amount: 1 });
      expect(await readsDirectly(squatter.token, `users/${squatter.uid}/orders/${squatterOrder.id}`)).toBe(true);

      // The real owner signs in with Google: Firebase hands the account over (same uid) and drops the password.
      const owner = await signInWithIdp("google.com", ownerEmail);
      expect(owner.uid).toBe(squatter.uid);
      const providers = (await auth().getUser(owner.uid)).providerData.map((provider) => provider.providerId);
      expect(providers).toEqual(["google.com"]);

      // The squatter's sessions: the old ID token, a refresh through the API.
      expectProblem(await api.get("/orders/", { token: squatter.token }), 401, "invalid_token");
      expectProblem(await refreshWith(api, squatter.refresh_token), 401, "invalid_refresh_token");

      // The owner finds nothing of the squatter's: they complete a profile of their own.
      expectProblem(await api.get("/me/", { token: owner.token }), 409, "profile_incomplete");
      expect((await db().doc(`usernames/${squatter.username.toLowerCase()}`).get()).exists).toBe(false);
      expect((await db().doc(`phone_numbers/${squatter.phone_number}`).get()).get("uid")).toBeNull();
      // And the squatter's token reads nothing straight from Firestore any more.
      expect(await readsDirectly(squatter.token, `users/${squatter.uid}/orders/${squatterOrder.id}`)).toBe(false);

      const ownerPhone = uniquePhoneNumber();
      const completed = await api.put<Profile>(
        "/me/",
        { username: `owner_${randomInt(1e9)}`, phone_number: ownerPhone },
        { token: owner.token },
      );
      expectStatus(completed, 200);
      expect(completed.body).toMatchObject({ phone_number: ownerPhone, phone_verified: false, email_verified: true });

      // The owner's next order: its confirmation goes nowhere until the owner proves their own number.
      const ring = await createOrder(api, owner.token, { item: "Engagement ring", amount: 85000 });
      expect(ring.sms).toMatchObject({ status: "suppressed", error_code: "phone_not_verified" });
      const toSquatter = await db().collection("sms_outbox").where("to", "==", squatter.phone_number).get();
      expect(toSquatter.docs.map((message) => message.id)).not.toContain(`${ring.id}-confirmation`);
      expectProblem(await api.post("/me/phone/code/", undefined, { token: squatter.token }), 401, "invalid_token");
      expect(await readsDirectly(owner.token, `users/${owner.uid}/orders/${ring.id}`)).toBe(true);
    });

    it("When the owner resets the password by email link, then the proof made before is released too", async () => {
      const email = `reset.${randomInt(1e9)}@example.com`;
      const squatter = await verifiedCustomer(api, { email });
      const authRest = `http://${authEmulatorHost()}/identitytoolkit.googleapis.com/v1`;
      const sent = await fetch(`${authRest}/accounts:sendOobCode?key=any`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ requestType: "PASSWORD_RESET", email }),
      });
      expect(sent.status).toBe(200);
      const listed = (await (
        await fetch(`http://${authEmulatorHost()}/emulator/v1/projects/${projectId}/oobCodes`)
      ).json()) as { oobCodes: { email: string; oobCode: string; requestType: string }[] };
      const oobCode = listed.oobCodes
        .filter((code) => code.email === email && code.requestType === "PASSWORD_RESET")
        .at(-1)?.oobCode;
      const applied = await fetch(`${authRest}/accounts:resetPassword?key=any`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ oobCode, newPassword: "the owner's own password" }),
      });
      expect(applied.status).toBe(200);
      const login = await api.post<{ token: string }>("/login/", { email, password: "the owner's own password" });
      expectStatus(login, 200);
      expectProblem(await api.get("/me/", { token: login.body.token }), 409, "profile_incomplete");
      expect((await db().doc(`phone_numbers/${squatter.phone_number}`).get()).get("uid")).toBeNull();
      expectProblem(await api.get("/orders/", { token: squatter.token }), 401, "invalid_token");
    });
  });

  describe("M4: an unverified email proves nothing", () => {
    it("When an account's email is changed without verification, then its proof is released and the address's owner is told how to get it back", async () => {
      const user = await verifiedCustomer(api);
      const email = `taken.${randomInt(1e9)}@example.com`;
      await auth().updateUser(user.uid, { email });
      const relogin = await api.post<{ token: string }>("/login/", { email, password: user.password });
      expectStatus(relogin, 200);
      expectProblem(await api.get("/me/", { token: relogin.body.token }), 409, "profile_incomplete");
      expect((await db().doc(`phone_numbers/${user.phone_number}`).get()).get("uid")).toBeNull();
      const problem = expectProblem(await api.post("/register/", newUserInput({ email })), 400, "email_taken");
      expect(problem.detail).toMatch(/reset the password/);
    });

    it("When a Google sign-in does not vouch for its email, then the profile says the email is unverified and staff cannot be granted by it", async () => {
      const email = `unvouched.${randomInt(1e9)}@example.com`;
      const session = await signInWithIdp("google.com", email, { email_verified: false });
      const saved = await api.put<Profile>(
        "/me/",
        { username: `unvouched_${randomInt(1e9)}`, phone_number: uniquePhoneNumber() },
        { token: session.token },
      );
      expectStatus(saved, 200);
      expect(saved.body.email_verified).toBe(false);
      await expect(createStaffRoles(auth(), db()).grant({ email })).rejects.toBeInstanceOf(StaffGrantRefused);
    });
  });

  describe("M6: staff revoked at once, in Firestore too", () => {
    it("When staff is revoked, then the same ID token reads no order straight from Firestore", async () => {
      const customer = await verifiedCustomer(api);
      const order = await createOrder(api, customer.token, { item: "Private", amount: 3 });
      const member = await staffMember(api);
      expect(await readsDirectly(member.token, `users/${customer.uid}/orders/${order.id}`)).toBe(true);
      await createStaffRoles(auth(), db()).revoke({ uid: member.uid }, { signOut: false });
      // The token still says staff; the record the server keeps no longer does.
      expect(await readsDirectly(member.token, `users/${customer.uid}/orders/${order.id}`)).toBe(false);
    });
  });

  describe("M1: limits count an IPv6 host's whole /64", () => {
    const limited = useApi(() => ({ config: testConfig({ RATE_LIMIT_REGISTER_PER_MINUTE: "3" }) }));

    it("When registrations come from five addresses in one /64, then they share one bucket", async () => {
      const network = `2001:db8:${hextet()}:${hextet()}`;
      const statuses: number[] = [];
      for (let host = 1; host <= 5; host++) {
        const response = await limited.post("/register/", newUserInput(), {
          headers: { "X-Forwarded-For": `${network}::${host}` },
        });
        statuses.push(response.status);
      }
      expect(statuses).toEqual([201, 201, 201, 429, 429]);
      const elsewhere = await limited.post("/register/", newUserInput(), {
        headers: { "X-Forwarded-For": `2001:db8:${hextet()}:${hextet()}::1` },
      });
      expectStatus(elsewhere, 201);
    });
  });

  describe("M2: codes cannot spend what orders need", () => {
    const own = ownProject("codes");
    const limited = useApi(() => ({ db: own, config: testConfig({ SMS_BUDGET_CODES_PER_DAY: "5" }) }));

    it("When the day's codes are spent, then a code request is told so (503), and a proven customer's confirmation still goes", async () => {
      // The day's codes, as the SMS claim counts them (spread over shards).
      const day = Math.floor(Date.now() / 86_400_000);
      await own.doc(`sms_budgets/project-codes-${day}-0`).set({ count: 5, expires_at: Timestamp.now() });
      const asking = await registerAndLogin(limited);
      const answer = await limited.post("/me/phone/code/", undefined, { token: asking.token });
      const refused = expectProblem(answer, 503, "codes_unavailable");
      expect(refused.detail).toMatch(/cannot send verification codes today/);
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
      // Nothing was queued that would not have gone.
      expect((await own.collection("verification_messages").where("sms.account", "==", asking.uid).get()).size).toBe(0);
      // Order and status messages draw on a pool of their own.
      const ref = await provenOrder(own, { uid: `u${randomInt(1e9)}`, username: "buyer", phone: uniquePhoneNumber() });
      const deps = deliveryDeps(own, createOutboxSender(own), { budget: roomyBudget({ codesPerDay: 5 }) });
      expect(await deliverSms(deps, ref.path, "test")).toEqual({ kind: "final", status: "outbox" });
    });
  });

  describe("M3: SMS go only where the shop serves", () => {
    it("When a stored number is outside the allowed regions at send time, then the message is suppressed with the reason", async () => {
      const own = ownProject("abroad");
      const ref = await provenOrder(own, { uid: `u${randomInt(1e9)}`, username: "abroad", phone: uniquePhoneNumber() });
      const deps = deliveryDeps(own, createOutboxSender(own), {
        destinations: { defaultRegion: "UG", allowedRegions: ["UG"] },
      });
      expect(await deliverSms(deps, ref.path, "test")).toEqual({ kind: "final", status: "suppressed" });
      expect(await smsOf(ref)).toMatchObject({ status: "suppressed", error_code: "destination_not_allowed" });
      expect((await own.collection("sms_outbox").get()).size).toBe(0);
    });
  });

  describe("Lows", () => {
    it("L1: When a customer logs out, then the old token reads nothing straight from Firestore either", async () => {
      const user = await verifiedCustomer(api);
      const order = await createOrder(api, user.token, { item: "Mine", amount: 1 });
      expect(await readsDirectly(user.token, `users/${user.uid}/orders/${order.id}`)).toBe(true);
      expectStatus(await api.post("/logout/", undefined, { token: user.token }), 204);
      expect(await readsDirectly(user.token, `users/${user.uid}/orders/${order.id}`)).toBe(false);
      expect(await readsDirectly(user.token, `users/${user.uid}`)).toBe(false);
    });

    it("L1: When an account is deleted, then its token reads nothing of what stays on record", async () => {
      const staff = await staffMember(api);
      const user = await verifiedCustomer(api);
      const order = await createOrder(api, user.token, { item: "Kept", amount: 1 });
      expectStatus(
        await api.patch(`/staff/orders/${order.order_number}/`, { status: "Completed" }, { token: staff.token }),
        200,
      );
      await auth().deleteUser(user.uid);
      await waitFor(
        () => db().doc(`users/${user.uid}`).get(),
        (snapshot) => !snapshot.exists,
        20_000,
      );
      expect(await readsDirectly(user.token, `users/${user.uid}/orders/${order.id}`)).toBe(false);
    });

    describe("L2: a lock-out that cannot keep the owner out", () => {
      const limited = useApi(() => ({
        config: testConfig({ RATE_LIMIT_LOGIN_PER_ACCOUNT: "3", RATE_LIMIT_LOGIN_PER_ACCOUNT_ANY_ADDRESS: "100" }),
      }));

      it("When an account is guessed at from one address, then its owner still signs in from another", async () => {
        const user = await registerAndLogin(api);
        const attacker = { headers: { "X-Forwarded-For": `2001:db8:${hextet()}:${hextet()}::1` } };
        for (let attempt = 0; attempt < 3; attempt++) {
          expectProblem(
            await limited.post("/login/", { email: user.email, password: "wrong guess" }, attacker),
            401,
            "invalid_credentials",
          );
        }
        expectProblem(
          await limited.post("/login/", { email: user.email, password: user.password }, attacker),
          429,
          "rate_limited",
        );
        const home = { headers: { "X-Forwarded-For": `2001:db8:${hextet()}:${hextet()}::1` } };
        expectStatus(await limited.post("/login/", { email: user.email, password: user.password }, home), 200);
      });
    });

    describe("L4, L6: profile changes are limited, and refusals cost no write", () => {
      const limited = useApi(() => ({ config: testConfig({ RATE_LIMIT_PROFILE_CHANGES_PER_HOUR: "2" }) }));

      it("When PUT /me/ is probed past its limit, then it is refused and the refusals write nothing", async () => {
        const user = await registerAndLogin(limited);
        const statuses: number[] = [];
        for (let probe = 0; probe < 6; probe++) {
          const response = await limited.put(
            "/me/",
            { username: `probe_${randomInt(1e9)}`, phone_number: uniquePhoneNumber() },
            { token: user.token },
          );
          statuses.push(response.status);
        }
        expect(statuses).toEqual([200, 200, 429, 429, 429, 429]);
        // The account's bucket holds the two let through, not the four refused.
        const hour = Math.floor(Date.now() / 3_600_000);
        const key = createHash("sha256").update(user.uid, "utf8").digest("hex").slice(0, 32);
        expect((await db().doc(`rate_limits/profile-account-${key}-${hour}`).get()).get("count")).toBe(2);
      });
    });

    it("L5: When another account asks codes for an unproven number, then its owner can still get one", async () => {
      const phone = uniquePhoneNumber();
      const [intruder, owner] = await Promise.all([
        registerAndLogin(api, { phone_number: phone }),
        registerAndLogin(api, { phone_number: phone }),
      ]);
      for (let request = 0; request < 3; request++) {
        expectStatus(await api.post("/me/phone/code/", undefined, { token: intruder.token }), 202);
      }
      expectProblem(await api.post("/me/phone/code/", undefined, { token: intruder.token }), 429, "too_many_codes");
      await provePhone(api, owner);
    });

    it("L7: When a code is queued, then its record expires within a day and goes with the account", async () => {
      const user = await registerAndLogin(api);
      expectStatus(await api.post("/me/phone/code/", undefined, { token: user.token }), 202);
      const messages = await db().collection("verification_messages").where("sms.account", "==", user.uid).get();
      expect(messages.size).toBe(1);
      const record = messages.docs[0];
      const created = (record?.get("created_at") as Timestamp).toMillis();
      expect((record?.get("expires_at") as Timestamp).toMillis() - created).toBe(24 * 3_600_000);
      await auth().deleteUser(user.uid);
      await waitFor(
        () => db().collection("verification_messages").where("sms.account", "==", user.uid).get(),
        (snapshot) => snapshot.empty,
        20_000,
      );
    });

    it("L10: When a message goes to the outbox, then its log line carries the number masked", async () => {
      const lines: LogLine[] = [];
      const sender = createOutboxSender(ownProject("masking"), () => new Date(), capturingLog(lines));
      const phone = uniquePhoneNumber();
      expect(await sender.send(phone, "Hello", "masking-1")).toMatchObject({ kind: "sent" });
      expect(lines.map((line) => line.fields.to)).toEqual([`${phone.slice(0, 5)}*****${phone.slice(-3)}`]);
      expect(JSON.stringify(lines)).not.toContain(phone);
    });

    describe("L9: callback tokens rotate", () => {
      const rotating = useApi(() => ({
        config: testConfig({ AT_CALLBACK_TOKEN: "new-token-0123456789abcdef,old-token-0123456789abcdef" }),
      }));

      it("When the callback token is being rotated, then the old and the new one both work, and others do not", async () => {
        const report = (token: string) =>
          rotating.post(`/sms/delivery-reports/${encodeURIComponent(token)}/`, undefined, {
            raw: new URLSearchParams({ id: "ATXid_rotation", status: "Success" }).toString(),
            headers: { "Content-Type": "application/x-www-form-urlencoded" },
          });
        expectStatus(await report("new-token-0123456789abcdef"), 200);
        expectStatus(await report("old-token-0123456789abcdef"), 200);
        expectProblem(
          await report("new-token-0123456789abcdef,old-token-0123456789abcdef"),
          403,
          "invalid_callback_token",
        );
        expectProblem(await report("another-token-0123456789ab"), 403, "invalid_callback_token");
      });
    });
  });
});
