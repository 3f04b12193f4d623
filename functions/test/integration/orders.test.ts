import type { Timestamp } from "firebase-admin/firestore";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../support/firebase.js";
import { expectProblem, expectStatus } from "../support/http.js";
import { createOrder, nextPage, type OrderBody } from "../support/orders.js";
import { useApi } from "../support/server.js";
import { registerAndLogin, type TestUser } from "../support/users.js";

describe("Orders", () => {
  const api = useApi();
  let alice: TestUser;
  let mallory: TestUser;

  beforeAll(async () => {
    [alice, mallory] = await Promise.all([registerAndLogin(api), registerAndLogin(api)]);
  });

  describe("CRUD", () => {
    it("When an order goes through create, read, list, replace, patch and delete, then each answers per contract", async () => {
      const created = await api.post<OrderBody>(
        "/orders/create/",
        { item: "  Laptop ", amount: 1200 },
        { token: alice.token },
      );
      expectStatus(created, 201);
      const order = created.body;
      expect(order).toEqual({
        id: expect.stringMatching(/^[A-Za-z0-9]{20}$/),
        item: "Laptop",
        amount: "1200.00",
        currency: "KES",
        order_number: expect.stringMatching(/^LA\d{14}$/),
        status: "Pending",
        created_at: expect.any(String),
        updated_at: expect.any(String),
        sms: expect.objectContaining({ status: expect.any(String) }),
        history: [{ at: expect.any(String), status: "Pending", by: "customer", reason: null }],
      });
      expect(order.history[0]?.at).toBe(order.created_at);
      expect(created.headers.get("etag")).toBe('"1"');
      const location = created.headers.get("location");
      expect(new URL(String(location), `${api.baseUrl}/orders/create/`).pathname).toBe(`/api/orders/${order.id}/`);

      // The order number encodes the UTC creation second.
      const stamp = order.created_at.replace(/[-:T]/g, "").slice(0, 14);
      expect(order.order_number).toBe(`LA${stamp}`);

      for (const path of [`/orders/${order.id}/`, `/orders/${order.id}`]) {
        const read = await api.get<OrderBody>(path, { token: alice.token });
        expectStatus(read, 200);
        expect(read.body).toMatchObject({ id: order.id, amount: "1200.00", order_number: order.order_number });
        expect(read.headers.get("etag")).toBe('"1"');
      }

      const listed = await api.get<OrderBody[]>("/orders", { token: alice.token });
      expectStatus(listed, 200);
      expect(listed.body.map((o) => o.id)).toContain(order.id);

      // GET-modify-PUT: read-only fields sent back are ignored.
      const replaced = await api.put<OrderBody>(
        `/orders/${order.id}/`,
        { ...order, item: "Gaming laptop", amount: "1500.5", order_number: "HACKED", status: "Completed" },
        { token: alice.token, headers: { "If-Match": '"1"' } },
      );
      expectStatus(replaced, 200);
      expect(replaced.body).toMatchObject({
        item: "Gaming laptop",
        amount: "1500.50",
        order_number: order.order_number,
        status: "Pending",
      });
      expect(replaced.headers.get("etag")).toBe('"2"');

      const patched = await api.patch<OrderBody>(`/orders/${order.id}`, { amount: 99.99 }, { token: alice.token });
      expectStatus(patched, 200);
      expect(patched.body).toMatchObject({ item: "Gaming laptop", amount: "99.99", status: "Pending" });

      const canceled = await api.patch<OrderBody>(
        `/orders/${order.id}/`,
        { status: "Canceled" },
        { token: alice.token },
      );
      expectStatus(canceled, 200);
      expect(canceled.body.status).toBe("Canceled");
      // Its history tells who canceled it; the edits before are not status changes.
      expect(canceled.body.history.map(({ status, by }) => [status, by])).toEqual([
        ["Pending", "customer"],
        ["Canceled", "customer"],
      ]);
      // A canceled order stays on record.
      expectProblem(await api.delete(`/orders/${order.id}/`, { token: alice.token }), 409, "order_not_deletable");

      const pending = await createOrder(api, alice.token, { item: "Mistake", amount: 1 });
      const deleted = await api.delete(`/orders/${pending.id}/`, { token: alice.token });
      expectStatus(deleted, 204);
      expectProblem(await api.get(`/orders/${pending.id}/`, { token: alice.token }), 404, "order_not_found");
      expectProblem(await api.delete(`/orders/${pending.id}`, { token: alice.token }), 404, "order_not_found");

      // The order number stays reserved after the order is gone.
      expect((await db().collection("order_numbers").doc(pending.order_number).get()).exists).toBe(true);
    });

    it("When both create paths are used with and without the trailing slash, then each creates an order", async () => {
      for (const path of ["/orders/create/", "/orders/create", "/orders/", "/orders"]) {
        const response = await api.post<OrderBody>(path, { item: "Phone", amount: "10" }, { token: alice.token });
        expectStatus(response, 201);
        const location = new URL(String(response.headers.get("location")), `${api.baseUrl}${path}`);
        expect(location.pathname).toBe(`/api/orders/${response.body.id}/`);
      }
    });

    it("When the stored order is read back, then money is integer minor units and the customer is captured", async () => {
      const order = await createOrder(api, alice.token, { item: "Desk", amount: "0.10" });
      const stored = (await db().collection("users").doc(alice.uid).collection("orders").doc(order.id).get()).data();
      expect(stored).toMatchObject({
        amount_minor: 10,
        customer: { uid: alice.uid, username: alice.username, phone_number: alice.phone_number },
        sms: expect.objectContaining({ status: expect.any(String) }),
      });
      expect(Number.isInteger(stored?.amount_minor)).toBe(true);
    });
  });

  describe("Validation", () => {
    it.each([
      [1200, "1200.00"],
      ["0.10", "0.10"],
      ["1200.5", "1200.50"],
      [99999999.99, "99999999.99"],
    ])("When the amount is %j, then the order shows %s", async (amount, shown) => {
      const order = await createOrder(api, alice.token, { item: "Thing", amount });
      expect(order.amount).toBe(shown);
    });

    it.each([0, -1, "12.345", 1e10, "abc", null, true, [], {}, "", "1e3"])(
      "When the amount is %j, then the answer is 400 naming amount",
      async (amount) => {
        const response = await api.post("/orders/", { item: "Thing", amount }, { token: alice.token });
        const problem = expectProblem(response, 400, "validation_error");
        expect(problem.errors).toContainEqual({ field: "amount", message: expect.any(String) });
      },
    );

    it.each([
      ["", "item"],
      ["   ", "item"],
      ["x".repeat(256), "item"],
      [42, "item"],
      [null, "item"],
    ])("When the item is %j, then the answer is 400 naming item", async (item, field) => {
      const problem = expectProblem(
        await api.post("/orders/", { item, amount: 1 }, { token: alice.token }),
        400,
        "validation_error",
      );
      expect(problem.errors).toContainEqual({ field, message: expect.any(String) });
    });

    it("When a field the API does not know is sent, then the answer is 400 naming it and nothing is stored", async () => {
      const before = await api.get<OrderBody[]>("/orders/?limit=100", { token: mallory.token });
      const problem = expectProblem(
        await api.post("/orders/", { item: "Pen", amount: 1, discount: 5 }, { token: mallory.token }),
        400,
        "validation_error",
      );
      expect(problem.errors).toContainEqual({ field: "discount", message: expect.any(String) });
      const after = await api.get<OrderBody[]>("/orders/?limit=100", { token: mallory.token });
      expect(after.body).toHaveLength(before.body.length);
    });

    it("When PUT lacks amount, then the answer is 400 naming amount", async () => {
      const order = await createOrder(api, alice.token);
      const problem = expectProblem(
        await api.put(`/orders/${order.id}/`, { item: "Only item" }, { token: alice.token }),
        400,
        "validation_error",
      );
      expect(problem.errors).toContainEqual({ field: "amount", message: expect.any(String) });
    });

    it("When the body is not an object, then the answer is 400", async () => {
      for (const body of [[], "text", 5, null]) {
        expectProblem(await api.post("/orders/", body, { token: alice.token }), 400, "validation_error");
      }
      expectProblem(await api.post("/orders/", undefined, { token: alice.token }), 400, "validation_error");
    });

    it("When the list query is bad, then the answer is 400 naming the parameter", async () => {
      for (const [query, field] of [
        ["limit=0", "limit"],
        ["limit=101", "limit"],
        ["limit=abc", "limit"],
        ["status=Shipped", "status"],
        ["cursor=%%%", "cursor"],
        ["colour=red", "colour"],
      ] as const) {
        const response = await api.get(`/orders/?${query}`, { token: alice.token });
        expect(response.status, `${query}: ${response.text}`).toBe(400);
        expect((response.body as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
      }
    });
  });

  describe("Status rules", () => {
    it("When the owner sets a status other than Canceled, then it is a 400; cancelling a non-Pending order is a 409", async () => {
      const order = await createOrder(api, alice.token);
      for (const status of ["Completed", "Pending"]) {
        const problem = expectProblem(
          await api.patch(`/orders/${order.id}/`, { status }, { token: alice.token }),
          400,
          "validation_error",
        );
        expect(problem.errors).toContainEqual({ field: "status", message: expect.any(String) });
      }
      expectStatus(await api.patch(`/orders/${order.id}/`, { status: "Canceled" }, { token: alice.token }), 200);

      // Completed by staff (written as the staff route does), the order can no longer be canceled by its owner.
      const done = await createOrder(api, alice.token, { item: "Shipped", amount: 1 });
      await db().doc(`users/${alice.uid}/orders/${done.id}`).update({ status: "Completed" });
      expectProblem(
        await api.patch(`/orders/${done.id}/`, { status: "Canceled" }, { token: alice.token }),
        409,
        "invalid_status_transition",
      );
      expectProblem(
        await api.put(`/orders/${order.id}/`, { item: "Changed", amount: 5 }, { token: alice.token }),
        409,
        "order_not_editable",
      );
      const read = await api.get<OrderBody>(`/orders/${order.id}/`, { token: alice.token });
      expect(read.body).toMatchObject({ status: "Canceled", item: "Laptop" });
    });

    it("When create sends a status or order number, then they are ignored", async () => {
      const order = await createOrder(api, alice.token, {
        item: "Chair",
        amount: 3,
        status: "Completed",
        order_number: "MINE-1",
      });
      expect(order.status).toBe("Pending");
      expect(order.order_number).toMatch(/^CH\d{14}/);
    });
  });

  describe("Ownership", () => {
    it("When another user's token is used on every order route, then each answers 404 and nothing changes", async () => {
      const order = await createOrder(api, alice.token);
      const path = `/orders/${order.id}/`;
      expectProblem(await api.get(path, { token: mallory.token }), 404, "order_not_found");
      expectProblem(await api.put(path, { item: "Mine", amount: 1 }, { token: mallory.token }), 404, "order_not_found");
      expectProblem(await api.patch(path, { status: "Canceled" }, { token: mallory.token }), 404, "order_not_found");
      expectProblem(await api.delete(path, { token: mallory.token }), 404, "order_not_found");
      const list = await api.get<OrderBody[]>("/orders/?limit=100", { token: mallory.token });
      expect(list.body.map((o) => o.id)).not.toContain(order.id);

      const unchanged = await api.get<OrderBody>(path, { token: alice.token });
      expect(unchanged.body).toMatchObject({ item: "Laptop", amount: "1200.00", status: "Pending" });
      expect(unchanged.headers.get("etag")).toBe('"1"');
    });

    it("When no token is sent on any order route, then each answers 401", async () => {
      const order = await createOrder(api, alice.token);
      const path = `/orders/${order.id}/`;
      for (const response of await Promise.all([
        api.post("/orders/", { item: "x", amount: 1 }),
        api.post("/orders/create/", { item: "x", amount: 1 }),
        api.get("/orders/"),
        api.get(path),
        api.put(path, { item: "x", amount: 1 }),
        api.patch(path, { status: "Canceled" }),
        api.delete(path),
      ])) {
        expectProblem(response, 401, "not_authenticated");
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      }
    });

    it("When an id is not a possible Firestore id, then the answer is 404", async () => {
      expectProblem(await api.get("/orders/..%2F..%2Fusers/", { token: alice.token }), 404, "order_not_found");
    });
  });

  describe("Idempotent create", () => {
    it("When the same key and body are sent twice, then the first order is returned and nothing new is created", async () => {
      const buyer = await registerAndLogin(api);
      const headers = { "Idempotency-Key": "order-attempt-1" };
      const first = await api.post<OrderBody>(
        "/orders/",
        { item: "Lamp", amount: 20 },
        { token: buyer.token, headers },
      );
      const second = await api.post<OrderBody>(
        "/orders/",
        { item: "Lamp", amount: "20.00" },
        { token: buyer.token, headers },
      );
      expectStatus(first, 201);
      expectStatus(second, 201);
      expect(second.body).toEqual(first.body);
      expect(second.headers.get("location")).toBe(first.headers.get("location"));
      const list = await api.get<OrderBody[]>("/orders/", { token: buyer.token });
      expect(list.body).toHaveLength(1);
    });

    it("When the same key comes with another body, then the answer is 422", async () => {
      const buyer = await registerAndLogin(api);
      const headers = { "Idempotency-Key": "k-2" };
      expectStatus(await api.post("/orders/", { item: "Lamp", amount: 20 }, { token: buyer.token, headers }), 201);
      expectProblem(
        await api.post("/orders/", { item: "Lamp", amount: 21 }, { token: buyer.token, headers }),
        422,
        "idempotency_key_reused",
      );
    });

    it("When two users use the same key, then each gets their own order", async () => {
      const [one, two] = await Promise.all([registerAndLogin(api), registerAndLogin(api)]);
      const headers = { "Idempotency-Key": "shared-key" };
      const a = await api.post<OrderBody>("/orders/", { item: "Lamp", amount: 20 }, { token: one.token, headers });
      const b = await api.post<OrderBody>("/orders/", { item: "Lamp", amount: 20 }, { token: two.token, headers });
      // Both are new orders (not replays of each other), each in its own customer's list.
      expectStatus(a, 201);
      expectStatus(b, 201);
      expect(a.headers.get("idempotent-replayed")).toBeNull();
      expect(b.headers.get("idempotent-replayed")).toBeNull();
      expect(a.body.id).not.toBe(b.body.id);
      const listOne = await api.get<OrderBody[]>("/orders/", { token: one.token });
      const listTwo = await api.get<OrderBody[]>("/orders/", { token: two.token });
      expect(listOne.body.map((order) => order.id)).toEqual([a.body.id]);
      expect(listTwo.body.map((order) => order.id)).toEqual([b.body.id]);
    });

    it("When 10 creates race with one key, then exactly one order exists and every answer is its 201", async () => {
      const buyer = await registerAndLogin(api);
      const headers = { "Idempotency-Key": "race-key" };
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          api.post<OrderBody>("/orders/", { item: "Kettle", amount: 35 }, { token: buyer.token, headers }),
        ),
      );
      const list = await api.get<OrderBody[]>("/orders/", { token: buyer.token });
      expect(list.body).toHaveLength(1);
      const only = list.body[0];
      // The losers of the race see the winner's key and replay its answer.
      for (const response of responses) {
        expectStatus(response, 201);
        expect(response.body.id).toBe(only?.id);
      }
      expect(responses.filter((response) => response.headers.get("idempotent-replayed") === "true")).toHaveLength(9);
    });

    it("When a key has expired, then it creates a new order", async () => {
      const buyer = await registerAndLogin(api);
      const headers = { "Idempotency-Key": "old-key" };
      const first = await api.post<OrderBody>(
        "/orders/",
        { item: "Lamp", amount: 20 },
        { token: buyer.token, headers },
      );
      const keys = await db().collection("users").doc(buyer.uid).collection("idempotency_keys").get();
      expect(keys.size).toBe(1);
      const keyDoc = keys.docs[0];
      const stored = keyDoc?.data() as { created_at: Timestamp; expires_at: Timestamp } | undefined;
      expect(stored && stored.expires_at.toMillis() - stored.created_at.toMillis()).toBe(24 * 3600 * 1000);
      await keyDoc?.ref.update({ expires_at: new Date(Date.now() - 1000) });
      const second = await api.post<OrderBody>(
        "/orders/",
        { item: "Lamp", amount: 20 },
        { token: buyer.token, headers },
      );
      expectStatus(second, 201);
      expect(second.body.id).not.toBe(first.body.id);
    });

    it("When the key is not printable ASCII, then the answer is 400 naming the header", async () => {
      const problem = expectProblem(
        await api.post(
          "/orders/",
          { item: "Lamp", amount: 20 },
          { token: alice.token, headers: { "Idempotency-Key": "a b" } },
        ),
        400,
        "validation_error",
      );
      expect(problem.errors).toContainEqual({ field: "Idempotency-Key", message: expect.any(String) });
    });
  });

  describe("Listing and paging", () => {
    it("When 45 orders are paged 20 at a time while new ones arrive, then each original order appears exactly once, newest first", async () => {
      const buyer = await registerAndLogin(api);
      const originals: string[] = [];
      for (let i = 0; i < 45; i++)
        originals.push((await createOrder(api, buyer.token, { item: `Item ${i}`, amount: i + 1 })).id);

      const seen: OrderBody[] = [];
      let url: string | undefined = `${api.baseUrl}/orders/?limit=20`;
      let pages = 0;
      while (url) {
        const response = await api.request<OrderBody[]>("GET", url.slice(api.baseUrl.length), undefined, {
          token: buyer.token,
        });
        expectStatus(response, 200);
        seen.push(...response.body);
        pages++;
        // New orders arrive during the walk; they sort before the cursor and must not disturb it.
        await createOrder(api, buyer.token, { item: "Latecomer", amount: 1 });
        url = nextPage(response.headers.get("link"), url);
      }
      expect(pages).toBe(3);
      expect(seen.map((o) => o.id)).toEqual([...originals].reverse());
      const times = seen.map((o) => o.created_at);
      expect([...times].sort().reverse()).toEqual(times);
    });

    it("When filtered by status, then only orders with that status are listed", async () => {
      const buyer = await registerAndLogin(api);
      const kept = await createOrder(api, buyer.token, { item: "Keep", amount: 1 });
      const dropped = await createOrder(api, buyer.token, { item: "Drop", amount: 1 });
      expectStatus(await api.patch(`/orders/${dropped.id}/`, { status: "Canceled" }, { token: buyer.token }), 200);
      const canceled = await api.get<OrderBody[]>("/orders/?status=Canceled", { token: buyer.token });
      expect(canceled.body.map((o) => o.id)).toEqual([dropped.id]);
      const pending = await api.get<OrderBody[]>("/orders/?status=Pending", { token: buyer.token });
      expect(pending.body.map((o) => o.id)).toEqual([kept.id]);
    });

    it("When the last page is reached, then there is no Link header", async () => {
      const buyer = await registerAndLogin(api);
      const only = await createOrder(api, buyer.token);
      const response = await api.get<OrderBody[]>("/orders/?limit=1", { token: buyer.token });
      expectStatus(response, 200);
      expect(response.body.map((order) => order.id)).toEqual([only.id]);
      expect(response.headers.get("link")).toBeNull();
    });
  });

  describe("Optimistic concurrency", () => {
    it("When PUT carries a stale If-Match, then the answer is 412 and the stored order is unchanged", async () => {
      const order = await createOrder(api, alice.token);
      expectStatus(await api.patch(`/orders/${order.id}/`, { item: "Newer" }, { token: alice.token }), 200);
      const stale = await api.put(
        `/orders/${order.id}/`,
        { item: "Stale write", amount: 1 },
        { token: alice.token, headers: { "If-Match": '"1"' } },
      );
      expectProblem(stale, 412, "precondition_failed");
      const stored = await api.get<OrderBody>(`/orders/${order.id}/`, { token: alice.token });
      expect(stored.body).toMatchObject({ item: "Newer", amount: "1200.00" });
      expect(stored.headers.get("etag")).toBe('"2"');
    });

    it("When parallel PUTs all carry the same If-Match, then exactly one wins and the rest get 412", async () => {
      const order = await createOrder(api, alice.token);
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          api.put<OrderBody>(
            `/orders/${order.id}/`,
            { item: `Writer ${i}`, amount: i + 1 },
            { token: alice.token, headers: { "If-Match": '"1"' } },
          ),
        ),
      );
      const winners = responses.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      for (const loser of responses.filter((r) => r.status !== 200)) expectProblem(loser, 412, "precondition_failed");
      const stored = await api.get<OrderBody>(`/orders/${order.id}/`, { token: alice.token });
      expect(stored.body.item).toBe(winners[0]?.body.item);
    });
  });
});
