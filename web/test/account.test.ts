/**
 * Signing in, a forgotten password and a verified email, per view (a phone in English, a desktop in
 * Swahili). The Auth emulator keeps the emails it would send (/emulator/v1/projects/<id>/oobCodes); the
 * tests follow their links to the app's own page, as the emails do once the project's email action
 * URL is the site.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../functions/test/support/browser.js";
import type { TestUser } from "../../functions/test/support/users.js";
import { waitFor } from "../../functions/test/support/wait.js";
import {
  api,
  appLinkFor,
  appUrl,
  emailLinks,
  expectSound,
  openPage,
  PASSWORD,
  signIn,
  uniquePhoneNumber,
  VIEWS,
  viewContext,
  customerIn,
} from "./support/app.js";

describe.each(VIEWS)("An account's sign-in, password and email, $name", (view) => {
  const { t } = view;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];
  let user: TestUser;

  beforeAll(async () => {
    browser = await launchChromium();
    context = await viewContext(browser, view);
    page = await openPage(context, errors);
    user = await customerIn(t);
  }, 60_000);

  afterAll(async () => {
    await browser.close();
  });

  it("When the password is wrong or the email unknown, then the person reads that they don't match an account", async () => {
    await signIn(page, t, user.email, "not the password");
    await page.getByRole("alert").getByText(t.authProblems["auth/invalid-credential"]).waitFor();
    await expectSound(page, view);
    await signIn(page, t, `nobody.${user.uid.slice(0, 6).toLowerCase()}@example.com`, PASSWORD);
    await page.getByRole("alert").getByText(t.authProblems["auth/invalid-credential"]).waitFor();
    expect(await page.getByText(t.problem.unknown).count()).toBe(0);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When the email is verified by its link, then the profile shows it verified", async () => {
    await signIn(page, t, user.email, PASSWORD);
    await page.getByRole("heading", { name: t.newOrder.title }).waitFor();
    await page.getByRole("link", { name: t.frame.profile }).click();
    await page.getByRole("heading", { name: t.profile.title }).waitFor();
    await page.locator("#email-state", { hasText: t.profile.emailNotVerified }).waitFor();
    await expectSound(page, view);
    await page.getByRole("button", { name: t.profile.sendVerification }).click();
    await page.getByRole("status").getByText(t.profile.verificationSent(user.email)).waitFor();
    const [link] = await waitFor(
      () => emailLinks(user.email, "VERIFY_EMAIL"),
      (links) => links.length > 0,
    );
    if (!link) throw new Error("No verification email was sent.");
    await page.goto(appLinkFor(link));
    await page.getByRole("status").getByText(t.emailAction.verified(user.email)).waitFor();
    await expectSound(page, view);
    await page.getByRole("button", { name: t.emailAction.continue }).click();
    await page.goto(`${appUrl}/#/profile`);
    await page.locator("#email-state", { hasText: t.profile.emailVerified }).waitFor();
    expect(await page.getByRole("button", { name: t.profile.sendVerification }).count()).toBe(0);
    await expectSound(page, view);
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When a password is forgotten, then a link by email lets the person choose a new one and sign in with it", async () => {
    await page.getByRole("button", { name: t.frame.signOut }).click();
    await page.getByRole("link", { name: t.signIn.forgot }).click();
    await page.getByRole("heading", { name: t.resetPassword.title }).waitFor();
    await expectSound(page, view);
    await page.getByLabel(t.fields.email).fill(user.email);
    await page.getByRole("button", { name: t.resetPassword.send }).click();
    await page.getByRole("status").getByText(t.resetPassword.sent).waitFor();
    const [link] = await waitFor(
      () => emailLinks(user.email, "PASSWORD_RESET"),
      (links) => links.length > 0,
    );
    if (!link) throw new Error("No password reset email was sent.");

    // An unknown email gets the same answer: the page does not tell who has an account.
    await page.getByLabel(t.fields.email).fill(`nobody.${user.uid.slice(0, 6).toLowerCase()}@example.com`);
    await page.getByRole("button", { name: t.resetPassword.send }).click();
    await page.getByRole("status").getByText(t.resetPassword.sent).waitFor();
    expect(await page.getByRole("alert").count()).toBe(0);

    await page.goto(appLinkFor(link));
    await page.getByRole("heading", { name: t.emailAction.resetTitle }).waitFor();
    await page.getByText(t.emailAction.resetFor(user.email)).waitFor();
    await expectSound(page, view);
    const newPassword = "a new horse battery";
    await page.getByLabel(t.fields.newPassword, { exact: true }).fill(newPassword);
    await page.getByRole("button", { name: t.emailAction.resetSave }).click();
    await page.getByRole("status").getByText(t.emailAction.resetDone).waitFor();
    await page.getByRole("button", { name: t.emailAction.continue }).click();
    await page.getByRole("heading", { name: t.newOrder.title }).waitFor();
    // The code is gone from the address, and from history.
    expect(new URL(page.url()).search).toBe("");

    // The old password no longer works; the new one does.
    expect((await api.post("/login/", { email: user.email, password: PASSWORD })).status).toBe(401);
    expect((await api.post("/login/", { email: user.email, password: newPassword })).status).toBe(200);

    // The link works once.
    await page.goto(appLinkFor(link));
    await page.getByRole("alert").getByText(t.emailAction.invalid).waitFor();
    await expectSound(page, view);
    user.password = newPassword;
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);

  it("When someone registers, then a verification link goes to their email at once", async () => {
    const fresh = await openPage(await viewContext(browser, view), errors);
    const email = `fresh.${user.uid.slice(0, 8).toLowerCase()}@example.com`;
    await fresh.goto(`${appUrl}/#/register`);
    await fresh.getByLabel(t.fields.username).fill(`fresh_${user.uid.slice(0, 8)}`);
    await fresh.getByLabel(t.fields.email).fill(email);
    await fresh.getByLabel(t.fields.password).fill(PASSWORD);
    await fresh.getByLabel(t.fields.phone).fill(uniquePhoneNumber());
    await fresh.getByRole("button", { name: t.register.submit }).click();
    await fresh.getByRole("heading", { name: t.verifyPhone.title }).waitFor();
    const links = await waitFor(
      () => emailLinks(email, "VERIFY_EMAIL"),
      (found) => found.length > 0,
    );
    expect(links).toHaveLength(1);
    await fresh.context().close();
    expect(errors, errors.join("\n")).toEqual([]);
  }, 60_000);
});
