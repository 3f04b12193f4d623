import { initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { beforeAll, describe, expect, it } from "vitest";
import { orderConverter } from "../../src/orders/order-document.js";
import { isGsm7 } from "../../src/sms/gsm.js";
import { db, projectId } from "../support/firebase.js";
import { client, expectProblem, expectStatus, type ApiResponse } from "../support/http.js";
import { createOrder } from "../support/orders.js";
import {
  createProduct,
  orderLines,
  stockOf,
  uniqueName,
  type CatalogueOrderBody,
  type StaffProductBody,
} from "../support/products.js";
import { startApi, testConfig, useApi } from "../support/server.js";
import { staffToken } from "../support/staff.js";
import { registerAndLogin, verifiedCustomer, type TestUser } from "../support/users.js";

/** The stored order, as the trigger and staff see it. */
async function storedOrder(uid: string, id: string) {
  return (
    await db().collection("users").doc(uid).collection("orders").doc(id).withConverter(orderConverter).get()
  ).data();
}

describe("Orders from the catalogue", () => {
  const api = useApi();
  let staff: string;
  let alice: TestUser;

  beforeAll(async () => {
    [staff, alice] = await Promise.all([staffToken(api), registerAndLogin(api)]);
  });

  describe("Placing", () => {
    it("When a customer orders lines, then the shop prices them, sums the amount, summarises the item and takes the stock", async () => {
      const flour = await createProduct(api, staff, {
        name: uniqueName("Maize flour 2 kg"),
        price: "210.00",
        stock: 10,
      });
      const oil = await createProduct(api, staff, { name: uniqueName("Cooking oil 1 L"), price: 320.5, stock: null });
      const created = await api.post<CatalogueOrderBody>(
        "/orders/create/",
        {
          lines: [
            { product_id: flour.id, quantity: 3 },
            { product_id: oil.id, quantity: 1 },
          ],
        },
        { token: alice.token },
      );
      expectStatus(created, 201);
      const order = created.body;
      expect(order).toMatchObject({
        item: `3 x ${flour.name}, 1 x ${oil.name}`,
        amount: "950.50",
        currency: "KES",
        status: "Pending",
        lines: [
          { product_id: flour.id, name: flour.name, quantity: 3, unit_price: "210.00", line_total: "630.00" },
          { product_id: oil.id, name: oil.name, quantity: 1, unit_price: "320.50", line_total: "320.50" },
        ],
      });
      // Two letters from the first line's product.
      expect(order.order_number).toMatch(/^MA\d{14}(-[2-9A-HJ-NP-Z]{4})?$/);
      expect(created.headers.get("etag")).toBe('"1"');
      expect(await stockOf(api, staff, flour.id)).toBe(7);
      expect(await stockOf(api, staff, oil.id)).toBeNull();

      const stored = await storedOrder(alice.uid, order.id);
      expect(stored).toMatchObject({
        amount_minor: 95050,
        lines: [
          { product_id: flour.id, name: flour.name, quantity: 3, unit_price_minor: 21000, line_total_minor: 63000 },
          { product_id: oil.id, name: oil.name, quantity: 1, unit_price_minor: 32050, line_total_minor: 32050 },
        ],
      });
      const read = await api.get<CatalogueOrderBody>(`/orders/${order.id}/`, { token: alice.token });
      expect(read.body).toEqual(order);
      const listed = await api.get<CatalogueOrderBody[]>("/orders/", { token: alice.token });
      expect(listed.body.find((entry) => entry.id === order.id)?.lines).toEqual(order.lines);
    });

    it("When the shop changes a price or a name later, then orders already placed keep theirs", async () => {
      const sugar = await createProduct(api, staff, { name: uniqueName("Sugar 1 kg"), price: "150.00", stock: 20 });
      const before = await orderLines(api, alice.token, [{ product_id: sugar.id, quantity: 2 }]);
      expectStatus(
        await api.patch(
          `/staff/products/${sugar.id}/`,
          { price: "175.00", name: `${sugar.name} (new)` },
          { token: staff },
        ),
        200,
      );
      const after = await orderLines(api, alice.token, [{ product_id: sugar.id, quantity: 2 }]);
      expect(after.amount).toBe("350.00");
      const old = await api.get<CatalogueOrderBody>(`/orders/${before.id}/`, { token: alice.token });
      expect(old.body).toMatchObject({ amount: "300.00", item: `2 x ${sugar.name}` });
      expect(old.body.lines).toEqual([
        { product_id: sugar.id, name: sugar.name, quantity: 2, unit_price: "150.00", line_total: "300.00" },
      ]);
      // Staff see the same frozen lines.
      const staffView = await api.get<CatalogueOrderBody>(`/staff/orders/${before.order_number}/`, { token: staff });
      expect(staffView.body.lines).toEqual(old.body.lines);
    });

    it("When a line names an unknown or archived product, then it is a 400 naming each such line and nothing is taken", async () => {
      const kept = await createProduct(api, staff, { stock: 5 });
      const archived = await createProduct(api, staff, { name: uniqueName("Bar soap"), stock: 5, active: false });
      const problem = expectProblem(
        await api.post(
          "/orders/",
          {
            lines: [
              { product_id: kept.id, quantity: 1 },
              { product_id: "noSuchProduct0000000", quantity: 1 },
              { product_id: archived.id, quantity: 1 },
            ],
          },
          { token: alice.token },
        ),
        400,
        "product_unavailable",
      );
      expect(problem.errors).toEqual([
        { field: "lines.1.product_id", message: "No product has this id." },
        { field: "lines.2.product_id", message: `${archived.name} is no longer sold.` },
      ]);
      expect(await stockOf(api, staff, kept.id)).toBe(5);
    });

    it("When stock is short, then it is a 409 out_of_stock naming each short line and what is available, and nothing is taken", async () => {
      const rice = await createProduct(api, staff, { name: uniqueName("Rice"), stock: 2 });
      const salt = await createProduct(api, staff, { name: uniqueName("Salt"), stock: 0 });
      const milk = await createProduct(api, staff, { name: uniqueName("Milk"), stock: 9 });
      const problem = expectProblem(
        await api.post(
          "/orders/",
          {
            lines: [
              { product_id: milk.id, quantity: 1 },
              { product_id: rice.id, quantity: 3 },
              { product_id: salt.id, quantity: 1 },
            ],
          },
          { token: alice.token },
        ),
        409,
        "out_of_stock",
      );
      expect(problem.errors).toEqual([
        { field: "lines.1.quantity", message: `Only 2 of ${rice.name} available; 3 units asked.` },
        { field: "lines.2.quantity", message: `${salt.name} is out of stock (0 available; 1 unit asked).` },
      ]);
      expect([await stockOf(api, staff, milk.id), await stockOf(api, staff, rice.id)]).toEqual([9, 2]);
      // Exactly what is left can be ordered, and then no more.
      await orderLines(api, alice.token, [{ product_id: rice.id, quantity: 2 }]);
      expect(await stockOf(api, staff, rice.id)).toBe(0);
      expectProblem(
        await api.post("/orders/", { lines: [{ product_id: rice.id, quantity: 1 }] }, { token: alice.token }),
        409,
        "out_of_stock",
      );
    });

    it("When lines are malformed, then it is a 400 naming the field, and the original body's refusals are unchanged", async () => {
      const product = await createProduct(api, staff, { stock: 5 });
      const line = { product_id: product.id, quantity: 1 };
      for (const [body, field] of [
        [{ lines: [] }, "lines"],
        [{ lines: Array.from({ length: 21 }, () => line) }, "lines"],
        [{ lines: [{ ...line, quantity: 0 }] }, "lines.0.quantity"],
        [{ lines: [{ ...line, quantity: 1000 }] }, "lines.0.quantity"],
        [{ lines: [{ ...line, quantity: 1.5 }] }, "lines.0.quantity"],
        [{ lines: [line, { ...line, quantity: 2 }] }, "lines.1.product_id"],
        [{ lines: [{ product_id: "../x", quantity: 1 }] }, "lines.0.product_id"],
        [{ lines: [{ ...line, colour: "red" }] }, "lines.0.colour"],
        [{ lines: [line], discount: 5 }, "discount"],
        [{ lines: "flour" }, "lines"],
      ] as const) {
        const problem = expectProblem(
          await api.post("/orders/", body, { token: alice.token }),
          400,
          "validation_error",
        );
        expect(
          problem.errors?.map((error) => error.field),
          JSON.stringify(body).slice(0, 80),
        ).toContain(field);
        // The form with lines never reports the free-text fields.
        expect(problem.errors?.map((error) => error.field)).not.toContain("item");
      }
      const freeText = expectProblem(
        await api.post("/orders/", { item: "Pen" }, { token: alice.token }),
        400,
        "validation_error",
      );
      expect(freeText.errors).toEqual([{ field: "amount", message: expect.any(String) }]);
      expect(await stockOf(api, staff, product.id)).toBe(5);
    });

    it("When a body with lines also carries item, amount or other read-only fields, then they are ignored", async () => {
      const product = await createProduct(api, staff, { name: uniqueName("Tea leaves"), price: "99.00", stock: 5 });
      const created = await api.post<CatalogueOrderBody>(
        "/orders/",
        {
          lines: [{ product_id: product.id, quantity: 1, name: "Free tea", unit_price: "0.01", line_total: "0.01" }],
          item: "Something else",
          amount: "0.01",
          status: "Completed",
          order_number: "HACKED",
        },
        { token: alice.token },
      );
      expectStatus(created, 201);
      expect(created.body).toMatchObject({ item: `1 x ${product.name}`, amount: "99.00", status: "Pending" });
      expect(created.body.lines?.[0]).toMatchObject({ name: product.name, unit_price: "99.00" });
    });

    it("When the same Idempotency-Key is retried, then the first order is answered and its stock is taken once", async () => {
      const buyer = await registerAndLogin(api);
      const product = await createProduct(api, staff, { stock: 10 });
      const headers = { "Idempotency-Key": "lines-retry-1" };
      const lines = [{ product_id: product.id, quantity: 4 }];
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          api.post<CatalogueOrderBody>("/orders/", { lines }, { token: buyer.token, headers }),
        ),
      );
      for (const response of responses) expectStatus(response, 201);
      expect(new Set(responses.map((response) => response.body.id)).size).toBe(1);
      expect(responses.filter((response) => response.headers.get("idempotent-replayed") === "true")).toHaveLength(4);
      const again = await api.post<CatalogueOrderBody>("/orders/", { lines }, { token: buyer.token, headers });
      expect(again.body).toEqual(responses[0]?.body);
      expect(await stockOf(api, staff, product.id)).toBe(6);
      const listed = await api.get<CatalogueOrderBody[]>("/orders/", { token: buyer.token });
      expect(listed.body).toHaveLength(1);
      expectProblem(
        await api.post(
          "/orders/",
          { lines: [{ product_id: product.id, quantity: 5 }] },
          { token: buyer.token, headers },
        ),
        422,
        "idempotency_key_reused",
      );
      expect(await stockOf(api, staff, product.id)).toBe(6);
    });

    it("When the confirmation SMS is composed, then it names the order's summary and fits one GSM-7 segment", async () => {
      const buyer = await verifiedCustomer(api);
      const flour = await createProduct(api, staff, {
        name: uniqueName("Unga wa ngano 2 kg"),
        price: "190",
        stock: 10,
      });
      const order = await orderLines(api, buyer.token, [{ product_id: flour.id, quantity: 2 }]);
      const stored = await storedOrder(buyer.uid, order.id);
      const text = String(stored?.sms.text);
      expect(text).toContain(`2 x ${flour.name}`);
      expect(text).toContain("380.00");
      expect(text).toContain(order.order_number);

      // Twenty lines of long names: the summary is cut to 255 characters, the SMS to one segment.
      const many: StaffProductBody[] = [];
      for (let i = 0; i < 20; i++) {
        many.push(
          await createProduct(api, staff, {
            name: uniqueName(`Premium long-grain basmati rice ${i} x`.padEnd(60, "x")),
            stock: null,
          }),
        );
      }
      const big = await orderLines(
        api,
        buyer.token,
        many.map((product) => ({ product_id: product.id, quantity: 999 })),
      );
      expect(big.item.length).toBeLessThanOrEqual(255);
      expect(big.item).toMatch(/, \+\d+ more$/);
      expect(big.lines).toHaveLength(20);
      const bigText = String((await storedOrder(buyer.uid, big.id))?.sms.text);
      expect(bigText.length).toBeLessThanOrEqual(160);
      expect(isGsm7(bigText)).toBe(true);
      expect(bigText).toContain(big.order_number);
    });
  });

  describe("Stock follows the order's life", () => {
    it("When a Pending order's lines are replaced or patched, then it is re-priced and only the difference in stock moves", async () => {
      const beans = await createProduct(api, staff, { name: uniqueName("Beans"), price: "100.00", stock: 10 });
      const rice = await createProduct(api, staff, { name: uniqueName("Rice"), price: "50.00", stock: 10 });
      const order = await orderLines(api, alice.token, [{ product_id: beans.id, quantity: 4 }]);
      expect(await stockOf(api, staff, beans.id)).toBe(6);

      expectStatus(await api.patch(`/staff/products/${beans.id}/`, { price: "110.00" }, { token: staff }), 200);
      // GET-modify-PUT: the order as read, with other lines.
      const replaced = await api.put<CatalogueOrderBody>(
        `/orders/${order.id}/`,
        {
          ...order,
          lines: [
            { product_id: beans.id, quantity: 6 },
            { product_id: rice.id, quantity: 3 },
          ],
        },
        { token: alice.token, headers: { "If-Match": '"1"' } },
      );
      expectStatus(replaced, 200);
      expect(replaced.body).toMatchObject({
        amount: "810.00",
        item: `6 x ${beans.name}, 3 x ${rice.name}`,
        order_number: order.order_number,
      });
      expect(replaced.headers.get("etag")).toBe('"2"');
      expect([await stockOf(api, staff, beans.id), await stockOf(api, staff, rice.id)]).toEqual([4, 7]);

      const patched = await api.patch<CatalogueOrderBody>(
        `/orders/${order.id}/`,
        { lines: [{ product_id: rice.id, quantity: 1 }] },
        { token: alice.token },
      );
      expectStatus(patched, 200);
      expect(patched.body).toMatchObject({
        amount: "50.00",
        lines: [expect.objectContaining({ product_id: rice.id })],
      });
      expect([await stockOf(api, staff, beans.id), await stockOf(api, staff, rice.id)]).toEqual([10, 9]);

      // More than is left (9 on hand + 1 held) is refused, naming what this order could have.
      const problem = expectProblem(
        await api.patch(
          `/orders/${order.id}/`,
          { lines: [{ product_id: rice.id, quantity: 11 }] },
          { token: alice.token },
        ),
        409,
        "out_of_stock",
      );
      expect(problem.errors).toEqual([
        { field: "lines.0.quantity", message: `Only 10 of ${rice.name} available; 11 units asked.` },
      ]);
      expectProblem(
        await api.put(
          `/orders/${order.id}/`,
          { lines: [{ product_id: rice.id, quantity: 2 }] },
          { token: alice.token, headers: { "If-Match": '"1"' } },
        ),
        412,
        "precondition_failed",
      );
      expect([await stockOf(api, staff, beans.id), await stockOf(api, staff, rice.id)]).toEqual([10, 9]);
    });

    it("When a catalogue order is sent a free-text change, then it is a 409; a free-text order sent lines becomes one", async () => {
      const product = await createProduct(api, staff, { name: uniqueName("Bread"), price: "60", stock: 5 });
      const order = await orderLines(api, alice.token, [{ product_id: product.id, quantity: 1 }]);
      expectProblem(
        await api.patch(`/orders/${order.id}/`, { amount: 1 }, { token: alice.token }),
        409,
        "catalogue_order",
      );
      expectProblem(
        await api.put(`/orders/${order.id}/`, { item: "Cheap bread", amount: 1 }, { token: alice.token }),
        409,
        "catalogue_order",
      );
      const freeText = await createOrder(api, alice.token, { item: "Bread, the usual", amount: 55 });
      const converted = await api.put<CatalogueOrderBody>(
        `/orders/${freeText.id}/`,
        { lines: [{ product_id: product.id, quantity: 2 }] },
        { token: alice.token },
      );
      expectStatus(converted, 200);
      expect(converted.body).toMatchObject({ amount: "120.00", order_number: freeText.order_number });
      expect(await stockOf(api, staff, product.id)).toBe(2);
    });

    it("When the customer cancels or deletes a Pending order, then its stock comes back; a second cancel gives nothing more", async () => {
      const product = await createProduct(api, staff, { stock: 10 });
      const canceled = await orderLines(api, alice.token, [{ product_id: product.id, quantity: 3 }]);
      const deleted = await orderLines(api, alice.token, [{ product_id: product.id, quantity: 2 }]);
      expect(await stockOf(api, staff, product.id)).toBe(5);
      expectStatus(await api.patch(`/orders/${canceled.id}/`, { status: "Canceled" }, { token: alice.token }), 200);
      expect(await stockOf(api, staff, product.id)).toBe(8);
      expectStatus(await api.patch(`/orders/${canceled.id}/`, { status: "Canceled" }, { token: alice.token }), 200);
      expect(await stockOf(api, staff, product.id)).toBe(8);
      expectProblem(
        await api.put(
          `/orders/${canceled.id}/`,
          { lines: [{ product_id: product.id, quantity: 1 }] },
          { token: alice.token },
        ),
        409,
        "order_not_editable",
      );
      expectStatus(await api.delete(`/orders/${deleted.id}/`, { token: alice.token }), 204);
      expect(await stockOf(api, staff, product.id)).toBe(10);
    });

    it("When staff cancel an order, then its stock comes back; when they complete one, it stays sold", async () => {
      const product = await createProduct(api, staff, { stock: 10 });
      const toCancel = await orderLines(api, alice.token, [{ product_id: product.id, quantity: 4 }]);
      const toComplete = await orderLines(api, alice.token, [{ product_id: product.id, quantity: 3 }]);
      expect(await stockOf(api, staff, product.id)).toBe(3);
      expectStatus(
        await api.patch(`/staff/orders/${toCancel.order_number}/`, { status: "Canceled" }, { token: staff }),
        200,
      );
      expect(await stockOf(api, staff, product.id)).toBe(7);
      expectStatus(
        await api.patch(`/staff/orders/${toComplete.order_number}/`, { status: "Completed" }, { token: staff }),
        200,
      );
      expect(await stockOf(api, staff, product.id)).toBe(7);
      // A completed order is on record: it cannot be canceled or deleted, so its units stay sold.
      expectProblem(await api.delete(`/orders/${toComplete.id}/`, { token: alice.token }), 409, "order_not_deletable");
      expect(await stockOf(api, staff, product.id)).toBe(7);
    });

    it("When an archived product's order is canceled, then the stock still comes back to it", async () => {
      const product = await createProduct(api, staff, { stock: 5 });
      const order = await orderLines(api, alice.token, [{ product_id: product.id, quantity: 5 }]);
      expectStatus(await api.patch(`/staff/products/${product.id}/`, { active: false }, { token: staff }), 200);
      expectStatus(await api.patch(`/orders/${order.id}/`, { status: "Canceled" }, { token: alice.token }), 200);
      expect(await stockOf(api, staff, product.id)).toBe(5);
    });
  });

  describe("A flash sale", () => {
    /** Orders of one unit each from `customers`, all at once, through `clients` in turn. */
    async function rush(
      clients: ReturnType<typeof client>[],
      customers: TestUser[],
      productId: string,
    ): Promise<ApiResponse<CatalogueOrderBody>[]> {
      return Promise.all(
        customers.map((customer, index) =>
          (clients[index % clients.length] ?? api).post<CatalogueOrderBody>(
            "/orders/",
            { lines: [{ product_id: productId, quantity: 1 }] },
            { token: customer.token },
          ),
        ),
      );
    }

    function expectOutcome(responses: ApiResponse<CatalogueOrderBody>[], created: number): void {
      const statuses = responses.map((response) => response.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(created);
      expect(statuses.filter((status) => status === 409)).toHaveLength(responses.length - created);
      for (const response of responses.filter((r) => r.status === 409)) expectProblem(response, 409, "out_of_stock");
      expect(new Set(responses.filter((r) => r.status === 201).map((r) => r.body.order_number)).size).toBe(created);
    }

    it("When 40 customers order the last 8 units at once, then exactly 8 orders are created, 32 are refused, stock ends at 0", async () => {
      const product = await createProduct(api, staff, { name: uniqueName("Flash kettle"), price: "1500", stock: 8 });
      const customers = await Promise.all(Array.from({ length: 40 }, () => registerAndLogin(api)));
      const responses = await rush([api], customers, product.id);
      expectOutcome(responses, 8);
      expect(await stockOf(api, staff, product.id)).toBe(0);
    });

    it("When two instances share a rush for 4 units, then still exactly 4 are sold and nobody gets a 5xx", async () => {
      const second = await startApi({
        db: getFirestore(initializeApp({ projectId }, `second-instance-${Date.now()}`)),
      });
      try {
        const product = await createProduct(api, staff, { name: uniqueName("Flash radio"), price: "900", stock: 4 });
        const customers = await Promise.all(Array.from({ length: 12 }, () => registerAndLogin(api)));
        const responses = await rush([api, client(second.baseUrl)], customers, product.id);
        expectOutcome(responses, 4);
        expect(await stockOf(api, staff, product.id)).toBe(0);
      } finally {
        await second.close();
      }
    }, 90_000);
  });
});

describe("A shop that takes orders from its catalogue only", () => {
  const api = useApi(() => ({ config: testConfig({ ORDERING: "catalogue_only" }) }));

  it("When a free-text order or edit comes in, then it is a 409 catalogue_only; lines and canceling still work", async () => {
    const [staff, customer] = await Promise.all([staffToken(api), registerAndLogin(api)]);
    const problem = expectProblem(
      await api.post("/orders/", { item: "Laptop", amount: 1200 }, { token: customer.token }),
      409,
      "catalogue_only",
    );
    expect(problem.detail).toMatch(/catalogue only/);
    expectProblem(
      await api.post("/orders/create/", { item: "Laptop", amount: 1200 }, { token: customer.token }),
      409,
      "catalogue_only",
    );
    const product = await createProduct(api, staff, { stock: 3 });
    const order = await orderLines(api, customer.token, [{ product_id: product.id, quantity: 1 }]);
    expectProblem(
      await api.put(`/orders/${order.id}/`, { item: "Laptop", amount: 1 }, { token: customer.token }),
      409,
      "catalogue_only",
    );
    expectStatus(await api.patch(`/orders/${order.id}/`, { status: "Canceled" }, { token: customer.token }), 200);
    expect(await stockOf(api, staff, product.id)).toBe(3);
  });
});
