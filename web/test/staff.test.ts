/**
 * The staff desk, per view (a 390 px phone in English, a 1366 px desktop in Swahili): where staff
 * land, a table that fits, Complete on each row, Cancel that asks why, honest SMS states kept live.
 */
import type { Browser, BrowserContext, Locator, Page, Request, Response, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/test/support/browser.js";
import { db } from "../../functions/test/support/firebase.js";
import { expectStatus } from "../../functions/test/support/http.js";
import { provePhone, registerAndLogin, type TestUser } from "../../functions/test/support/users.js";
import { waitFor } from "../../functions/test/support/wait.js";
import {
  api,
  appUrl,
  DESKTOP,
  expectSound,
  openPage,
  orderThroughApi,
  screenshot,
  signInStaff,
  VIEWS,
  viewContext,
  type OrderBody,
} from "./support/app.js";

/**
 * How many lines each matching element's text takes, read in one pass in the page: each new order
 * anywhere reloads the desk, and a row replaced between two reads would count as no lines at all.
 */
function linesOfEach(cells: Locator): Promise<number[]> {
  return cells.evaluateAll(
    (
      nodes: {
        ownerDocument: {
          createRange(): { selectNodeContents(node: unknown): void; getClientRects(): { length: number } };
        };
      }[],
    ) =>
      nodes.map((node) => {
        const range = node.ownerDocument.createRange();
        range.selectNodeContents(node);
        return range.getClientRects().length;
      }),
  );
}

describe.each(VIEWS)("The staff desk, $name", (view) => {
  const { t } = view;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let customer: TestUser;
  const meAnswers: number[] = [];

  const row = (order: OrderBody) => page.locator("tbody tr", { hasText: `#${order.order_number}` });

  /**
   * The desk afresh, showing this test's customer's orders of any status: other tests order at the
   * same time, and each new order reloads the list (where a Pending filter would drop an order
   * just completed).
   */
  async function deskFor(who: TestUser): Promise<void> {
    await page.reload();
    await page.getByLabel(t.staff.status).selectOption("");
    await page.getByLabel(t.staff.customerSearch).fill(who.username);
  }

  async function openDetail(order: OrderBody): Promise<void> {
    await page.goto(`${appUrl}/#/staff/orders/${order.order_number}`);
    await page.getByRole("heading", { name: t.staff.detailTitle(order.order_number) }).waitFor();
    await page.locator(".facts .item-name", { hasText: order.item }).waitFor();
  }

  beforeAll(async () => {
    customer = await registerAndLogin(api);
    await provePhone(api, customer, db());
    browser = await launchChromium();
    context = await viewContext(browser, view);
    page = await openPage(context, errors);
    page.on("response", (response: Response) => {
      if (new URL(response.url()).pathname === "/api/me/") meAnswers.push(response.status());
    });
  }, 60_000);

  afterAll(async () => {
    await browser.close();
  });

  it("When staff sign in, then they land on their desk, and no profile they don't have is asked for", async () => {
    await orderThroughApi(customer, "Maize flour 2 kg", "240");
    await signInStaff(page, t);
    await page.getByRole("heading", { name: t.staff.title, exact: true }).waitFor();
    await page.locator("tbody tr").first().waitFor();
    expect(await page.getByRole("heading", { name: t.newOrder.title }).count()).toBe(0);
    expect(meAnswers).toEqual([]);
    await expectSound(page, view);
    if (view.viewport === DESKTOP) await screenshot(page, "staff-orders-desktop");
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When the desk is shown, then the table fits its card at a desk (or scrolls in its own box on a phone) and amounts keep to one line", async () => {
    const wrap = page.locator(".table-wrap");
    const sizes = await wrap.evaluate((node: { scrollWidth: number; clientWidth: number }) => ({
      scroll: node.scrollWidth,
      client: node.clientWidth,
    }));
    if (view.viewport === DESKTOP) expect(sizes.scroll).toBeLessThanOrEqual(sizes.client);
    const card = await page.locator(".staff .card").boundingBox();
    const table = await wrap.boundingBox();
    expect((table?.x ?? 0) + (table?.width ?? 0)).toBeLessThanOrEqual((card?.x ?? 0) + (card?.width ?? 0));
    const amounts = await linesOfEach(page.locator("tbody td.money"));
    expect(amounts.length).toBeGreaterThan(0);
    expect(amounts.filter((lines) => lines !== 1)).toEqual([]);
    await expectSound(page, view);
  }, 60_000);

  it("When a row's Complete is pressed, then that order is completed in place", async () => {
    const order = await orderThroughApi(customer, "Sugar 1 kg", "150");
    await deskFor(customer);
    await row(order).waitFor();
    await row(order)
      .getByRole("button", { name: t.staff.completeLabel(order.order_number), exact: true })
      .click();
    await row(order).locator(".badge", { hasText: t.status.Completed }).waitFor();
    const read = await api.get<OrderBody>(`/orders/${order.id}/`, { token: customer.token });
    expect(read.body.status).toBe("Completed");
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When a row's order changed since the desk showed it, then Complete changes nothing and the row shows it as it is", async () => {
    const order = await orderThroughApi(customer, "Rice 5 kg", "900");
    await deskFor(customer);
    await row(order).waitFor();
    // Each new order anywhere reloads the desk (other tests order meanwhile): its reloads are held
    // back, so the desk still shows this order as it was before the change below.
    const heldReloads: Route[] = [];
    const deskList = /\/api\/staff\/orders\/\?/;
    await page.route(deskList, (route) => {
      heldReloads.push(route);
    });
    const read = await api.get(`/orders/${order.id}/`, { token: customer.token });
    const edited = await api.patch(
      `/orders/${order.id}/`,
      { item: "Rice 10 kg" },
      {
        token: customer.token,
        headers: { "If-Match": read.headers.get("etag") ?? "" },
      },
    );
    expectStatus(edited, 200);
    await row(order)
      .getByRole("button", { name: t.staff.completeLabel(order.order_number), exact: true })
      .click();
    await row(order).getByRole("alert").getByText(t.problems.precondition_failed).waitFor();
    await row(order).getByText("Rice 10 kg").waitFor();
    expect((await api.get<OrderBody>(`/orders/${order.id}/`, { token: customer.token })).body.status).toBe("Pending");
    await page.unroute(deskList);
    await Promise.all(heldReloads.map((route) => route.continue().catch(() => undefined)));
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When the end date is before the start date, then the field says so and no such list is asked for", async () => {
    const asked: Request[] = [];
    const watch = (request: Request) => {
      const url = new URL(request.url());
      if (url.pathname === "/api/staff/orders/" && url.searchParams.has("to")) asked.push(request);
    };
    page.on("request", watch);
    await page.getByLabel(t.staff.from).fill("2026-12-10");
    await page.getByLabel(t.staff.to).fill("2026-12-01");
    await page.getByText(t.staff.inverted).waitFor();
    expect(await page.getByLabel(t.staff.to).getAttribute("aria-invalid")).toBe("true");
    expect(await page.getByText(t.staff.none).count()).toBe(0);
    await expectSound(page, view);
    page.off("request", watch);
    expect(asked).toEqual([]);
    await page.getByLabel(t.staff.from).fill("");
    await page.getByLabel(t.staff.to).fill("");
  }, 60_000);

  it("When Cancel is pressed, then it asks first and wants a reason; Keep it leaves the order be", async () => {
    const order = await orderThroughApi(customer, "Cooking oil 1 l", "330");
    await openDetail(order);
    await page.getByRole("button", { name: t.staff.cancelOrder }).click();
    const dialog = page.getByRole("dialog", { name: t.staff.cancelTitle(order.order_number) });
    await dialog.waitFor();
    await expectSound(page, view);
    if (view.viewport === DESKTOP) await screenshot(page, "staff-cancel-desktop");
    await dialog.getByRole("button", { name: t.staff.keep }).click();
    await dialog.waitFor({ state: "detached" });
    expect((await api.get<OrderBody>(`/orders/${order.id}/`, { token: customer.token })).body.status).toBe("Pending");

    await page.getByRole("button", { name: t.staff.cancelOrder }).click();
    await dialog.getByRole("button", { name: t.staff.confirmCancel }).click();
    await dialog.getByText(t.staff.reasonRequired).waitFor();
    await dialog.getByLabel(t.staff.reason).fill("Out of stock until Friday");
    await dialog.getByRole("button", { name: t.staff.confirmCancel }).click();
    await page.getByRole("status").getByText(t.staff.now(order.order_number, t.status.Canceled)).waitFor();
    await page
      .locator(".audit")
      .getByText(new RegExp(`${t.status.Pending}.*${t.status.Canceled}`))
      .waitFor();
    expect((await api.get<OrderBody>(`/orders/${order.id}/`, { token: customer.token })).body.status).toBe("Canceled");
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When a customer's number is not proven, then staff read that no SMS goes to it, not that the customer gets one", async () => {
    const unproven = await registerAndLogin(api);
    const order = await orderThroughApi(unproven, "Salt 1 kg", "60");
    await openDetail(order);
    const sms = page.locator(".sms-list");
    await sms.getByText(`${t.staff.confirmation}: ${t.staffSms.notProven}`).waitFor();
    await page.getByRole("button", { name: t.staff.completeOrder }).click();
    const done = page.getByRole("status").getByText(t.staff.now(order.order_number, t.status.Completed));
    await done.waitFor();
    expect(await done.textContent()).not.toMatch(/gets an SMS|SMS/);
    await sms.getByText(`${t.staff.notice(t.status.Completed)}: ${t.staffSms.notProven}`).waitFor({ timeout: 20_000 });
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When an order's SMS moves on while staff have it open, then the page follows without a reload", async () => {
    const order = await orderThroughApi(customer, "Tea leaves 500 g", "320");
    const ref = db().collection("users").doc(customer.uid).collection("orders").doc(order.id);
    await waitFor(
      async () => (await ref.get()).get("sms.status") as string,
      (status) => status === "outbox",
      15_000,
    );
    await openDetail(order);
    const sms = page.locator(".sms-list");
    await sms.getByText(`${t.staff.confirmation}: ${t.staffSms.outbox}`).waitFor();
    // A delivery report arrives (written as the callback writes it): the open page shows it.
    await ref.update({ "sms.delivery_status": "Success" });
    await sms.getByText(`${t.staff.confirmation}: ${t.staffSms.delivered}`).waitFor();

    // The status notice of a change made here goes from on its way to where it went, on its own.
    await page.getByRole("button", { name: t.staff.completeOrder }).click();
    await sms.getByText(`${t.staff.notice(t.status.Completed)}: ${t.staffSms.outbox}`).waitFor({ timeout: 20_000 });
    if (view.viewport === DESKTOP) await screenshot(page, "staff-order-desktop");
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);
});
