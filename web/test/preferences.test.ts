/**
 * A customer's choices kept on their profile, per view (a phone in English, a desktop in Swahili):
 * the language (PATCH /me/, shared with the shop's SMS), which follows them to another browser, and
 * SMS stopped and started again from the profile, which staff see on the customer's orders.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/test/support/browser.js";
import { expectStatus } from "../../functions/test/support/http.js";
import { en } from "../src/i18n/en.js";
import { sw } from "../src/i18n/sw.js";
import {
  api,
  appUrl,
  expectSound,
  openPage,
  orderThroughApi,
  PASSWORD,
  signedInCustomer,
  signIn,
  signInStaff,
  VIEWS,
  viewContext,
  type Customer,
} from "./support/app.js";

interface ProfileBody {
  language: "en" | "sw";
  sms_opted_out: boolean;
}

describe.each(VIEWS)("Choices kept on the profile, $name", (view) => {
  const { t } = view;
  const other = t === en ? sw : en;
  const otherCode = t === en ? "sw" : "en";
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let customer: Customer;
  const errors: string[] = [];

  const profileNow = async (): Promise<ProfileBody> => {
    const read = await api.get<ProfileBody>("/me/", { token: customer.token });
    expectStatus(read, 200);
    return read.body;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    context = await viewContext(browser, view);
    page = await openPage(context, errors);
    customer = await signedInCustomer(page, t);
  }, 60_000);

  afterAll(async () => {
    await browser.close();
  });

  it("When they choose the other language, then the profile keeps it and another browser opens in it", async () => {
    await page.getByRole("link", { name: t.frame.profile }).click();
    await page.getByLabel(t.language.label).selectOption(otherCode);
    await page.getByRole("heading", { name: other.profile.title }).waitFor();
    await expect.poll(async () => (await profileNow()).language).toBe(otherCode);

    // Another browser, set to the view's own language, follows the profile once signed in.
    const elsewhere = await viewContext(browser, view);
    const second = await openPage(elsewhere, errors);
    await signIn(second, t, customer.email, PASSWORD);
    await second.getByRole("heading", { name: other.newOrder.title }).waitFor();
    expect(await second.locator("html").getAttribute("lang")).toBe(otherCode);
    await elsewhere.close();

    await page.getByLabel(other.language.label).selectOption(t === en ? "en" : "sw");
    await page.getByRole("heading", { name: t.profile.title }).waitFor();
    await expect.poll(async () => (await profileNow()).language).toBe(t === en ? "en" : "sw");
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When they stop SMS on the profile, then the API has it, staff see it on their orders, and they can start them again", async () => {
    await page.getByText(t.profile.smsOn).waitFor();
    await page.getByRole("button", { name: t.profile.smsStop }).click();
    await page.getByText(t.profile.smsOff).waitFor();
    expect((await profileNow()).sms_opted_out).toBe(true);
    await expectSound(page, view);

    const order = await orderThroughApi(customer, "Soap, 3 bars");
    const desk = await viewContext(browser, view);
    const staffPage = await openPage(desk, errors);
    await signInStaff(staffPage, t);
    await staffPage.goto(`${appUrl}/#/staff/orders/${order.order_number}`);
    await staffPage.locator("#customer-sms-opted-out").getByText(t.staff.optedOut).waitFor();
    await expectSound(staffPage, view);
    await desk.close();

    await page.getByRole("button", { name: t.profile.smsStart }).click();
    await page.getByText(t.profile.smsOn).waitFor();
    expect((await profileNow()).sms_opted_out).toBe(false);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 90_000);
});
