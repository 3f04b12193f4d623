/**
 * The client's retries, keys and ETags, against a fake fetch that records every request: what is
 * retried and how long it waits, what is not, and what each attempt carries.
 */
import { describe, expect, it } from "vitest";
import { ApiProblem, createClient, isProblem, retryAfterSeconds, type ClientOptions } from "../src/index.js";

interface Sent {
  method: string;
  url: string;
  headers: Headers;
  body: string | undefined;
}

const ORDER = {
  id: "abc",
  item: "Laptop",
  amount: "1200.00",
  currency: "KES",
  order_number: "LA20240115103000",
  status: "Pending",
  created_at: "2024-01-15T10:30:00.000Z",
  updated_at: "2024-01-15T10:30:00.000Z",
  sms: {
    status: "pending",
    attempts: 0,
    channel: null,
    message_id: null,
    cost: null,
    error_code: null,
    error_message: null,
    updated_at: null,
    delivery_status: null,
    delivery_failure_reason: null,
  },
};

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json", "X-Request-Id": "request-0001", ...headers },
  });
}

function problem(status: number, code: string, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ type: "about:blank", title: "x", status, detail: "x", code }), {
    status,
    headers: { "Content-Type": "application/problem+json", "X-Request-Id": "request-0002", ...headers },
  });
}

/** A client whose fetch answers from `answers`, in order, and records what it was sent. */
function fake(answers: Response[], options: Partial<ClientOptions> = {}) {
  const sent: Sent[] = [];
  const waits: number[] = [];
  const client = createClient({
    baseUrl: "https://api.example/api/",
    fetch: (input, init) => {
      sent.push({
        method: init?.method ?? "GET",
        url: input instanceof Request ? input.url : input.toString(),
        headers: new Headers(init?.headers),
        body: typeof init?.body === "string" ? init.body : undefined,
      });
      const answer = answers.shift();
      return answer ? Promise.resolve(answer) : Promise.reject(new TypeError("fetch failed"));
    },
    sleep: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
    ...options,
  });
  return { client, sent, waits };
}

describe("The client's retries, keys and ETags", () => {
  it("When a create meets 503 then 429, then it waits as Retry-After says and sends one Idempotency-Key throughout", async () => {
    const { client, sent, waits } = fake([
      problem(503, "backend_unavailable", { "Retry-After": "2" }),
      problem(429, "rate_limited", { "Retry-After": "1" }),
      json(201, ORDER, { ETag: '"1"', Location: "./abc/" }),
    ]);
    expect((await client.orders.create({ item: "Laptop", amount: 1200 })).id).toBe("abc");
    expect(waits).toEqual([2000, 1000]);
    const keys = sent.map((request) => request.headers.get("Idempotency-Key"));
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(sent[0]?.url).toBe("https://api.example/api/orders/");
  });

  it("When a 503 has no Retry-After, then the wait backs off and doubles, within its bounds", async () => {
    const { client, waits } = fake(
      [
        problem(503, "backend_timeout"),
        problem(503, "backend_timeout"),
        problem(503, "backend_timeout"),
        json(200, ORDER),
      ],
      { retries: { maxRetries: 3, baseDelayMs: 100, maxDelayMs: 300 } },
    );
    await client.orders.get("abc");
    expect(waits).toHaveLength(3);
    expect(waits[0]).toBeGreaterThanOrEqual(50);
    expect(waits[0]).toBeLessThanOrEqual(100);
    expect(waits[1]).toBeGreaterThanOrEqual(100);
    expect(waits[1]).toBeLessThanOrEqual(200);
    expect(waits[2]).toBeGreaterThanOrEqual(150);
    expect(waits[2]).toBeLessThanOrEqual(300);
  });

  it("When the retries run out, then the last problem is thrown, typed, with its Retry-After and request id", async () => {
    const { client, sent } = fake([
      problem(503, "backend_unavailable", { "Retry-After": "1" }),
      problem(503, "backend_unavailable", { "Retry-After": "1" }),
      problem(503, "backend_unavailable", { "Retry-After": "1" }),
    ]);
    const error = await client.orders.get("abc").catch((caught: unknown) => caught);
    expect(sent).toHaveLength(3);
    expect(isProblem(error, client.orders.get) && [error.code, error.retryAfterSeconds, error.requestId]).toEqual([
      "backend_unavailable",
      1,
      "request-0002",
    ]);
  });

  it("When a POST without an Idempotency-Key meets a 503, then it is not repeated; a 429 is (nothing ran)", async () => {
    const once = fake([problem(503, "auth_unavailable", { "Retry-After": "1" }), json(200, {})]);
    await expect(once.client.login({ email: "a@example.com", password: "x" })).rejects.toBeInstanceOf(ApiProblem);
    expect(once.sent).toHaveLength(1);
    const twice = fake([
      problem(429, "rate_limited", { "Retry-After": "1" }),
      json(200, { token: "t", refresh_token: "r", expires_in: 3600, uid: "u" }),
    ]);
    expect((await twice.client.login({ email: "a@example.com", password: "x" })).uid).toBe("u");
    expect(twice.sent).toHaveLength(2);
  });

  it("When Retry-After asks for longer than the client waits, or retries are off, then the problem is thrown at once", async () => {
    const long = fake([problem(429, "too_many_attempts", { "Retry-After": "900" })]);
    const error = await long.client.login({ email: "a@example.com", password: "x" }).catch((caught: unknown) => caught);
    expect(isProblem(error, long.client.login) && [error.code, error.retryAfterSeconds]).toEqual([
      "too_many_attempts",
      900,
    ]);
    const off = fake([problem(503, "backend_unavailable", { "Retry-After": "1" })]);
    await expect(off.client.orders.get("abc", { retries: false })).rejects.toBeInstanceOf(ApiProblem);
    expect(off.sent).toHaveLength(1);
  });

  it("When an order is read, then its ETag goes as If-Match on its update, unless told otherwise; a create's ETag counts too", async () => {
    const { client, sent } = fake([
      json(200, ORDER, { ETag: '"4"' }),
      json(200, ORDER, { ETag: '"5"' }),
      json(200, ORDER, { ETag: '"6"' }),
      json(200, ORDER, { ETag: '"7"' }),
      json(201, { ...ORDER, id: "new" }, { ETag: '"1"', Location: "./new/" }),
      json(200, ORDER, { ETag: '"2"' }),
    ]);
    await client.orders.get("abc");
    await client.orders.update("abc", { item: "A" });
    await client.orders.replace("abc", { item: "B", amount: 1 }, { ifMatch: false });
    await client.orders.cancel("abc", { ifMatch: '"1"' });
    await client.orders.create({ item: "New", amount: 1 });
    await client.orders.update("new", { item: "C" });
    expect(sent.map((request) => request.headers.get("If-Match"))).toEqual([null, '"4"', null, '"1"', null, '"1"']);
    expect(sent[3]?.body).toBe(JSON.stringify({ status: "Canceled" }));
  });

  it("When a token is refused, then the provider is asked again, forced, and the request repeated once", async () => {
    const forced: boolean[] = [];
    const { client, sent } = fake(
      [
        problem(401, "invalid_token"),
        json(200, {
          uid: "u",
          email: "a@example.com",
          username: "a",
          phone_number: "+254712345678",
          phone_verified: true,
          created_at: "2024-01-15T10:30:00.000Z",
        }),
      ],
      {
        token: ({ forceRefresh }) => {
          forced.push(forceRefresh);
          return forceRefresh ? "fresh" : "stale";
        },
      },
    );
    expect((await client.me.get()).uid).toBe("u");
    expect(forced).toEqual([false, true]);
    expect(sent.map((request) => request.headers.get("Authorization"))).toEqual(["Bearer stale", "Bearer fresh"]);
  });

  it("When the network fails, then a read is retried and a login is not", async () => {
    const read = fake([]);
    await expect(read.client.getHealth()).rejects.toBeInstanceOf(TypeError);
    expect(read.sent).toHaveLength(3);
    const login = fake([]);
    await expect(login.client.login({ email: "a@example.com", password: "x" })).rejects.toBeInstanceOf(TypeError);
    expect(login.sent).toHaveLength(1);
  });

  it("When Retry-After is an HTTP-date, then it is read as the seconds until then", () => {
    const now = Date.parse("Wed, 30 Jun 2027 00:00:00 GMT");
    expect(retryAfterSeconds("Wed, 30 Jun 2027 00:00:05 GMT", now)).toBe(5);
    expect(retryAfterSeconds("7", now)).toBe(7);
    expect(retryAfterSeconds(null, now)).toBeUndefined();
  });
});
