/**
 * Sign-in with Google or another OpenID Connect provider: the account gets a valid Firebase ID token
 * but no profile; PUT /me/ completes it under the same rules as registration, and from then on it
 * orders like any customer. What Firebase does when a provider shares an email with a password
 * account is pinned down too, since the API relies on it (one account per email, Firebase's default).
 */
import { describe, expect, it } from "vitest";
import { auth, db } from "../support/firebase.js";
import { client, expectProblem, expectStatus } from "../support/http.js";
import { createOrder, type OrderBody } from "../support/orders.js";
import { signInWithGoogleSdk, signInWithIdp } from "../support/federated.js";
import { startApi, testConfig, useApi } from "../support/server.js";
import { registerAndLogin, sentCode, uniquePhoneNumber, verifiedCustomer } from "../support/users.js";
import { waitFor } from "../support/wait.js";

const uniqueEmail = (tag: string) => `${tag}.${Date.now()}.${Math.random().toString(36).slice(2, 8)}@example.com`;
const uniqueUsername = (tag: string) => `${tag}_${Math.random().toString(36).slice(2, 10)}`;

interface Profile {
  uid: string;
  email: string;
  username: string;
  phone_number: string;
  phone_verified: boolean;
}

describe("Sign-in with Google or another OpenID Connect provider", () => {
  const api = useApi();

  it("When a Google user (client SDK) completes a profile and proves the number, then they order and get the confirmation SMS", async () => {
    const email = uniqueEmail("google");
    const session = await signInWithGoogleSdk(email);

    // A valid token, but nothing to order with yet: the same code, naming what is missing, on both routes.
    const missing = expectProblem(await api.get("/me/", { token: session.token }), 409, "profile_incomplete");
    expect(missing.errors).toEqual([
      { field: "username", message: expect.any(String) },
      { field: "phone_number", message: expect.any(String) },
    ]);
    expectProblem(
      await api.post("/orders/", { item: "Too early", amount: 1 }, { token: session.token }),
      409,
      "profile_incomplete",
    );

    const username = uniqueUsername("google");
    const phone = uniquePhoneNumber();
    const saved = await api.put<Profile>("/me/", { username, phone_number: phone }, { token: session.token });
    expectStatus(saved, 200);
    expect(saved.body).toMatchObject({ uid: session.uid, email, username, phone_number: phone, phone_verified: false });

    expectStatus(await api.post("/me/phone/code/", undefined, { token: session.token }), 202);
    expectStatus(
      await api.post("/me/phone/verify/", { code: await sentCode(session.uid) }, { token: session.token }),
      200,
    );
    const order = await createOrder(api, session.token, { item: "Headphones", amount: 80 });
    const sms = await waitFor(
      () => db().collection("sms_outbox").doc(`${order.id}-confirmation`).get(),
      (snapshot) => snapshot.exists,
    );
    expect(sms.get("to")).toBe(phone);
    expect(sms.get("message")).toMatch(new RegExp(`^Dear ${username}, your order #`));
  });

  it("When a user signs in with a generic OpenID Connect provider (oidc.*) over REST, then the same path takes them to an order", async () => {
    const email = uniqueEmail("oidc");
    const session = await signInWithIdp("oidc.example", email);
    const token = session.token;
    expectProblem(await api.get("/me/", { token }), 409, "profile_incomplete");
    expectStatus(
      await api.put("/me/", { username: uniqueUsername("oidc"), phone_number: uniquePhoneNumber() }, { token }),
      200,
    );
    const order = await createOrder(api, token, { item: "Before proof", amount: 3 });
    // Ordering works before the number is proven; the SMS waits for the proof.
    expect(order.sms).toMatchObject({ status: "suppressed", error_code: "phone_not_verified" });
    const me = await api.get<Profile>("/me/", { token });
    expect(me.body.email).toBe(email);
  });

  it("When PUT /me/ breaks a rule, then it is refused like registration and nothing is half written", async () => {
    const taken = await verifiedCustomer(api);
    const session = await signInWithIdp("google.com", uniqueEmail("rules"));
    const token = session.token;
    const usernameTaken = expectProblem(
      await api.put("/me/", { username: taken.username.toUpperCase(), phone_number: uniquePhoneNumber() }, { token }),
      400,
      "username_taken",
    );
    expect(usernameTaken.errors).toEqual([{ field: "username", message: expect.any(String) }]);
    expectProblem(
      await api.put("/me/", { username: uniqueUsername("rules"), phone_number: taken.phone_number }, { token }),
      400,
      "phone_number_taken",
    );
    const invalid = expectProblem(
      await api.put("/me/", { username: "x", phone_number: "0712", email: "me@evil.example" }, { token }),
      400,
      "validation_error",
    );
    expect(invalid.errors?.map((error) => error.field).sort()).toEqual(["email", "phone_number", "username"]);
    expect((await db().doc(`users/${session.uid}`).get()).exists).toBe(false);
    expectProblem(await api.get("/me/", { token }), 409, "profile_incomplete");
  });

  it("When a profile's username or number changes, then the old username is free and the new number must be proven again", async () => {
    const user = await verifiedCustomer(api);
    const newName = uniqueUsername("renamed");
    const newPhone = uniquePhoneNumber();
    const changed = await api.put<Profile>(
      "/me/",
      { username: newName, phone_number: newPhone },
      { token: user.token },
    );
    expectStatus(changed, 200);
    expect(changed.body).toMatchObject({ username: newName, phone_number: newPhone, phone_verified: false });
    // Another account can now take the old username and prove the old number.
    const successor = await registerAndLogin(api, { username: user.username, phone_number: user.phone_number });
    expectStatus(await api.post("/me/phone/code/", undefined, { token: successor.token }), 202);
    expectStatus(
      await api.post("/me/phone/verify/", { code: await sentCode(successor.uid) }, { token: successor.token }),
      200,
    );
    const order = await createOrder(api, user.token, { item: "Until proven again", amount: 1 });
    expect(order.sms).toMatchObject({ status: "suppressed", error_code: "phone_not_verified" });
  });

  describe("When a Google account shares an email with a password account (Firebase: one account per email)", () => {
    it("When the password account's email was never verified, then Google takes over the same account, keeping its orders, dropping the password and the profile", async () => {
      const owner = await registerAndLogin(api, { email: uniqueEmail("takeover") });
      const order = await createOrder(api, owner.token, { item: "Mine", amount: 2 });
      const session = await signInWithGoogleSdk(owner.email);
      expect(session.uid).toBe(owner.uid);
      // Whoever typed the address at registration may not be its owner: the profile (username,
      // number and its proof) is theirs, so it goes; the Google account's holder completes their own.
      expectProblem(await api.get("/me/", { token: session.token }), 409, "profile_incomplete");
      const mine = await api.get<OrderBody[]>("/orders/", { token: session.token });
      expect(mine.body.map((o) => o.id)).toContain(order.id);
      // Firebase discards an unverified password when a trusted provider proves the email: whoever
      // typed someone else's address at registration loses the account to its owner.
      expectProblem(
        await api.post("/login/", { email: owner.email, password: owner.password }),
        401,
        "invalid_credentials",
      );
    });

    it("When the password account's email was verified, then Google is linked to the same account and both sign-ins work", async () => {
      const owner = await registerAndLogin(api, { email: uniqueEmail("linked") });
      await auth().updateUser(owner.uid, { emailVerified: true });
      const session = await signInWithGoogleSdk(owner.email);
      expect(session.uid).toBe(owner.uid);
      expectStatus(await api.get("/me/", { token: session.token }), 200);
      expectStatus(await api.post("/login/", { email: owner.email, password: owner.password }), 200);
    });
  });

  it("When the document is served for a project, then its OpenID Connect scheme names that project's issuer", async () => {
    const other = await startApi({ config: testConfig({ GCLOUD_PROJECT: "shop-prod" }) });
    try {
      const document = await client(other.baseUrl).get<{
        components: { securitySchemes: { firebaseOpenId: { openIdConnectUrl: string } } };
      }>("/openapi.json");
      expect(document.body.components.securitySchemes.firebaseOpenId.openIdConnectUrl).toBe(
        "https://securetoken.google.com/shop-prod/.well-known/openid-configuration",
      );
    } finally {
      await other.close();
    }
  });

  it("When a user without an email (phone sign-in only) completes a profile, then it is refused naming the email", async () => {
    const phoneOnly = await auth().createUser({ phoneNumber: uniquePhoneNumber() });
    const customToken = await auth().createCustomToken(phoneOnly.uid);
    const response = await fetch(
      `http://${process.env.FIREBASE_AUTH_EMULATOR_HOST ?? ""}/identitytoolkit.googleapis.com/v1/accounts:signInWithCustomToken?key=any`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ token: customToken, returnSecureToken: true }),
      },
    );
    const { idToken } = (await response.json()) as { idToken: string };
    const problem = expectProblem(
      await api.put(
        "/me/",
        { username: uniqueUsername("noemail"), phone_number: uniquePhoneNumber() },
        { token: idToken },
      ),
      400,
      "validation_error",
    );
    expect(problem.errors).toEqual([{ field: "email", message: expect.any(String) }]);
  });
});
