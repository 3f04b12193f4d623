import type { StaffOrder } from "@customer-orders/client";
import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { en as t } from "../../i18n/en.js";
import { FakeApi, json, order, renderPage } from "../../test-support/harness.js";
import { StaffOrderPage } from "../staff-order.js";

const base: StaffOrder = {
  ...order({ id: "o1", item: "Rice 5 kg", order_number: "RI20261201080000" }),
  customer: { uid: "c1", username: "achieng", phone_number: "+254712000111" },
  audit: [],
  status_messages: [],
};
const path = `/staff/orders/${base.order_number}/`;

describe("One order on the staff side", () => {
  it("When Cancel is pressed, then it asks first, needs a reason, and Keep it changes nothing", async () => {
    const api = new FakeApi()
      .on("GET", path, () => json(base, { headers: { ETag: '"2"' } }))
      .on("PATCH", path, () => json({ ...base, status: "Canceled" }, { headers: { ETag: '"3"' } }));
    renderPage(<StaffOrderPage number={base.order_number} />, { api, staff: true });
    fireEvent.click(await screen.findByRole("button", { name: t.staff.cancelOrder }));
    const dialog = await screen.findByRole("dialog", { name: t.staff.cancelTitle(base.order_number) });
    fireEvent.click(within(dialog).getByRole("button", { name: t.staff.keep }));
    await waitFor(() => {
      expect(screen.queryByRole("dialog")).toBeNull();
    });
    expect(api.callsTo("PATCH", path)).toEqual([]);

    fireEvent.click(screen.getByRole("button", { name: t.staff.cancelOrder }));
    const again = await screen.findByRole("dialog");
    fireEvent.click(within(again).getByRole("button", { name: t.staff.confirmCancel }));
    await within(again).findByText(t.staff.reasonRequired);
    expect(api.callsTo("PATCH", path)).toEqual([]);
    fireEvent.input(within(again).getByLabelText(t.staff.reason), { target: { value: "Out of stock" } });
    fireEvent.click(within(again).getByRole("button", { name: t.staff.confirmCancel }));
    await screen.findByText(t.staff.now(base.order_number, t.status.Canceled));
    const [patch] = api.callsTo("PATCH", path);
    expect(patch?.headers.get("If-Match")).toBe('"2"');
    expect(patch?.body).toMatchObject({ status: "Canceled" });
  });

  it("When a status notice is on its way, then the page asks again until it has settled, and says so", async () => {
    let reads = 0;
    const api = new FakeApi().on("GET", path, () => {
      reads++;
      const sms = { ...base.sms, status: reads < 2 ? ("pending" as const) : ("outbox" as const) };
      return json(
        { ...base, status: "Completed", status_messages: [{ to_status: "Completed", sms }] },
        { headers: { ETag: '"4"' } },
      );
    });
    renderPage(<StaffOrderPage number={base.order_number} />, { api, staff: true });
    await screen.findByText(`${t.staff.notice(t.status.Completed)}: ${t.staffSms.waiting}`);
    await screen.findByText(`${t.staff.notice(t.status.Completed)}: ${t.staffSms.outbox}`, undefined, {
      timeout: 5_000,
    });
    const settledReads = reads;
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(reads).toBe(settledReads);
  });
});
