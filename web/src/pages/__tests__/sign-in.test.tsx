import { fireEvent, screen } from "@testing-library/preact";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { en, type Messages } from "../../i18n/en.js";
import { sw } from "../../i18n/sw.js";
import { FakeApi, renderPage } from "../../test-support/harness.js";
import { SignIn } from "../sign-in.js";

const signInWithEmailAndPassword = vi.fn();
vi.mock("firebase/auth", () => ({
  GoogleAuthProvider: vi.fn(),
  signInWithPopup: vi.fn(),
  signInWithEmailAndPassword: (...args: unknown[]) => signInWithEmailAndPassword(...args) as unknown,
}));

function attempt(t: Messages): void {
  fireEvent.input(screen.getByLabelText(t.fields.email), { target: { value: "wanjiru@example.com" } });
  fireEvent.input(screen.getByLabelText(t.fields.password), { target: { value: "wrong" } });
  fireEvent.click(screen.getByRole("button", { name: t.signIn.submit }));
}

describe("Signing in", () => {
  beforeEach(() => {
    signInWithEmailAndPassword.mockReset();
  });

  // What Firebase Auth answers for each: with email enumeration protection, and without (the emulator).
  for (const code of ["auth/invalid-credential", "auth/wrong-password", "auth/user-not-found"]) {
    it(`When Firebase answers ${code}, then the person reads that the email and password don't match`, async () => {
      signInWithEmailAndPassword.mockRejectedValue(Object.assign(new Error(code), { code }));
      renderPage(<SignIn />, { api: new FakeApi(), user: undefined });
      attempt(en);
      expect((await screen.findByRole("alert")).textContent).toBe(en.authProblems["auth/invalid-credential"]);
    });
  }

  it("When the page is in Swahili, then so is the problem", async () => {
    signInWithEmailAndPassword.mockRejectedValue(Object.assign(new Error("x"), { code: "auth/wrong-password" }));
    renderPage(<SignIn />, { api: new FakeApi(), language: "sw" });
    attempt(sw);
    expect((await screen.findByRole("alert")).textContent).toBe(sw.authProblems["auth/wrong-password"]);
  });
});
