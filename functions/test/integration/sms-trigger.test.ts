/** End to end in the Emulator Suite: the API, the Firestore trigger and the local outbox. */
import { describe, expect, it } from "vitest";
import { db } from "../support/firebase.js";
import { client, expectStatus } from "../support/http.js";
import type { OrderBody } from "../support/orders.js";
import { waitFor } from "../support/wait.js";
import { verifiedCustomer } from "../support/users.js";

describe("Order confirmation SMS in the Emulator Suite", () => {
  it("When an order is created through the API, then the trigger writes exactly one outbox message within 10 s", async () => {
    const api = client(String(process.env.API_BASE_URL));
    const user = await verifiedCustomer(api);
    const created = await api.post<OrderBody>("/orders/", { item: "Laptop", amount: 1200 }, { token: user.token });
    expectStatus(created, 201);
    const order = created.body;

    const final = await waitFor(
      () => api.get<OrderBody>(`/orders/${order.id}/`, { token: user.token }),
      (response) => response.body.sms.status !== "pending" && response.body.sms.status !== "sending",
      10_000,
    );
    expect(final.body.sms).toMatchObject({ status: "outbox", channel: "outbox", attempts: 1, error_code: null });

    // The number got two messages: the code that proved it (through the verification trigger), then the confirmation.
    const outbox = await db().collection("sms_outbox").where("to", "==", user.phone_number).get();
    const byId = new Map(outbox.docs.map((doc) => [doc.id, String(doc.get("message"))]));
    expect([...byId.keys()].filter((id) => id.endsWith("-confirmation"))).toEqual([`${order.id}-confirmation`]);
    expect([...byId.keys()].filter((id) => id.endsWith("-code"))).toHaveLength(1);
    expect(byId.get(`${order.id}-confirmation`)).toBe(
      `Dear ${user.username}, your order #${order.order_number} for Laptop amounting to 1200.00 has been received.`,
    );
  });
});
