import { fireEvent, screen, waitFor } from "@testing-library/preact";
import { describe, expect, it } from "vitest";
import { en as t } from "../../i18n/en.js";
import { FakeApi, json, problem, PROFILE, renderPage } from "../../test-support/harness.js";
import { VerifyPhone } from "../verify-phone.js";

const unproven = { ...PROFILE, phone_verified: false };
const sent = () =>
  json({ phone_number: PROFILE.phone_number, expires_at: "2099-01-01T10:10:00.000Z" }, { status: 202 });

describe("Proving the phone number", () => {
  it("When a new code is asked for after a wrong one, then the old problem goes and the new code is confirmed", async () => {
    const api = new FakeApi()
      .on("POST", "/me/phone/code/", sent)
      .on("POST", "/me/phone/verify/", () => problem(400, "verification_code_invalid"));
    renderPage(<VerifyPhone />, { api, profile: unproven });
    fireEvent.click(screen.getByRole("button", { name: t.verifyPhone.send }));
    await screen.findByText(/^A code is on its way/);
    fireEvent.input(screen.getByLabelText(t.verifyPhone.code), { target: { value: "000000" } });
    fireEvent.click(screen.getByRole("button", { name: t.verifyPhone.prove }));
    expect((await screen.findByRole("alert")).textContent).toBe(t.problems.verification_code_invalid);
    fireEvent.click(screen.getByRole("button", { name: t.verifyPhone.sendNew }));
    await waitFor(() => {
      expect(screen.queryByRole("alert")).toBeNull();
    });
    expect(screen.getByText(/^A code is on its way/)).toBeTruthy();
    expect(api.callsTo("POST", "/me/phone/code/")).toHaveLength(2);
  });

  it("When the page is opened again after a code was sent, then it still says so", async () => {
    const api = new FakeApi().on("POST", "/me/phone/code/", sent);
    const first = renderPage(<VerifyPhone />, { api, profile: unproven });
    fireEvent.click(screen.getByRole("button", { name: t.verifyPhone.send }));
    await screen.findByText(/^A code is on its way/);
    first.unmount();
    renderPage(<VerifyPhone />, { api, profile: unproven });
    expect(screen.getByText(/^A code is on its way/)).toBeTruthy();
    expect(screen.getByRole("button", { name: t.verifyPhone.sendNew })).toBeTruthy();
  });

  it("When the number is already proven, then the page says so and offers no code", () => {
    renderPage(<VerifyPhone />, { api: new FakeApi(), profile: PROFILE });
    expect(screen.getByText(t.verifyPhone.proven(PROFILE.phone_number))).toBeTruthy();
    expect(screen.queryByRole("button", { name: t.verifyPhone.send })).toBeNull();
  });
});
