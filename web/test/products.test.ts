/**
 * Staff's products, per view (a phone in English, a desktop in Swahili): adding one, changing its
 * price and stock, a change someone else made meanwhile refused and shown (ETag, If-Match), and
 * archiving it, which takes it out of the customers' catalogue.
 */
import { randomUUID } from "node:crypto";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/test/support/browser.js";
import { expectStatus } from "../../functions/test/support/http.js";
import { api, appUrl, expectSound, openPage, signInStaff, staffToken, VIEWS, viewContext } from "./support/app.js";

describe.each(VIEWS)("Staff's products, $name", (view) => {
  const { t } = view;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  const name = `Chai${randomUUID().slice(0, 6)} tea leaves 500 g`;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await viewContext(browser, view);
    page = await openPage(context, errors);
    await signInStaff(page, t);
  }, 60_000);

  afterAll(async () => {
    await browser.close();
  });

  it("When staff add a product, then it is on sale at its price and stock", async () => {
    await page.getByRole("link", { name: t.products.nav }).click();
    await page.getByRole("heading", { name: t.products.title, level: 1 }).waitFor();
    await page.getByLabel(t.products.name, { exact: true }).fill(name);
    await page.getByLabel(t.products.price, { exact: true }).fill("250");
    await page.getByLabel(t.products.stock, { exact: true }).fill("12");
    await page.getByRole("button", { name: t.products.addButton }).click();
    await page.getByRole("link", { name }).waitFor();
    await expectSound(page, view);
    const found = await api.get<{ name: string; price: string; stock: number }[]>(
      `/products/?q=${encodeURIComponent(name.slice(0, 10))}`,
      { token: await staffToken() },
    );
    expectStatus(found, 200);
    expect(found.body.map(({ price, stock }) => ({ price, stock }))).toEqual([{ price: "250.00", stock: 12 }]);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When staff change price and stock, and someone else changed it meanwhile, then nothing is saved and it shows as it is", async () => {
    await page.getByRole("link", { name }).click();
    await page.getByRole("heading", { name, level: 1 }).waitFor();
    const id = new URL(page.url()).hash.split("/").pop() ?? "";
    await page.getByLabel(t.products.price, { exact: true }).fill("275.50");
    await page.getByLabel(t.products.stock, { exact: true }).fill("30");
    await page.getByRole("button", { name: t.products.save }).click();
    await page.getByRole("status").getByText(t.products.saved).waitFor();
    await expectSound(page, view);

    // Another staff member changes the stock while this page shows the product.
    const elsewhere = await api.patch(`/staff/products/${id}/`, { stock: 7 }, { token: await staffToken() });
    expectStatus(elsewhere, 200);
    await page.getByLabel(t.products.price, { exact: true }).fill("300");
    await page.getByRole("button", { name: t.products.save }).click();
    await page.getByRole("status").getByText(t.products.changed).waitFor();
    expect(await page.getByLabel(t.products.stock, { exact: true }).inputValue()).toBe("7");
    expect(await page.getByLabel(t.products.price, { exact: true }).inputValue()).toBe("275.50");
    await expectSound(page, view);
  }, 60_000);

  it("When staff archive it, then customers no longer find it", async () => {
    await page.getByRole("button", { name: t.products.archive }).click();
    await page.getByRole("heading", { name: t.products.title, level: 1 }).waitFor();
    await expect.poll(() => page.getByRole("link", { name }).count()).toBe(0);
    const found = await api.get<unknown[]>(`/products/?q=${encodeURIComponent(name.slice(0, 10))}`, {
      token: await staffToken(),
    });
    expectStatus(found, 200);
    expect(found.body).toEqual([]);
    await page.goto(`${appUrl}/#/staff/products`);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);
});
