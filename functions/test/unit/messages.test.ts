/** The SMS texts: one GSM-7 segment, whatever customers type. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { usernameSchema } from "../../src/accounts/schemas.js";
import {
  cleanSmsText,
  confirmationMessage,
  isGsm7,
  SMS_SEGMENT_LENGTH,
  statusMessage,
  verificationMessage,
} from "../../src/notifications/messages.js";

const RUNS = Number(process.env.HARDENING_RUNS ?? 300);

/** What a phone would make into a link, in any cleaned text. */
const LINKISH = [
  /https?:/i,
  /www\./i,
  /@/,
  /\d(?:[\s.-]?\d){6}/,
  /\b[a-z0-9-]+\.(?:com|net|org|ke|co|me|io|app|xyz)\b/i,
];

function expectSafe(message: string): void {
  expect(message.length, message).toBeLessThanOrEqual(SMS_SEGMENT_LENGTH);
  expect(isGsm7(message), message).toBe(true);
  expect(message).not.toMatch(/[\r\n]/);
}

const username = fc
  .stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{2,29}$/)
  .filter((name) => usernameSchema.safeParse(name).success);
/** Anything a customer can type as an item: long, multi-line, emoji, scripts, and links. */
const item = fc.oneof(
  fc.string({ minLength: 1, maxLength: 255, unit: "grapheme" }),
  fc.string({ minLength: 1, maxLength: 255, unit: "binary" }),
  fc
    .tuple(fc.string({ maxLength: 60 }), fc.webUrl(), fc.emailAddress(), fc.string({ maxLength: 60 }))
    .map((parts) => parts.join(" ").slice(0, 255)),
);
const orderNumber = fc.stringMatching(/^[A-Z]{2}\d{14}(-[2-9A-HJ-NP-Z]{4})?$/);
const amountMinor = fc.integer({ min: 1, max: 9_999_999_999 });

describe("SMS texts", () => {
  it("When any username and item fill the confirmation, then it is one GSM-7 segment with nothing linkable from them", () => {
    fc.assert(
      fc.property(username, item, orderNumber, amountMinor, (name, what, number, minor) => {
        const message = confirmationMessage({
          customer: { uid: "u", username: name, phone_number: "+254712345678" },
          order_number: number,
          item: what,
          amount_minor: minor,
        });
        expectSafe(message);
        // The template keeps its words.
        expect(message).toMatch(
          new RegExp(`^Dear .+, your order #${number} for .+ amounting to \\d+\\.\\d\\d has been received\\.$`),
        );
        for (const pattern of LINKISH) expect(cleanSmsText(what), what).not.toMatch(pattern);
      }),
      { numRuns: RUNS },
    );
  });

  it("When any username fills a status message, then it is one GSM-7 segment", () => {
    fc.assert(
      fc.property(
        username,
        orderNumber,
        fc.constantFrom("Completed" as const, "Canceled" as const),
        (name, number, to) => {
          const message = statusMessage(
            { customer: { uid: "u", username: name, phone_number: "+2547" }, order_number: number },
            to,
          );
          expectSafe(message);
          expect(message).toContain(`#${number}`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("When the reported phishing item is ordered, then its link and line breaks are gone and the text fits", () => {
    const message = confirmationMessage({
      customer: { uid: "u", username: "x", phone_number: "+254712345678" },
      order_number: "LA20261127072829",
      item: "Laptop. SECURITY ALERT: your M-Pesa PIN expired,\nreset at http://evil.example/reset?u=1 or www.evil.example or call +254 700 000 000 😀",
      amount_minor: 1,
    });
    expectSafe(message);
    expect(message).not.toMatch(/evil|http|www|700 000/);
    expect(message).toMatch(
      /^Dear x, your order #LA20261127072829 for Laptop\. SECURITY ALERT: your M-Pesa PIN expired, reset at/,
    );
  });

  it("When text has accents, stand-ins or nothing left after cleaning, then it is transliterated or falls back", () => {
    expect(cleanSmsText("Café crème ☕")).toBe("Cafe creme");
    expect(cleanSmsText("[set] {a|b} ~5 €")).toBe("(set) (a/b) -5 EUR");
    expect(cleanSmsText("shop.co.ke/pay john.doe@mail.com")).toBe("");
    expect(cleanSmsText("John.Doe v2.0")).toBe("John.Doe v2.0");
    expect(cleanSmsText("user_36202202e2e5 part 1234567 or 123-456-7890")).toBe("user_36202202e2e5 part or");
    const message = confirmationMessage({
      customer: { uid: "u", username: "alice", phone_number: "+2547" },
      order_number: "LA20261127072829",
      item: "http://only.a.link/",
      amount_minor: 100,
    });
    expect(message).toBe("Dear alice, your order #LA20261127072829 for your item amounting to 1.00 has been received.");
  });

  it("When a verification code is sent, then the text holds the code and nothing from the customer", () => {
    const message = verificationMessage("042917", 10);
    expectSafe(message);
    expect(message).toBe("Your verification code is 042917. It expires in 10 minutes. Never share it.");
  });
});
