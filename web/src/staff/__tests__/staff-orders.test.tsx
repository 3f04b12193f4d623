import type { StaffOrder } from "@customer-orders/client";
import { fireEvent, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { en as t } from "../../i18n/en.js";
import { FakeApi, json, order, renderPage } from "../../test-support/harness.js";
import { StaffOrders } from "../staff-orders.js";

const row: StaffOrder = {
  ...order({ id: "o1", item: "Rice 5 kg", order_number: "RI20261201080000" }),
  customer: { uid: "c1", username: "achieng", phone_number: "+254712000111" },
  audit: [],
};

describe("The staff desk", () => {
  it("When the end date is before the start date, then the field says so and nothing is asked", async () => {
    const api = new FakeApi().on("GET", "/staff/orders/", () => json([row]));
    renderPage(<StaffOrders />, { api, staff: true, profile: "incomplete" });
    await screen.findByText("Rice 5 kg");
    const before = api.callsTo("GET", "/staff/orders/").length;
    fireEvent.input(screen.getByLabelText(t.staff.from), { target: { value: "2026-12-05" } });
    fireEvent.input(screen.getByLabelText(t.staff.to), { target: { value: "2026-12-01" } });
    await screen.findByText(t.staff.inverted);
    expect(screen.getByLabelText(t.staff.to).getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByText(t.staff.none)).toBeNull();
    // Only the start date went out; the inverted range never did.
    const asked = api.callsTo("GET", "/staff/orders/").slice(before);
    expect(asked.every((call) => !call.query.has("to"))).toBe(true);
  });

  it("When Complete is pressed on a row, then the order is read, checked against the row and changed with its ETag", async () => {
    const api = new FakeApi()
      .on("GET", "/staff/orders/", () => json([row]))
      .on("GET", `/staff/orders/${row.order_number}/`, () => json(row, { headers: { ETag: '"7"' } }))
      .on("PATCH", `/staff/orders/${row.order_number}/`, () =>
        json({ ...row, status: "Completed" }, { headers: { ETag: '"8"' } }),
      );
    renderPage(<StaffOrders />, { api, staff: true });
    fireEvent.click(await screen.findByRole("button", { name: t.staff.completeLabel(row.order_number) }));
    await screen.findByText(t.staff.completed(row.order_number));
    const [patch] = api.callsTo("PATCH", `/staff/orders/${row.order_number}/`);
    expect(patch?.headers.get("If-Match")).toBe('"7"');
    expect(patch?.body).toEqual({ status: "Completed" });
    expect(document.querySelector("tbody .badge")?.textContent).toBe(t.status.Completed);
  });

  it("When the row's order changed meanwhile, then Complete changes nothing and the row shows it as it is", async () => {
    const api = new FakeApi()
      .on("GET", "/staff/orders/", () => json([row]))
      .on("GET", `/staff/orders/${row.order_number}/`, () =>
        json({ ...row, item: "Rice 10 kg" }, { headers: { ETag: '"9"' } }),
      );
    renderPage(<StaffOrders />, { api, staff: true });
    fireEvent.click(await screen.findByRole("button", { name: t.staff.completeLabel(row.order_number) }));
    await screen.findByText(t.problems.precondition_failed);
    await waitFor(() => {
      expect(screen.getByText("Rice 10 kg")).toBeTruthy();
    });
    expect(api.callsTo("PATCH", `/staff/orders/${row.order_number}/`)).toEqual([]);
  });
});
