/** Staff fulfilment: the role, every customer's orders, status changes with audit and SMS, delivery reports. */
import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { handleMessageEvent } from "../../src/entry-points/sms-handlers.js";
import { createOutboxSender } from "../../src/sms/senders/outbox.js";
import { auth, db } from "../support/firebase.js";
import { expectProblem, expectStatus, type Client } from "../support/http.js";
import { createOrder, type OrderBody } from "../support/orders.js";
import { testConfig, useApi } from "../support/server.js";
import { waitFor } from "../support/wait.js";
import { registerAndLogin, verifiedCustomer, type TestUser } from "../support/users.js";
import { deliveryDeps } from "../support/messages.js";

const root = resolve(__dirname, "../../..");
const CALLBACK_TOKEN = "test-callback-token-0123456789";

interface StaffOrder extends OrderBody {
  customer: { uid: string; username: string; phone_number: string };
  audit: { by: string; at: string; from: string; to: string }[];
}

function staffCommand(action: "grant" | "revoke", ...target: string[]): string {
  return execFileSync(
    process.execPath,
    [resolve(root, "node_modules/tsx/dist/cli.mjs"), "scripts/staff.ts", action, ...target],
    {
      cwd: root,
      encoding: "utf8",
      env: process.env,
      timeout: 60_000,
    },
  );
}

async function refreshed(api: Client, user: TestUser): Promise<string> {
  const response = await api.post<{ token: string }>("/token/refresh/", { refresh_token: user.refresh_token });
  expectStatus(response, 200);
  return response.body.token;
}

describe("Staff fulfilment", () => {
  const api = useApi(() => ({ config: testConfig({ AT_CALLBACK_TOKEN: CALLBACK_TOKEN }) }));
  let staffUser: TestUser;
  let staffToken: string;
  let customer: TestUser;

  beforeAll(async () => {
    [staffUser, customer] = await Promise.all([registerAndLogin(api), verifiedCustomer(api)]);
    // Staff by proof: the new hire verified the email (as Firebase's verification link does).
    await auth().updateUser(staffUser.uid, { emailVerified: true });
    expect(staffCommand("grant", staffUser.email)).toContain("Granted the staff role");
    staffToken = await refreshed(api, staffUser);
  });

  it("When staff list orders, then they see every customer's orders with the customer, newest first, filterable", async () => {
    const other = await registerAndLogin(api);
    const mine = await createOrder(api, customer.token, { item: "Desk", amount: 100 });
    const theirs = await createOrder(api, other.token, { item: "Lamp", amount: 20 });
    const response = await api.get<StaffOrder[]>("/staff/orders/?limit=100", { token: staffToken });
    expectStatus(response, 200);
    const ids = response.body.map((order) => order.id);
    expect(ids).toEqual(expect.arrayContaining([mine.id, theirs.id]));
    expect(ids.indexOf(theirs.id)).toBeLessThan(ids.indexOf(mine.id));
    expect(response.body.find((order) => order.id === mine.id)?.customer).toEqual({
      uid: customer.uid,
      username: customer.username,
      phone_number: customer.phone_number,
    });

    const window = await api.get<StaffOrder[]>(
      `/staff/orders/?from=${encodeURIComponent(theirs.created_at)}&to=${encodeURIComponent(theirs.created_at)}`,
      { token: staffToken },
    );
    expect(window.body.map((order) => order.id)).toContain(theirs.id);
    expect(window.body.map((order) => order.id)).not.toContain(mine.id);

    const firstPage = await api.get<StaffOrder[]>("/staff/orders/?limit=1", { token: staffToken });
    expect(firstPage.body).toHaveLength(1);
    expect(firstPage.headers.get("link")).toMatch(/rel="next"/);
  });

  it("When staff complete a pending order, then it is audited, the customer gets exactly one status SMS, and a repeat changes nothing", async () => {
    const order = await createOrder(api, customer.token, { item: "Laptop", amount: 1200 });
    const path = `/staff/orders/${order.order_number}/`;
    expectProblem(
      await api.patch(path, { status: "Completed" }, { token: staffToken, headers: { "If-Match": '"7"' } }),
      412,
      "precondition_failed",
    );
    const completed = await api.patch<StaffOrder>(
      path,
      { status: "Completed" },
      { token: staffToken, headers: { "If-Match": '"1"' } },
    );
    expectStatus(completed, 200);
    expect(completed.body.status).toBe("Completed");
    // The order names the staff member by username; their uid is only in the staff-only audit log.
    expect(completed.body.audit).toEqual([
      { by: staffUser.username, at: expect.any(String), from: "Pending", to: "Completed", reason: null },
    ]);
    expect(completed.headers.get("etag")).toBe('"2"');
    const logged = await db().collection("audit_log").where("order_number", "==", order.order_number).get();
    expect(logged.docs.map((doc) => doc.data())).toEqual([
      expect.objectContaining({ staff_uid: staffUser.uid, staff_username: staffUser.username, to: "Completed" }),
    ]);
    const read = await api.get<StaffOrder>(path, { token: staffToken });
    expectStatus(read, 200);
    expect(read.body).toMatchObject({ order_number: order.order_number, status: "Completed" });
    expect(read.headers.get("etag")).toBe('"2"');

    const outboxId = `${order.id}-status-completed`;
    const message = await waitFor(
      () => db().collection("sms_outbox").doc(outboxId).get(),
      (snapshot) => snapshot.exists,
    );
    expect(message.data()?.message).toBe(
      `Dear ${customer.username}, your order #${order.order_number} has been completed.`,
    );
    expect(message.data()?.to).toBe(customer.phone_number);

    expectProblem(
      await api.patch(path, { status: "Completed" }, { token: staffToken }),
      409,
      "invalid_status_transition",
    );
    expectProblem(
      await api.patch(path, { status: "Canceled" }, { token: staffToken }),
      409,
      "invalid_status_transition",
    );

    // The same trigger event again sends nothing: the notification's SMS is already final.
    const notification = db().doc(
      `users/${customer.uid}/orders/${order.id}/notifications/${order.id}-status-completed`,
    );
    await waitFor(
      () => notification.get(),
      (snapshot) => (snapshot.data() as { sms: { status: string } } | undefined)?.sms.status === "outbox",
    );
    const again = await handleMessageEvent(
      { id: "repeated-event", time: new Date().toISOString(), document: notification.path },
      deliveryDeps(db(), createOutboxSender(db())),
    );
    expect(again).toEqual({ kind: "skipped", reason: "already_final" });
    // Staff see the status SMS and where it stands when they open the order; lists leave it out.
    const reread = await api.get<StaffOrder & { status_messages?: { to_status: string; sms: { status: string } }[] }>(
      path,
      { token: staffToken },
    );
    expect(reread.body.status_messages).toEqual([
      { to_status: "Completed", sms: expect.objectContaining({ status: "outbox", channel: "outbox" }) },
    ]);
    const listed = await api.get<(StaffOrder & { status_messages?: unknown })[]>("/staff/orders/", {
      token: staffToken,
    });
    expect(listed.body.find((entry) => entry.order_number === order.order_number)?.status_messages).toBeUndefined();
    const messages = await db().collection("sms_outbox").where("to", "==", customer.phone_number).get();
    expect(messages.docs.filter((doc) => doc.id.startsWith(`${order.id}-status`))).toHaveLength(1);

    const seenByCustomer = await api.get<OrderBody>(`/orders/${order.id}/`, { token: customer.token });
    expect(seenByCustomer.body.status).toBe("Completed");
  });

  it("When staff try to edit item or amount, or use a status other than Completed or Canceled, then the answer is 400", async () => {
    const order = await createOrder(api, customer.token);
    const path = `/staff/orders/${order.order_number}/`;
    const edit = expectProblem(
      await api.patch(path, { item: "Changed" }, { token: staffToken }),
      400,
      "validation_error",
    );
    expect(edit.errors).toContainEqual({ field: "item", message: expect.any(String) });
    expectProblem(await api.patch(path, { status: "Pending" }, { token: staffToken }), 400, "validation_error");
    expectProblem(
      await api.patch("/staff/orders/XX20990101000000/", { status: "Completed" }, { token: staffToken }),
      404,
      "order_not_found",
    );
  });

  it("When a customer calls a staff route, then the answer is 403; when staff call customer routes, the normal rules apply", async () => {
    const order = await createOrder(api, customer.token);
    expectProblem(await api.get("/staff/orders/", { token: customer.token }), 403, "staff_only");
    expectProblem(
      await api.patch(`/staff/orders/${order.order_number}/`, { status: "Completed" }, { token: customer.token }),
      403,
      "staff_only",
    );
    expectProblem(await api.get(`/orders/${order.id}/`, { token: staffToken }), 404, "order_not_found");
    expectProblem(await api.get("/staff/orders/"), 401, "not_authenticated");
    const own = await api.get<OrderBody[]>("/orders/", { token: staffToken });
    expect(own.body.map((o) => o.id)).not.toContain(order.id);
  });

  it("When the role is revoked, then the staff token is refused at once, before any refresh", async () => {
    const temporary = await registerAndLogin(api);
    staffCommand("grant", "--uid", temporary.uid);
    const granted = await refreshed(api, temporary);
    expectStatus(await api.get("/staff/orders/", { token: granted }), 200);
    expect(staffCommand("revoke", temporary.email)).toContain("Revoked the staff role");
    // The token still carries the claim; the account no longer does, and the API reads the account.
    expectProblem(await api.get("/staff/orders/", { token: granted }), 403, "staff_only");
    expect((await db().doc(`staff/${temporary.uid}`).get()).exists).toBe(false);
  });

  it("When someone registered the new hire's email first, then granting staff by that email is refused", async () => {
    const squatter = await registerAndLogin(api);
    expect(() => staffCommand("grant", squatter.email)).toThrow(/is not verified/);
    const token = await refreshed(api, squatter);
    expectProblem(await api.get("/staff/orders/", { token }), 403, "staff_only");
    expect((await db().doc(`staff/${squatter.uid}`).get()).exists).toBe(false);
  });

  describe("Delivery reports", () => {
    const form = (fields: Record<string, string>) => ({
      raw: new URLSearchParams(fields).toString(),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });

    it("When the message id is unknown, then the report is acknowledged and ignored", async () => {
      const response = await api.post(
        `/sms/delivery-reports/${CALLBACK_TOKEN}/`,
        undefined,
        form({ id: "ATXid_nobody", status: "Success" }),
      );
      expectStatus(response, 200);
      expect(response.body).toEqual({ status: "ignored" });
    });

    it("When the callback token is wrong or the body is not a form, then the report is refused", async () => {
      expectProblem(
        await api.post("/sms/delivery-reports/wrong-token/", undefined, form({ id: "x", status: "Success" })),
        403,
        "invalid_callback_token",
      );
      expectProblem(
        await api.post(`/sms/delivery-reports/${CALLBACK_TOKEN}/`, { id: "x", status: "Success" }),
        415,
        "unsupported_media_type",
      );
      const missing = expectProblem(
        await api.post(`/sms/delivery-reports/${CALLBACK_TOKEN}/`, undefined, form({ status: "Success" })),
        400,
        "validation_error",
      );
      expect(missing.errors).toContainEqual({ field: "id", message: expect.any(String) });
      expectProblem(
        await api.post(
          `/sms/delivery-reports/${CALLBACK_TOKEN}/`,
          undefined,
          form({ id: "x", status: "Success", failureReason: "x".repeat(5000) }),
        ),
        413,
        "payload_too_large",
      );
    });
  });
});
