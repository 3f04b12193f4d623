/** Security headers, CORS from config, and per-IP rate limits shared by every instance. */
import { randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, expectProblem, expectStatus } from "../support/http.js";
import { type RunningApi, startApi, testConfig, useApi } from "../support/server.js";
import { newUserInput } from "../support/users.js";

const ALLOWED_ORIGIN = "https://shop.example.com";

describe("Protection", () => {
  const api = useApi(() => ({ config: testConfig({ CORS_ORIGINS: `${ALLOWED_ORIGIN}, https://admin.example.com` }) }));

  it("When any API response is sent, then it carries the security headers", async () => {
    for (const response of [await api.get("/health/"), await api.get("/orders/"), await api.get("/nope/")]) {
      expect(response.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
      expect(response.headers.get("x-powered-by")).toBeNull();
    }
  });

  it("When a listed origin calls, then CORS allows it and exposes the headers clients need", async () => {
    const response = await api.get("/health/", { headers: { Origin: ALLOWED_ORIGIN } });
    expect(response.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(response.headers.get("access-control-expose-headers")).toContain("ETag");
    expect(response.headers.get("vary")).toContain("Origin");

    const preflight = await api.request("OPTIONS", "/orders/", undefined, {
      checkContract: false,
      headers: {
        Origin: ALLOWED_ORIGIN,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization, content-type, idempotency-key",
      },
    });
    expectStatus(preflight, 204);
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    expect(preflight.headers.get("access-control-allow-headers")).toContain("Idempotency-Key");
  });

  it("When an unlisted origin calls, then no CORS header lets a browser read the answer", async () => {
    const response = await api.get("/health/", { headers: { Origin: "https://evil.example.net" } });
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    const preflight = await api.request("OPTIONS", "/orders/", undefined, {
      checkContract: false,
      headers: { Origin: "https://evil.example.net", "Access-Control-Request-Method": "DELETE" },
    });
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
  });

  describe("Rate limits", () => {
    let first: RunningApi;
    let second: RunningApi;
    beforeAll(async () => {
      // Two instances of the API, as two function instances would be: the counters they share live in Firestore.
      const config = testConfig({ RATE_LIMIT_LOGIN_PER_MINUTE: "4", RATE_LIMIT_REGISTER_PER_MINUTE: "2" });
      [first, second] = await Promise.all([startApi({ config }), startApi({ config })]);
    });
    afterAll(async () => {
      await Promise.all([first.close(), second.close()]);
    });

    /**
     * A fresh client address per use (IPv6 documentation range): counters are shared by every
     * instance, including the other test files' running at the same time, so each test needs its own.
     */
    const hextet = () => randomInt(1, 0xffff).toString(16);
    // Each in its own /64: limits count an IPv6 host's whole /64 as one client.
    const address = () => `2001:db8:${hextet()}:${hextet()}::${hextet()}`;

    it("When one address logs in too often across two instances, then it gets 429 with Retry-After and others do not", async () => {
      const ip = address();
      const headers = { "X-Forwarded-For": ip };
      const apiA = client(first.baseUrl);
      const apiB = client(second.baseUrl);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await (i % 2 === 0 ? apiA : apiB).post(
          "/login/",
          { email: "x@example.com", password: "wrong-pass" },
          { headers },
        );
        statuses.push(response.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401]);
      const limited = await apiA.post("/login/", { email: "x@example.com", password: "wrong-pass" }, { headers });
      expectProblem(limited, 429, "rate_limited");
      const retryAfter = Number(limited.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);

      const other = await apiB.post(
        "/login/",
        { email: "x@example.com", password: "wrong-pass" },
        { headers: { "X-Forwarded-For": address() } },
      );
      expectProblem(other, 401, "invalid_credentials");
    });

    it("When one address registers too often, then the third registration is refused and creates nothing", async () => {
      const headers = { "X-Forwarded-For": address() };
      expectStatus(await client(first.baseUrl).post("/register/", newUserInput(), { headers }), 201);
      expectStatus(await client(second.baseUrl).post("/register/", newUserInput(), { headers }), 201);
      const refused = newUserInput();
      expectProblem(await client(first.baseUrl).post("/register/", refused, { headers }), 429, "rate_limited");
      const login = await client(first.baseUrl).post(
        "/login/",
        { email: refused.email, password: refused.password },
        { headers: { "X-Forwarded-For": address() } },
      );
      expectProblem(login, 401, "invalid_credentials");
    });

    it("When a client forges X-Forwarded-For entries to the left, then only the address the proxy saw counts", async () => {
      const ip = address();
      const apiA = client(first.baseUrl);
      for (let i = 0; i < 4; i++) {
        await apiA.post(
          "/login/",
          { email: "x@example.com", password: "wrong-pass" },
          {
            headers: { "X-Forwarded-For": `10.0.0.${i}, ${ip}` },
          },
        );
      }
      const limited = await apiA.post(
        "/login/",
        { email: "x@example.com", password: "wrong-pass" },
        {
          headers: { "X-Forwarded-For": `10.9.9.9, ${ip}` },
        },
      );
      expectProblem(limited, 429, "rate_limited");
    });
  });
});
