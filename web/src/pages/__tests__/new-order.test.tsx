import { fireEvent, screen } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { en as t } from "../../i18n/en.js";
import { FakeApi, json, order, PROFILE, renderPage } from "../../test-support/harness.js";
import { NewOrder } from "../parts/new-order.js";

function fill(item: string, amount: string): void {
  fireEvent.input(screen.getByLabelText(t.newOrder.item), { target: { value: item } });
  fireEvent.input(screen.getByLabelText(t.newOrder.amount), { target: { value: amount } });
}

const place = () => {
  fireEvent.click(screen.getByRole("button", { name: t.newOrder.place }));
};

describe("Placing an order", () => {
  it("When the phone is offline, then nothing is lost: it says a connection is needed, and placing it again reuses the key", async () => {
    let online = false;
    const placed = order({ item: "Tea 500 g" });
    const api = new FakeApi().on("POST", "/orders/", () => {
      if (!online) throw new TypeError("Failed to fetch");
      return json(placed, { status: 201 });
    });
    renderPage(<NewOrder onPlaced={() => undefined} />, { api });
    fill("Tea 500 g", "320");
    place();
    expect((await screen.findByRole("alert")).textContent).toBe(t.newOrder.offline);
    expect(screen.getByLabelText<HTMLInputElement>(t.newOrder.item).value).toBe("Tea 500 g");
    online = true;
    place();
    await screen.findByText(new RegExp(t.newOrder.placed(placed.order_number)));
    const [offline, back] = api.callsTo("POST", "/orders/");
    expect(back?.headers.get("Idempotency-Key")).toBe(offline?.headers.get("Idempotency-Key"));
  });

  it("When an item is longer than the API takes, then it is kept whole, the field says so and nothing is sent", async () => {
    const api = new FakeApi();
    renderPage(<NewOrder onPlaced={() => undefined} />, { api });
    const long = "x".repeat(300);
    fill(long, "10");
    expect(screen.getByLabelText<HTMLInputElement>(t.newOrder.item).value).toHaveLength(300);
    expect(screen.getByText(t.newOrder.itemTooLong(300, 255))).toBeTruthy();
    place();
    await screen.findByRole("alert");
    expect(api.calls).toEqual([]);
  });

  it("When the order is placed, then the message says what the SMS will do, honestly", async () => {
    const placed = order();
    const api = new FakeApi().on("POST", "/orders/", () => json(placed, { status: 201 }));
    renderPage(<NewOrder onPlaced={() => undefined} />, {
      api,
      profile: { ...PROFILE, phone_verified: false, created_at: placed.created_at },
    });
    fill(placed.item, "240");
    place();
    const message = await screen.findByRole("status");
    expect(message.textContent).toContain(t.newOrder.placedNoSms);
    expect(message.textContent).not.toMatch(/text you when/);
  });
});
