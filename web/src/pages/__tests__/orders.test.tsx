import { fireEvent, screen, waitFor, within } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { en as t } from "../../i18n/en.js";
import { FakeApi, json, later, order, problem, renderPage } from "../../test-support/harness.js";
import { Orders } from "../orders.js";

const pending = order({ id: "p1", item: "Sugar 1 kg", order_number: "SU20261201080000" });
const completed = order({ id: "c1", item: "Salt 1 kg", status: "Completed", order_number: "SA20261201080000" });

describe("The customer's orders page", () => {
  it("When the list is on its way, then it says so instead of showing an empty card", async () => {
    const answer = later<Response>();
    const api = new FakeApi().on("GET", "/orders/", () => answer.promise);
    renderPage(<Orders />, { api });
    expect(screen.getByRole("status").textContent).toBe(t.orders.loading);
    expect(screen.queryByText(t.orders.empty)).toBeNull();
    answer.resolve(json([pending]));
    await screen.findByText("Sugar 1 kg");
    expect(screen.queryByText(t.orders.loading)).toBeNull();
  });

  it("When the filter changes, then the old orders go at once and a slow earlier answer never comes back", async () => {
    const first = later<Response>();
    const api = new FakeApi().on("GET", "/orders/", (call) =>
      call.query.get("status") === "Completed" ? json([completed]) : first.promise,
    );
    renderPage(<Orders />, { api });
    fireEvent.change(screen.getByLabelText(t.orders.show), { target: { value: "Completed" } });
    await screen.findByText("Salt 1 kg");
    // The answer to the first request (all orders) arrives late: it is for filters no longer shown.
    first.resolve(json([pending]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(screen.queryByText("Sugar 1 kg")).toBeNull();
    expect(screen.getByText("Salt 1 kg")).toBeTruthy();
  });

  it("When the filter changes, then no order of the old filter stays under the new one while it loads", async () => {
    const completedAnswer = later<Response>();
    const api = new FakeApi().on("GET", "/orders/", (call) =>
      call.query.get("status") === "Completed" ? completedAnswer.promise : json([pending]),
    );
    renderPage(<Orders />, { api });
    await screen.findByText("Sugar 1 kg");
    fireEvent.change(screen.getByLabelText(t.orders.show), { target: { value: "Completed" } });
    await waitFor(() => {
      expect(screen.queryByText("Sugar 1 kg")).toBeNull();
    });
    expect(screen.getByText(t.orders.loading)).toBeTruthy();
  });

  it("When a listed order is edited, then the change carries the ETag of the state it began from", async () => {
    const api = new FakeApi()
      .on("GET", "/orders/", () => json([pending]))
      .on("GET", "/orders/p1/", () => json(pending, { headers: { ETag: '"3"' } }))
      .on("PATCH", "/orders/p1/", (call) =>
        json({ ...pending, ...(call.body as object) }, { headers: { ETag: '"4"' } }),
      );
    renderPage(<Orders />, { api });
    const entry = (await screen.findByText("Sugar 1 kg")).closest("li");
    if (!entry) throw new Error("no list entry");
    fireEvent.click(within(entry).getByRole("button", { name: t.order.edit }));
    const item = await within(entry).findByLabelText(t.order.item);
    fireEvent.input(item, { target: { value: "Sugar 2 kg" } });
    fireEvent.click(within(entry).getByRole("button", { name: t.order.save }));
    await within(entry).findByText(t.order.saved);
    const [patch] = api.callsTo("PATCH", "/orders/p1/");
    expect(patch?.headers.get("If-Match")).toBe('"3"');
    expect(patch?.body).toEqual({ item: "Sugar 2 kg", amount: "240.00" });
    expect(within(entry).getByText("Sugar 2 kg")).toBeTruthy();
  });

  it("When the order changed since the list was read, then Edit shows it as it is and changes nothing", async () => {
    const api = new FakeApi()
      .on("GET", "/orders/", () => json([pending]))
      .on("GET", "/orders/p1/", () => json({ ...pending, item: "Sugar 5 kg" }, { headers: { ETag: '"2"' } }));
    renderPage(<Orders />, { api });
    const entry = (await screen.findByText("Sugar 1 kg")).closest("li");
    if (!entry) throw new Error("no list entry");
    fireEvent.click(within(entry).getByRole("button", { name: t.order.edit }));
    await within(entry).findByText(t.problems.precondition_failed);
    expect(within(entry).getByText("Sugar 5 kg")).toBeTruthy();
    expect(within(entry).queryByLabelText(t.order.item)).toBeNull();
    expect(api.callsTo("PATCH", "/orders/p1/")).toEqual([]);
  });

  it("When the shop cannot be reached, then the last orders this phone saw are shown, marked as saved", async () => {
    let online = true;
    const api = new FakeApi().on("GET", "/orders/", () => {
      if (!online) throw new TypeError("Failed to fetch");
      return json([pending]);
    });
    const view = renderPage(<Orders />, { api });
    await screen.findByText("Sugar 1 kg");
    view.unmount();
    online = false;
    renderPage(<Orders />, { api });
    await screen.findByText("Sugar 1 kg");
    expect(screen.getByText(/^Saved on this phone /)).toBeTruthy();
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("When a list fails for another reason, then the problem is shown and nothing saved pretends to be current", async () => {
    const api = new FakeApi().on("GET", "/orders/", () => problem(503, "backend_unavailable"));
    renderPage(<Orders />, { api });
    expect((await screen.findByRole("alert")).textContent).toBe(t.problems.backend_unavailable);
  });
});
