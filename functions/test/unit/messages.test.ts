/** The SMS texts: one GSM-7 segment, whatever customers type. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { usernameSchema } from "../../src/accounts/schemas.js";
import { cleanSmsText, isGsm7, SMS_SEGMENT_LENGTH } from "../../src/sms/gsm.js";
import { LANGUAGES } from "../../src/platform/language.js";
import { confirmationText, statusText, verificationText } from "../../src/texts/sms-texts.js";

const RUNS = Number(process.env.HARDENING_RUNS ?? 300);

/** What a phone would make into a link, in any cleaned text. */
const LINKISH = [
  /https?:/i,
  /www\./i,
  /@/,
  /\d(?:[\s.-]?\d){6}/,
  /\b[a-z0-9-]+\.[a-z]{2,}\b/i,
  /\b\d{1,3}(?:\.\d{1,3}){3}\b/,
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
const language = fc.constantFrom(...LANGUAGES);
const amountOf = (minor: number) => `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, "0")}`;

describe("SMS texts", () => {
  it("When any username and item fill the confirmation, in either language, then it is one GSM-7 segment with nothing linkable from them", () => {
    fc.assert(
      fc.property(username, item, orderNumber, amountMinor, language, (name, what, number, minor, lang) => {
        const message = confirmationText(
          { username: name, orderNumber: number, item: what, amount: amountOf(minor) },
          lang,
        );
        expectSafe(message);
        // The template keeps its words.
        expect(message).toMatch(
          lang === "en"
            ? new RegExp(`^Dear .+, your order #${number} for .+ amounting to \\d+\\.\\d\\d has been received\\.$`)
            : new RegExp(`^Mpendwa .+, oda yako #${number} ya .+ yenye thamani ya \\d+\\.\\d\\d imepokelewa\\.$`),
        );
        for (const pattern of LINKISH) expect(cleanSmsText(what), what).not.toMatch(pattern);
      }),
      { numRuns: RUNS },
    );
  });

  it("When any username fills a status message, in either language, then it is one GSM-7 segment", () => {
    fc.assert(
      fc.property(
        username,
        orderNumber,
        fc.constantFrom("Completed" as const, "Canceled" as const),
        language,
        (name, number, to, lang) => {
          const message = statusText({ username: name, orderNumber: number }, to, lang);
          expectSafe(message);
          expect(message).toContain(`#${number}`);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("When the reported phishing item is ordered, then its link and line breaks are gone and the text fits", () => {
    const message = confirmationText(
      {
        username: "x",
        orderNumber: "LA20261127072829",
        item: "Laptop. SECURITY ALERT: your M-Pesa PIN expired,\nreset at http://evil.example/reset?u=1 or www.evil.example or call +254 700 000 000 😀",
        amount: "0.01",
      },
      "en",
    );
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
    // Anything a phone could take for an address goes, whatever its top-level domain; versions and weights stay.
    expect(cleanSmsText("John.Doe v2.0 2.5kg e.g.")).toBe("v2.0 2.5kg e.g.");
    expect(cleanSmsText("refund at mpesa-refund.support/claim or pay.services or get.help")).toBe("refund at or or");
    expect(cleanSmsText("pay at 10.0.0.1/pay or 192.168.1.1:8080 now")).toBe("pay at or now");
    expect(cleanSmsText("user_36202202e2e5 part 1234567 or 123-456-7890")).toBe("user_36202202e2e5 part or");
    const facts = { username: "alice", orderNumber: "LA20261127072829", item: "http://only.a.link/", amount: "1.00" };
    expect(confirmationText(facts, "en")).toBe(
      "Dear alice, your order #LA20261127072829 for your item amounting to 1.00 has been received.",
    );
    expect(confirmationText(facts, "sw")).toBe(
      "Mpendwa alice, oda yako #LA20261127072829 ya bidhaa yako yenye thamani ya 1.00 imepokelewa.",
    );
  });

  it("When a verification code is sent, then the text holds the code and nothing from the customer, in either language", () => {
    expect(verificationText("042917", 10, "en")).toBe(
      "Your verification code is 042917. It expires in 10 minutes. Never share it.",
    );
    expect(verificationText("042917", 10, "sw")).toBe(
      "Nambari yako ya uthibitisho ni 042917. Itaisha baada ya dakika 10. Usimpe mtu yeyote.",
    );
    for (const lang of LANGUAGES) expectSafe(verificationText("042917", 60, lang));
  });
});
