/**
 * The shop's day at the staff desk, per view (a phone in English, a desktop in Swahili): new orders
 * arriving live with their count (in the tab's title too), a search by customer, a cancellation whose
 * reason reaches the customer's history, the day's report with the day before a click away, and the
 * day's orders as a CSV file.
 */
import { readFileSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/test/support/browser.js";
import { db } from "../../functions/test/support/firebase.js";
import { expectStatus } from "../../functions/test/support/http.js";
import { provePhone, registerAndLogin, type TestUser } from "../../functions/test/support/users.js";
import {
  api,
  appUrl,
  expectSound,
  openPage,
  orderThroughApi,
  signInStaff,
  staffToken,
  VIEWS,
  viewContext,
} from "./support/app.js";

describe.each(VIEWS)("The shop's day at the staff desk, $name", (view) => {
  const { t } = view;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let customer: TestUser;
  const errors: string[] = [];

  beforeAll(async () => {
    customer = await registerAndLogin(api);
    await provePhone(api, customer, db());
    browser = await launchChromium();
    context = await viewContext(browser, view);
    page = await openPage(context, errors);
    await signInStaff(page, t);
  }, 60_000);

  afterAll(async () => {
    await browser.close();
  });

  it("When orders are placed while the desk is open, then they join the list and their count shows, in the title too", async () => {
    await page.getByRole("heading", { name: t.staff.title, level: 1 }).waitFor();
    const first = await orderThroughApi(customer, "Day one: tea leaves", "120");
    const second = await orderThroughApi(customer, "Day one: sugar", "160");
    // Other tests place orders in the same emulators meanwhile: the count is at least these two.
    const counted = async () => Number(/\d+/.exec((await page.locator("#new-orders").textContent()) ?? "")?.[0] ?? 0);
    await expect.poll(counted, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
    const title = await page.title();
    expect(Number(/^\((\d+)\) /.exec(title)?.[1] ?? 0), title).toBeGreaterThanOrEqual(2);
    await page.getByRole("link", { name: first.order_number }).first().waitFor();
    await page.getByRole("link", { name: second.order_number }).first().waitFor();
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When staff search by customer, then only that customer's orders are listed", async () => {
    const other = await registerAndLogin(api);
    await provePhone(api, other, db());
    const theirs = await orderThroughApi(other, "Someone else's flour", "90");
    await page.goto(`${appUrl}/#/staff`);
    await page.getByRole("link", { name: theirs.order_number }).first().waitFor();
    await page.getByLabel(t.staff.customerSearch, { exact: true }).fill(customer.username.slice(0, 10));
    await page
      .getByRole("cell", { name: /Day one: sugar/ })
      .first()
      .waitFor();
    await expect.poll(() => page.getByRole("link", { name: theirs.order_number }).count()).toBe(0);
    await expectSound(page, view);
  }, 60_000);

  it("When staff cancel with a reason, then the reason is in the customer's history of the order", async () => {
    const order = await orderThroughApi(customer, "Day one: milk", "60");
    await page.goto(`${appUrl}/#/staff/orders/${order.order_number}`);
    await page.getByRole("button", { name: t.staff.cancelOrder }).click();
    const dialog = page.getByRole("dialog");
    await dialog.getByLabel(t.staff.reason, { exact: true }).fill("Out of milk today");
    await dialog.getByRole("button", { name: t.staff.confirmCancel }).click();
    await page.getByText(t.status.Canceled).first().waitFor();
    const read = await api.get<{ history: { status: string; reason: string | null }[] }>(`/orders/${order.id}/`, {
      token: customer.token,
    });
    expectStatus(read, 200);
    expect(read.body.history.find((entry) => entry.status === "Canceled")?.reason).toBe("Out of milk today");
  }, 60_000);

  it("When staff open Today, then the day's figures are the API's, the day before is a click away, and the orders download as CSV", async () => {
    await page.getByRole("link", { name: t.today.nav }).click();
    const heading = page.getByRole("heading", { level: 1 });
    await heading.filter({ hasText: /\d{4}-\d{2}-\d{2}/ }).waitFor();
    const report = await api.get<{ date: string; orders: { placed: { count: number } } }>("/staff/reports/daily/", {
      token: await staffToken(),
    });
    expectStatus(report, 200);
    await expect
      .poll(async () => Number(await page.locator("#today-placed-count").textContent()))
      .toBeGreaterThanOrEqual(3);
    await expectSound(page, view);

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: t.today.csv }).click();
    const file = await download;
    const csv = readFileSync(await file.path(), "utf8");
    expect(csv).toContain("Day one: tea leaves");
    expect(file.suggestedFilename()).toBe(`orders-${report.body.date}.csv`);

    await page.getByRole("link", { name: t.today.previous }).click();
    await page.getByRole("link", { name: t.today.next }).waitFor();
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);
});
