import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { deleteApp, initializeApp as initializeClientApp } from "firebase/app";
import { connectAuthEmulator, getAuth as getClientAuth, signInWithEmailAndPassword } from "firebase/auth";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIdentityClient } from "../../src/accounts/identity-toolkit.js";
import { auth, authEmulatorHost, db, projectId } from "../support/firebase.js";
import { client, expectProblem, expectStatus, type Client } from "../support/http.js";
import { startApi, useApi } from "../support/server.js";
import { forgeToken, decodeJwtPayload, tokenForOtherProject, waitForNextSecond } from "../support/tokens.js";
import { newUserInput, provePhone, registerAndLogin, verifiedCustomer, uniquePhoneNumber } from "../support/users.js";

describe("Accounts", () => {
  const api = useApi();

  describe("Register, login, refresh, me and logout", () => {
    it("When a user registers, logs in, refreshes and logs out, then each step answers as the contract says", async () => {
      const phone = uniquePhoneNumber();
      const spacedPhone = `${phone.slice(0, 4)} ${phone.slice(4, 7)} ${phone.slice(7)}`;
      const input = newUserInput({ email: `MiXeD.${Date.now()}@Example.COM`, phone_number: spacedPhone });
      const registered = await api.post("/register/", input);
      expectStatus(registered, 201);
      expect(registered.body).toEqual({
        uid: expect.any(String),
        email: input.email.toLowerCase(),
        username: input.username,
        phone_number: phone,
      });
      expect(registered.body).not.toHaveProperty("password");

      const login = await api.post<{ token: string; refresh_token: string; expires_in: number; uid: string }>(
        "/login/",
        { email: input.email.toUpperCase(), password: input.password },
      );
      expectStatus(login, 200);
      expect(login.body.uid).toBe(registered.body.uid);
      expect(login.body.expires_in).toBe(3600);
      expect(login.headers.get("cache-control")).toBe("no-store");

      const me = await api.get("/me/", { token: login.body.token });
      expectStatus(me, 200);
      expect(me.body).toEqual({
        uid: registered.body.uid,
        email: input.email.toLowerCase(),
        username: input.username,
        phone_number: phone,
        phone_verified: false,
        email_verified: false,
        language: "en",
        sms_opted_out: false,
        sms_opted_out_at: null,
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });

      const refreshed = await api.post<{ token: string; refresh_token: string; expires_in: number }>(
        "/token/refresh/",
        { refresh_token: login.body.refresh_token },
      );
      expectStatus(refreshed, 200);
      expect(Object.keys(refreshed.body).sort()).toEqual(["expires_in", "refresh_token", "token"]);
      expectStatus(await api.get("/me", { token: refreshed.body.token }), 200);

      // The profile and the username claim exist in Firestore.
      const profile = await db().collection("users").doc(String(registered.body.uid)).get();
      expect(profile.data()).toMatchObject({ username: input.username, phone_number: phone });
      const claim = await db().collection("usernames").doc(input.username.toLowerCase()).get();
      expect(claim.data()).toMatchObject({ uid: registered.body.uid });

      await waitForNextSecond();
      const logout = await api.post("/logout/", undefined, { token: refreshed.body.token });
      expectStatus(logout, 204);
      expect(logout.text).toBe("");
      const afterLogout = await api.get("/me/", { token: refreshed.body.token });
      expectProblem(afterLogout, 401, "invalid_token");
      expect(afterLogout.headers.get("www-authenticate")).toMatch(/^Bearer/);
    });

    it("When the Firebase JS client SDK signs in against the Auth emulator, then its ID token is accepted", async () => {
      const user = await registerAndLogin(api);
      const clientApp = initializeClientApp({ apiKey: "demo-api-key", projectId }, `client-${user.uid}`);
      try {
        const clientAuth = getClientAuth(clientApp);
        connectAuthEmulator(clientAuth, `http://${authEmulatorHost()}`, { disableWarnings: true });
        const credential = await signInWithEmailAndPassword(clientAuth, user.email, user.password);
        const token = await credential.user.getIdToken();
        const me = await api.get("/me/", { token });
        expectStatus(me, 200);
        expect(me.body).toMatchObject({ uid: user.uid, username: user.username });
      } finally {
        await deleteApp(clientApp);
      }
    });
  });

  describe("Validation", () => {
    it.each([
      ["username", { username: "ab" }],
      ["username", { username: "a".repeat(31) }],
      ["username", { username: "bad name!" }],
      ["username", { username: 42 }],
      ["email", { email: "not-an-email" }],
      ["email", { email: "" }],
      ["password", { password: "short" }],
      ["password", { password: "x".repeat(129) }],
      ["phone_number", { phone_number: "+2541" }],
      // Premium rate, US premium rate, satellite, a region the shop does not serve, a landline.
      ["phone_number", { phone_number: "+979123456789" }],
      ["phone_number", { phone_number: "+1 900 555 1234" }],
      ["phone_number", { phone_number: "+881612345678" }],
      ["phone_number", { phone_number: "+252612345678" }],
      ["phone_number", { phone_number: "020 2222222" }],
      ["phone_number", { phone_number: "+999123456789" }],
      ["phone_number", { phone_number: "call me" }],
      ["role", { role: "staff" }],
    ])("When registering with a bad %s (%j), then the answer is 400 naming it", async (field, override) => {
      const response = await api.post("/register/", { ...newUserInput(), ...override });
      const problem = expectProblem(response, 400, "validation_error");
      expect(problem.errors).toContainEqual({ field, message: expect.any(String) });
    });

    it("When a Kenyan number is typed as people in Kenya type it, then it is the same number, stored in E.164", async () => {
      const e164 = uniquePhoneNumber();
      const local = e164.slice(4); // 712345678
      const typedForms = [
        `0${local.slice(0, 3)} ${local.slice(3, 6)} ${local.slice(6)}`,
        `0${local}`,
        local,
        `+254 ${local.slice(0, 3)} ${local.slice(3, 6)} ${local.slice(6)}`,
      ];
      // A typed number proves nothing, so several accounts may name it until one proves it.
      for (const typed of typedForms) {
        const registered = await api.post("/register/", newUserInput({ phone_number: typed }));
        expectStatus(registered, 201);
        expect((registered.body as { phone_number: string }).phone_number).toBe(e164);
      }
      // Uniqueness holds on the E.164 form, whichever way the number was typed.
      const owner = await verifiedCustomer(api);
      const ownerLocal = `0${owner.phone_number.slice(4)}`;
      expectProblem(
        await api.post("/register/", newUserInput({ phone_number: ownerLocal })),
        400,
        "phone_number_taken",
      );
    });

    it("When a number the shop cannot text is given, then the message says which numbers it can", async () => {
      const refused = await api.post("/register/", newUserInput({ phone_number: "+252612345678" }));
      const problem = expectProblem(refused, 400, "validation_error");
      expect(problem.errors).toEqual([
        { field: "phone_number", message: "This shop sends SMS to mobile numbers in Kenya only." },
      ]);
    });

    it.each(["username", "email", "password", "phone_number"])(
      "When registering without %s, then the answer is 400 naming it",
      async (field) => {
        const body = Object.fromEntries(Object.entries(newUserInput()).filter(([key]) => key !== field));
        const problem = expectProblem(await api.post("/register/", body), 400, "validation_error");
        expect(problem.errors).toContainEqual({ field, message: expect.any(String) });
      },
    );

    it("When logging in without a password, then the answer is 400 naming it", async () => {
      const problem = expectProblem(await api.post("/login/", { email: "a@example.com" }), 400, "validation_error");
      expect(problem.errors).toContainEqual({ field: "password", message: expect.any(String) });
    });

    it("When refreshing without a refresh token, then the answer is 400 naming it", async () => {
      const problem = expectProblem(await api.post("/token/refresh/", {}), 400, "validation_error");
      expect(problem.errors).toContainEqual({ field: "refresh_token", message: expect.any(String) });
    });

    it("When the refresh token is not one Auth issued, then the answer is 401", async () => {
      expectProblem(await api.post("/token/refresh/", { refresh_token: "garbage" }), 401, "invalid_refresh_token");
    });
  });

  describe("Uniqueness", () => {
    it("When the email is taken, then the answer is 400 email_taken and no second user exists", async () => {
      const first = await registerAndLogin(api);
      const again = newUserInput({ email: first.email.toUpperCase() });
      const problem = expectProblem(await api.post("/register/", again), 400, "email_taken");
      expect(problem.errors).toContainEqual({ field: "email", message: expect.any(String) });
      expect((await db().collection("usernames").doc(again.username.toLowerCase()).get()).exists).toBe(false);
    });

    it("When the phone number is proven by another account, then the answer is 400 phone_number_taken", async () => {
      const first = await verifiedCustomer(api);
      const again = newUserInput({ phone_number: first.phone_number });
      expectProblem(await api.post("/register/", again), 400, "phone_number_taken");
      await expect(auth().getUserByEmail(again.email)).rejects.toMatchObject({ code: "auth/user-not-found" });
    });

    it("When a number is only typed by another account, then it does not block (nobody can squat a number)", async () => {
      const squatter = await registerAndLogin(api);
      const owner = await registerAndLogin(api, { phone_number: squatter.phone_number });
      // The owner proves it; the squatter never can after that.
      await provePhone(api, owner);
      expectProblem(
        await api.post("/me/phone/code/", undefined, { token: squatter.token }),
        409,
        "phone_number_verified_elsewhere",
      );
    });

    it("When the username is taken in another case, then the answer is 400 username_taken", async () => {
      const first = await registerAndLogin(api);
      const again = newUserInput({ username: first.username.toUpperCase() });
      expectProblem(await api.post("/register/", again), 400, "username_taken");
      await expect(auth().getUserByEmail(again.email)).rejects.toMatchObject({ code: "auth/user-not-found" });
    });

    it("When 20 registrations race for one username, then exactly one user exists and no Auth user is left over", async () => {
      const username = newUserInput().username;
      const inputs = Array.from({ length: 20 }, () => newUserInput({ username }));
      const responses = await Promise.all(inputs.map((input) => api.post("/register/", input)));
      const created = responses.filter((response) => response.status === 201);
      expect(created).toHaveLength(1);
      for (const response of responses.filter((r) => r.status !== 201)) expectProblem(response, 400, "username_taken");

      const existing = await Promise.all(
        inputs.map((input) =>
          auth()
            .getUserByEmail(input.email)
            .then(() => true)
            .catch((error: unknown) => {
              expect(error).toMatchObject({ code: "auth/user-not-found" });
              return false;
            }),
        ),
      );
      expect(existing.filter(Boolean)).toHaveLength(1);
      const claim = await db().collection("usernames").doc(username.toLowerCase()).get();
      expect(claim.data()?.uid).toBe(created[0]?.body.uid);
    });
  });

  describe("Login failures", () => {
    it("When the password is wrong or the email unknown, then both answers are the same 401", async () => {
      const user = await registerAndLogin(api);
      const wrongPassword = await api.post("/login/", { email: user.email, password: "not the password" });
      const unknownEmail = await api.post("/login/", {
        email: `nobody.${user.uid}@example.com`,
        password: "whatever1",
      });
      expectProblem(wrongPassword, 401, "invalid_credentials");
      expect(unknownEmail.status).toBe(wrongPassword.status);
      expect(unknownEmail.text).toBe(wrongPassword.text);
      expect(unknownEmail.headers.get("www-authenticate")).toBe(wrongPassword.headers.get("www-authenticate"));
    });

    it("When the account is disabled, then login answers like a wrong password, and only a refresh says disabled", async () => {
      const user = await registerAndLogin(api);
      await auth().updateUser(user.uid, { disabled: true });
      // Nobody learns from the login answer that the account exists and is disabled.
      for (const password of [user.password, "a wrong password"]) {
        expectProblem(await api.post("/login/", { email: user.email, password }), 401, "invalid_credentials");
      }
      expectProblem(await api.post("/token/refresh/", { refresh_token: user.refresh_token }), 403, "user_disabled");
    });
  });

  describe("Upstream failures of the Auth REST API", () => {
    let stub: Server;
    let stubHost: string;
    let mode: "hang" | "too_many" | "error500" = "hang";

    beforeAll(async () => {
      stub = createServer((req, res) => {
        if (mode === "hang") return; // never answers
        if (mode === "too_many") {
          res.writeHead(400, { "Content-Type": "application/json" });
          res.end(JSON.stringify({ error: { code: 400, message: "TOO_MANY_ATTEMPTS_TRY_LATER : Access disabled" } }));
          return;
        }
        res.writeHead(500, { "Content-Type": "text/html" });
        res.end("<html>oops /srv/internal/path</html>");
      });
      await new Promise<void>((resolve) => stub.listen(0, "127.0.0.1", resolve));
      stubHost = `127.0.0.1:${(stub.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      stub.closeAllConnections();
      await new Promise((resolve) => stub.close(resolve));
    });

    async function withIdentityAt(host: string, run: (stubbed: Client) => Promise<void>): Promise<void> {
      const identity = createIdentityClient({ webApiKey: "k", emulatorHost: host, timeoutMs: 300 });
      const stubbedApi = await startApi({ identity });
      try {
        await run(client(stubbedApi.baseUrl));
      } finally {
        await stubbedApi.close();
      }
    }

    it("When the Auth API hangs, then login answers 503 with Retry-After after the timeout", async () => {
      mode = "hang";
      await withIdentityAt(stubHost, async (stubbed) => {
        const response = await stubbed.post("/login/", { email: "a@example.com", password: "password1" });
        expectProblem(response, 503, "auth_unavailable");
        expect(response.headers.get("retry-after")).toMatch(/^\d+$/);
      });
    });

    it("When the Auth API is unreachable or fails, then login and refresh answer 503 without its text", async () => {
      mode = "error500";
      await withIdentityAt(stubHost, async (stubbed) => {
        const login = await stubbed.post("/login/", { email: "a@example.com", password: "password1" });
        expectProblem(login, 503, "auth_unavailable");
        expect(login.text).not.toContain("internal");
        expectProblem(await stubbed.post("/token/refresh/", { refresh_token: "x" }), 503, "auth_unavailable");
      });
      await withIdentityAt("127.0.0.1:1", async (stubbed) => {
        expectProblem(
          await stubbed.post("/login/", { email: "a@example.com", password: "p1234567" }),
          503,
          "auth_unavailable",
        );
      });
    });

    it("When the Auth API says too many attempts, then login answers 429 with Retry-After", async () => {
      mode = "too_many";
      await withIdentityAt(stubHost, async (stubbed) => {
        const response = await stubbed.post("/login/", { email: "a@example.com", password: "password1" });
        expectProblem(response, 429, "too_many_attempts");
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      });
    });
  });

  describe("The auth middleware", () => {
    let token: string;
    beforeAll(async () => {
      token = (await registerAndLogin(api)).token;
    });

    it.each([
      ["no Authorization header", undefined, "not_authenticated"],
      ["the Basic scheme", "Basic dXNlcjpwYXNz", "invalid_authorization_header"],
      ["the Token scheme", "Token abc", "invalid_authorization_header"],
      ["Bearer and nothing", "Bearer ", "invalid_authorization_header"],
      ["a garbage token", "Bearer not.a.jwt", "invalid_token"],
    ])("When the request has %s, then /me answers 401 with WWW-Authenticate", async (_label, header, code) => {
      const response = await api.get("/me/", header ? { headers: { Authorization: header } } : {});
      expectProblem(response, 401, code);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="api"/);
    });

    it("When the token belongs to another project, then /me answers 401", async () => {
      expectProblem(await api.get("/me/", { token: tokenForOtherProject(token) }), 401, "invalid_token");
    });

    it("When the token has expired or names another user, then /me answers 401", async () => {
      const claims = decodeJwtPayload(token);
      const past = Math.floor(Date.now() / 1000) - 7200;
      expectProblem(
        await api.get("/me/", { token: forgeToken({ ...claims, iat: past, exp: past + 3600, auth_time: past }) }),
        401,
        "invalid_token",
      );
      expectProblem(
        await api.get("/me/", { token: forgeToken({ ...claims, sub: "nobody-here", user_id: "nobody-here" }) }),
        401,
        "invalid_token",
      );
    });

    it("When the scheme is written in lower case, then the token is still accepted", async () => {
      expectStatus(await api.get("/me/", { headers: { Authorization: `bearer ${token}` } }), 200);
    });
  });
});
