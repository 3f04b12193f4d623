/** When an account may have changed hands: the pure decision the profile reader applies on every read. */
import { describe, expect, it } from "vitest";
import { identityVerdict, recordedIdentityOf, sessionsEndedSince } from "../../src/accounts/identity-rules.js";

const recordedAt = new Date("2026-12-02T10:00:00.500Z");
const seconds = Math.floor(recordedAt.getTime() / 1000);
const before = {
  email: "alice@example.com",
  emailVerified: false,
  providers: ["password"],
  sessionsValidAfter: seconds - 600,
};
const recorded = recordedIdentityOf(before, recordedAt);

describe("Identity verdicts", () => {
  it("When nothing was recorded yet, then it is recorded, with no other consequence", () => {
    expect(identityVerdict(undefined, before)).toBe("updated");
  });

  it("When nothing changed, then it is the same", () => {
    expect(identityVerdict(recorded, before)).toBe("same");
  });

  it("When a sign-in method was removed (Google took over an unverified password), then the account changed hands", () => {
    expect(
      identityVerdict(recorded, {
        ...before,
        providers: ["google.com"],
        emailVerified: true,
        sessionsValidAfter: seconds + 60,
      }),
    ).toBe("replaced");
  });

  it("When the email changed, whatever the case, then it changed hands; the same email in another case did not", () => {
    expect(identityVerdict(recorded, { ...before, email: "mallory@example.com" })).toBe("replaced");
    expect(identityVerdict(recorded, { ...before, email: "Alice@Example.com" })).toBe("same");
  });

  it("When the email became verified by a reset link (the sessions were ended), then it changed hands", () => {
    expect(identityVerdict(recorded, { ...before, emailVerified: true, sessionsValidAfter: seconds + 60 })).toBe(
      "replaced",
    );
    // In the very second of the record: the safe reading.
    expect(identityVerdict(recorded, { ...before, emailVerified: true, sessionsValidAfter: seconds })).toBe("replaced");
  });

  it("When the owner verified the email in a session (nothing ended), or linked another method, then it is only updated", () => {
    expect(identityVerdict(recorded, { ...before, emailVerified: true })).toBe("updated");
    expect(identityVerdict(recorded, { ...before, providers: ["password", "google.com"] })).toBe("updated");
    expect(identityVerdict(recorded, { ...before, sessionsValidAfter: seconds + 5 })).toBe("updated");
  });

  it("When Firebase's revocation is before the record's second, then the sessions did not end since", () => {
    expect(sessionsEndedSince(recorded, { sessionsValidAfter: seconds - 1 })).toBe(false);
    expect(sessionsEndedSince(recorded, { sessionsValidAfter: seconds })).toBe(true);
  });

  it("When the account was created in the second its profile was recorded, then verifying the email later is only an update", () => {
    const registered = recordedIdentityOf({ ...before, sessionsValidAfter: seconds }, recordedAt);
    expect(identityVerdict(registered, { ...before, emailVerified: true, sessionsValidAfter: seconds })).toBe(
      "updated",
    );
    expect(identityVerdict(registered, { ...before, emailVerified: true, sessionsValidAfter: seconds + 5 })).toBe(
      "replaced",
    );
  });
});
