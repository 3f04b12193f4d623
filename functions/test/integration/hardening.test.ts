/**
 * Bad input, auth attacks, races and an Auth outage, against the real emulators. Property-based
 * runs use HARDENING_RUNS inputs per route (default 40; set it higher for a long run).
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auth, db } from "../support/firebase.js";
import { client, expectProblem, expectStatus, type ApiResponse } from "../support/http.js";
import { createOrder, type OrderBody } from "../support/orders.js";
import { unreachableAuth, unreachableFirestore } from "../support/outages.js";
import { type RunningApi, startApi, testConfig, useApi } from "../support/server.js";
import { decodeJwtPayload, forgeToken, tokenForOtherProject, waitForNextSecond } from "../support/tokens.js";
import { newUserInput, registerAndLogin, type TestUser } from "../support/users.js";

const RUNS = Number(process.env.HARDENING_RUNS ?? 40);

/** Any answer to bad input: never a 5xx, always JSON or problem+json (the client checks the contract too). */
function expectCleanRejectionOrSuccess(response: ApiResponse): void {
  expect(response.status, response.text).toBeLessThan(500);
  if (response.status >= 400) expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
}

const awkwardStrings = fc.oneof(
  fc.string(),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom("📦 Laptop 🚀", "حاسوب محمول", "‮gnp.exe", "", " ", "\u0000", "Laptop\nDrop table", "1e3", "NaN"),
  fc.string({ minLength: 2000, maxLength: 9000 }),
);
const awkwardValues = fc.oneof(
  awkwardStrings,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);
/** Known fields with awkward values, missing fields, unknown fields and prototype-pollution keys. */
function bodies(fields: string[]) {
  const known = fc.record(Object.fromEntries(fields.map((field) => [field, awkwardValues])), { requiredKeys: [] });
  const extra = fc.dictionary(
    fc.constantFrom("__proto__", "constructor", "prototype", "role", "status", "x"),
    awkwardValues,
    {
      maxKeys: 2,
    },
  );
  return fc.oneof(
    fc.tuple(known, extra).map(([a, b]) => JSON.stringify({ ...a, ...b })),
    known.map((value) => JSON.stringify(value).replace(/^\{/, '{"__proto__":{"polluted":true},')),
    fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
    fc.integer({ min: 50, max: 3000 }).map((depth) => "[".repeat(depth) + "]".repeat(depth)),
    fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString("latin1")),
  );
}

describe("Hardening", () => {
  const api = useApi();
  let owner: TestUser;
  let order: OrderBody;

  beforeAll(async () => {
    owner = await registerAndLogin(api);
    order = await createOrder(api, owner.token);
  });

  async function ordersOf(user: TestUser): Promise<OrderBody[]> {
    const response = await api.get<OrderBody[]>("/orders/?limit=100", { token: user.token });
    expectStatus(response, 200);
    return response.body;
  }

  /** What a client can change; `sms` moves on its own as the confirmation trigger runs. */
  async function clientStateOf(user: TestUser) {
    return (await ordersOf(user)).map((order) => ({
      id: order.id,
      item: order.item,
      amount: order.amount,
      status: order.status,
      order_number: order.order_number,
      updated_at: order.updated_at,
    }));
  }

  describe("Bad input (property-based)", () => {
    it("When order bodies are arbitrary, then creates, replaces and patches never fail with 5xx nor store a rejected one", async () => {
      await fc.assert(
        fc.asyncProperty(
          bodies(["item", "amount", "status", "order_number"]),
          fc.constantFrom("post", "put", "patch"),
          async (raw, method) => {
            const before = await clientStateOf(owner);
            const path = method === "post" ? "/orders/" : `/orders/${order.id}/`;
            const response = await api.request(method.toUpperCase(), path, undefined, {
              token: owner.token,
              raw,
              headers: { "Content-Type": "application/json" },
            });
            expectCleanRejectionOrSuccess(response);
            const after = await clientStateOf(owner);
            if (response.status >= 400) {
              expect(after).toEqual(before);
            } else {
              // Accepted input never sets what the server owns.
              const written = response.body as unknown as OrderBody;
              expect(written.order_number).toMatch(/^[A-Z]{2}\d{14}/);
              expect(written.amount).toMatch(/^\d{1,8}\.\d{2}$/);
            }
            expect(({} as Record<string, unknown>).polluted).toBeUndefined();
          },
        ),
        { numRuns: RUNS, endOnFailure: true },
      );
    });

    it("When account bodies are arbitrary, then register, login and refresh never fail with 5xx and a rejected registration leaves no user", async () => {
      await fc.assert(
        fc.asyncProperty(
          bodies(["username", "email", "password", "phone_number"]),
          fc.constantFrom("/register/", "/login/", "/token/refresh/"),
          async (raw, path) => {
            const response = await api.request("POST", path, undefined, {
              raw,
              headers: { "Content-Type": "application/json" },
            });
            expectCleanRejectionOrSuccess(response);
            if (path === "/register/" && response.status !== 201) {
              let email: unknown;
              try {
                email = (JSON.parse(raw) as { email?: unknown } | null)?.email;
              } catch {
                email = undefined;
              }
              if (typeof email === "string" && email.includes("@")) {
                await expect(auth().getUserByEmail(email.trim().toLowerCase())).rejects.toMatchObject({
                  code: expect.stringMatching(/auth\/(user-not-found|invalid-email)/),
                });
              }
            }
          },
        ),
        { numRuns: RUNS, endOnFailure: true },
      );
    });

    it("When list query strings are arbitrary, then the answer is a 200 page or a 400 naming the parameter", async () => {
      const values = fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.integer().map(String),
        fc.constantFrom("Pending", "-1", "1e2", "20.5", "%00"),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom("limit", "status", "cursor", "page", "__proto__"), values, { maxKeys: 3 }),
          async (query) => {
            const search = new URLSearchParams(query).toString();
            const response = await api.get(`/orders/?${search}`, { token: owner.token });
            expect([200, 400], response.text).toContain(response.status);
          },
        ),
        { numRuns: RUNS, endOnFailure: true },
      );
    });
  });

  describe("Auth attacks on every authenticated route", () => {
    const routes = (id: string): [string, string, unknown][] => [
      ["GET", "/me/", undefined],
      ["POST", "/logout/", undefined],
      ["GET", "/orders/", undefined],
      ["POST", "/orders/", { item: "Intruder", amount: 1 }],
      ["POST", "/orders/create/", { item: "Intruder", amount: 1 }],
      ["GET", `/orders/${id}/`, undefined],
      ["PUT", `/orders/${id}/`, { item: "Intruder", amount: 1 }],
      ["PATCH", `/orders/${id}/`, { status: "Canceled" }],
      ["DELETE", `/orders/${id}/`, undefined],
    ];

    it("When the credentials are missing, malformed, forged, expired, foreign, disabled, deleted or revoked, then every route answers 401 and changes nothing", async () => {
      const victim = await registerAndLogin(api);
      const target = await createOrder(api, victim.token, { item: "Precious", amount: 10 });
      const claims = decodeJwtPayload(victim.token);
      const past = Math.floor(Date.now() / 1000) - 7200;

      const disabled = await registerAndLogin(api);
      await auth().updateUser(disabled.uid, { disabled: true });
      const deleted = await registerAndLogin(api);
      await auth().deleteUser(deleted.uid);
      const revoked = await registerAndLogin(api);
      await waitForNextSecond();
      await auth().revokeRefreshTokens(revoked.uid);

      const [header, payload] = victim.token.split(".");
      const attacks: Record<string, string | undefined> = {
        missing: undefined,
        "wrong scheme": `Basic ${Buffer.from("a:b").toString("base64")}`,
        "token without scheme": victim.token,
        malformed: "Bearer not-a-jwt",
        "tampered payload": `Bearer ${header}.${payload?.slice(0, -4)}AAAA.`,
        "tampered header": `Bearer ${Buffer.from('{"alg":"HS256"}').toString("base64url")}.${payload}.`,
        expired: `Bearer ${forgeToken({ ...claims, iat: past, exp: past + 3600, auth_time: past })}`,
        "other project": `Bearer ${tokenForOtherProject(victim.token)}`,
        "disabled user": `Bearer ${disabled.token}`,
        "deleted user": `Bearer ${deleted.token}`,
        "revoked token": `Bearer ${revoked.token}`,
      };
      for (const [attack, authorization] of Object.entries(attacks)) {
        for (const [method, path, body] of routes(target.id)) {
          const response = await api.request(
            method,
            path,
            body,
            authorization ? { headers: { Authorization: authorization } } : {},
          );
          expect(response.status, `${attack}: ${method} ${path} -> ${response.text}`).toBe(401);
          expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
        }
      }
      const after = await api.get<OrderBody>(`/orders/${target.id}/`, { token: victim.token });
      expect(after.body).toMatchObject({ item: "Precious", amount: "10.00", status: "Pending" });
      expect(after.headers.get("etag")).toBe('"1"');
      expect((await ordersOf(victim)).map((o) => o.id)).toEqual([target.id]);
      expectStatus(await api.get("/me/", { token: victim.token }), 200);
    });
  });

  describe("Races", () => {
    it("When a cancel and a delete race on one order, then exactly one wins: deleted, or canceled and kept on record", async () => {
      const outcomes = new Set<string>();
      for (let round = 0; round < 8; round++) {
        const target = await createOrder(api, owner.token, { item: `Race ${round}`, amount: 1 });
        const path = `/orders/${target.id}/`;
        const [cancel, removal] = await Promise.all([
          api.patch(path, { status: "Canceled" }, { token: owner.token }),
          api.delete(path, { token: owner.token }),
        ]);
        const after = await api.get<OrderBody>(path, { token: owner.token });
        if (removal.status === 204) {
          // The delete came first: the cancel found nothing, and nothing was resurrected.
          expectProblem(cancel, 404, "order_not_found");
          expectProblem(after, 404, "order_not_found");
          outcomes.add("deleted");
        } else {
          // The cancel came first: a canceled order stays on record.
          expectStatus(cancel, 200);
          expectProblem(removal, 409, "order_not_deletable");
          expect(after.body.status).toBe("Canceled");
          outcomes.add("canceled");
        }
      }
      expect(outcomes.size).toBeGreaterThan(0);
    });

    it("When parallel PATCHes edit different fields with the same If-Match, then one wins and the others get 412", async () => {
      const target = await createOrder(api, owner.token, { item: "Contended", amount: 1 });
      const responses = await Promise.all(
        ["A", "B", "C", "D"].map((tag) =>
          api.patch<OrderBody>(
            `/orders/${target.id}/`,
            { item: `Edit ${tag}` },
            { token: owner.token, headers: { "If-Match": '"1"' } },
          ),
        ),
      );
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      expect(responses.filter((r) => r.status === 412)).toHaveLength(3);
    });
  });

  describe("Outages", () => {
    let offline: RunningApi;
    let firestoreDown: RunningApi;
    beforeAll(async () => {
      // Instances whose Auth backend, or Firestore, is gone.
      offline = await startApi({ auth: await unreachableAuth("auth-outage") });
      const deadDb = await unreachableFirestore("firestore-outage");
      firestoreDown = await startApi({ db: deadDb, config: testConfig({ REQUEST_DEADLINE_MS: "1500" }) });
    });
    afterAll(async () => {
      await Promise.all([offline.close(), firestoreDown.close()]);
    });

    it("When Firestore is unreachable, then requests answer 503 with Retry-After by the deadline, nothing is written, and a healthy instance serves", async () => {
      const down = client(firestoreDown.baseUrl);
      const started = Date.now();
      for (const response of [
        await down.get("/orders/", { token: owner.token }),
        await down.post("/orders/", { item: "Firestore outage", amount: 1 }, { token: owner.token }),
        await down.get("/me/", { token: owner.token }),
      ]) {
        expectProblem(response, 503, "backend_timeout");
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      }
      expect(Date.now() - started).toBeLessThan(10_000);
      expect((await ordersOf(owner)).some((o) => o.item === "Firestore outage")).toBe(false);
      expectStatus(await api.get("/orders/", { token: owner.token }), 200);
    });

    it("When Auth is down, then authenticated routes and registration answer 503 with Retry-After, nothing is written, and a healthy instance still serves", async () => {
      const down = client(offline.baseUrl);
      for (const response of [
        await down.get("/me/", { token: owner.token }),
        await down.post("/orders/", { item: "During outage", amount: 1 }, { token: owner.token }),
      ]) {
        expectProblem(response, 503, "auth_unavailable");
        expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      }
      const input = newUserInput();
      expectProblem(await down.post("/register/", input), 503, "auth_unavailable");
      expect((await db().collection("usernames").doc(input.username.toLowerCase()).get()).exists).toBe(false);
      expect((await ordersOf(owner)).some((o) => o.item === "During outage")).toBe(false);

      // Once Auth answers again (the healthy instance), the same requests go through.
      expectStatus(await api.get("/me/", { token: owner.token }), 200);
      expectStatus(await api.post("/register/", input), 201);
    });
  });
});
