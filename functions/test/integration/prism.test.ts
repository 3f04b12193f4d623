/**
 * The main flows and error cases through Prism (proxy mode, --errors): Prism checks every request and
 * response against openapi.yaml on its own, and turns any response that breaks it into a 500. A
 * request the document itself refuses never reaches the API: Prism answers it with its own 422, which
 * shows the document is as strict as the server (the server answers the same request with a 400).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { client, expectProblem, expectStatus, type ApiResponse, type Client } from "../support/http.js";
import type { OrderBody } from "../support/orders.js";
import { startPrismProxy, type RunningProxy } from "../support/prism.js";
import { startApi, type RunningApi } from "../support/server.js";
import { newUserInput } from "../support/users.js";

describe("The contract, checked by Prism", () => {
  let running: RunningApi;
  let prism: RunningProxy;
  let api: Client;
  let direct: Client;
  const seen: ApiResponse[] = [];

  /** The document refuses it (Prism's 422) and so does the server (its own 400). */
  async function refusedByBoth(method: "POST" | "PATCH", path: string, body: unknown, token?: string): Promise<void> {
    const viaPrism = await client(prism.baseUrl).request(method, path, body, { token, checkContract: false });
    expect(viaPrism.status, viaPrism.text).toBe(422);
    expect(viaPrism.text).toContain("Invalid request");
    expectProblem(await direct.request(method, path, body, { token }), 400, "validation_error");
  }

  beforeAll(async () => {
    running = await startApi();
    direct = client(running.baseUrl);
    prism = await startPrismProxy(running.baseUrl);
    const inner = client(prism.baseUrl);
    const record =
      <Args extends unknown[]>(call: (...args: Args) => Promise<ApiResponse<never>>) =>
      async (...args: Args) => {
        const response = await call(...args);
        seen.push(response);
        return response;
      };
    api = {
      ...inner,
      get: record(inner.get),
      post: record(inner.post),
      put: record(inner.put),
      patch: record(inner.patch),
      delete: record(inner.delete),
    };
  }, 90_000);
  afterAll(async () => {
    await prism.stop();
    await running.close();
  });

  it("When register, login, the full order CRUD and the error cases run through Prism, then it reports no violation", async () => {
    const user = newUserInput();
    expectStatus(await api.post("/register/", user), 201);
    expectProblem(await api.post("/register/", { ...user, email: `x${user.email}` }), 400, "username_taken");
    await refusedByBoth("POST", "/register/", { ...newUserInput(), phone_number: "not a phone" });
    expectProblem(
      await api.post("/login/", { email: user.email, password: "wrong password" }),
      401,
      "invalid_credentials",
    );

    const login = await api.post<{ token: string; refresh_token: string }>("/login/", {
      email: user.email,
      password: user.password,
    });
    expectStatus(login, 200);
    const token = login.body.token;
    expectStatus(await api.get("/me/", { token }), 200);

    const created = await api.post<OrderBody>(
      "/orders/",
      { item: "Laptop", amount: 1200 },
      { token, headers: { "Idempotency-Key": "prism-1" } },
    );
    expectStatus(created, 201);
    const id = created.body.id;
    const second = await api.post<OrderBody>("/orders/create/", { item: "Phone", amount: "99.50" }, { token });
    expectStatus(second, 201);
    expectProblem(
      await api.post("/orders/", { item: "Laptop", amount: 5 }, { token, headers: { "Idempotency-Key": "prism-1" } }),
      422,
      "idempotency_key_reused",
    );
    await refusedByBoth("POST", "/orders/", { item: "Laptop", amount: "12.345" }, token);

    const list = await api.get<OrderBody[]>("/orders/?limit=1", { token });
    expectStatus(list, 200);
    expect(list.headers.get("link")).toMatch(/rel="next"/);
    expectStatus(await api.get("/orders/?status=Pending", { token }), 200);
    expectStatus(await api.get(`/orders/${id}/`, { token }), 200);
    expectProblem(await api.get("/orders/doesNotExist123/", { token }), 404, "order_not_found");

    expectStatus(
      await api.put(
        `/orders/${id}/`,
        { item: "Gaming laptop", amount: 1500 },
        { token, headers: { "If-Match": '"1"' } },
      ),
      200,
    );
    expectProblem(
      await api.put(`/orders/${id}/`, { item: "Stale", amount: 1 }, { token, headers: { "If-Match": '"1"' } }),
      412,
      "precondition_failed",
    );
    await refusedByBoth("PATCH", `/orders/${id}/`, { status: "Completed" }, token);
    expectStatus(await api.patch(`/orders/${id}/`, { status: "Canceled" }, { token }), 200);
    expectProblem(await api.put(`/orders/${id}/`, { item: "Late", amount: 1 }, { token }), 409, "order_not_editable");
    expectProblem(await api.delete(`/orders/${id}/`, { token }), 409, "order_not_deletable");
    expectStatus(await api.delete(`/orders/${second.body.id}/`, { token }), 204);

    expectStatus(await api.post("/token/refresh/", { refresh_token: login.body.refresh_token }), 200);
    expectStatus(await api.post("/logout/", undefined, { token }), 204);
    expectStatus(await api.get("/health/"), 200);

    for (const response of seen) {
      expect(response.headers.get("sl-violations"), response.text).toBeNull();
      expect(response.status, response.text).not.toBe(500);
    }
    expect(prism.output()).not.toMatch(/Violation: response/i);
    expect(seen.length).toBeGreaterThanOrEqual(18);
  });
});
