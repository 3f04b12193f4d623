/** Inbound texts as pure rules: what a text asks, what it leads to, and the replies' words. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decideInbound, HELP_REPLY_INTERVAL_MS } from "../../src/channels/inbound-rules.js";
import { readInbound } from "../../src/channels/keywords.js";
import { isGsm7, SMS_SEGMENT_LENGTH } from "../../src/sms/gsm.js";
import { LANGUAGES } from "../../src/platform/language.js";
import {
  helpText,
  optInText,
  optOutText,
  statusReplyText,
  type OrderStatusWord,
  type StatusReply,
} from "../../src/texts/sms-texts.js";

const RUNS = Number(process.env.HARDENING_RUNS ?? 300);

describe("Inbound keywords", () => {
  it.each([
    ["STATUS", { keyword: "status", language: "en", target: { kind: "latest" } }],
    ["  status ", { keyword: "status", language: "en", target: { kind: "latest" } }],
    ["Status?", { keyword: "status", language: "en", target: { kind: "latest" } }],
    ["hali", { keyword: "status", language: "sw", target: { kind: "latest" } }],
    [
      "STATUS #LA20261102101010",
      { keyword: "status", language: "en", target: { kind: "order", orderNumber: "LA20261102101010" } },
    ],
    [
      "status la20261102101010-ab2c",
      { keyword: "status", language: "en", target: { kind: "order", orderNumber: "LA20261102101010-AB2C" } },
    ],
    [
      "Hali LA 2026 1102 1010 10",
      { keyword: "status", language: "sw", target: { kind: "order", orderNumber: "LA20261102101010" } },
    ],
    ["STATUS my laptop", { keyword: "status", language: "en", target: { kind: "unreadable" } }],
    ["STOP", { keyword: "stop", language: "en" }],
    ["stop.", { keyword: "stop", language: "en" }],
    ["Stop please", { keyword: "stop", language: "en" }],
    ["unsubscribe", { keyword: "stop", language: "en" }],
    ["ACHA", { keyword: "stop", language: "sw" }],
    ["sitisha", { keyword: "stop", language: "sw" }],
    ["start", { keyword: "start", language: "en" }],
    ["Anza", { keyword: "start", language: "sw" }],
    ["HELP", { keyword: "help", language: "en" }],
    ["msaada!", { keyword: "help", language: "sw" }],
    ["Saidia", { keyword: "help", language: "sw" }],
    ["Hello, is my order ready?", { keyword: "unknown" }],
    ["", { keyword: "unknown" }],
    ["STOPPING", { keyword: "unknown" }],
    ["🙂", { keyword: "unknown" }],
  ])("When %j is texted, then it is read as %j", (text, expected) => {
    expect(readInbound(text)).toEqual(expected);
  });

  it("When anything at all is texted, then reading it never throws and names a known keyword", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 500, unit: "binary" }), (text) => {
        expect(["status", "stop", "start", "help", "unknown"]).toContain(readInbound(text).keyword);
      }),
      { numRuns: RUNS },
    );
  });
});

describe("What an inbound text leads to", () => {
  const now = new Date("2026-11-02T10:00:00Z");
  const fresh = { optedOut: false, lastHelpAt: null, now };
  const stopped = { optedOut: true, lastHelpAt: null, now };

  it("When a number says STOP, then it is opted out with one confirmation; a second STOP gets nothing", () => {
    expect(decideInbound({ kind: "opt_out", text: "bye" }, fresh)).toEqual({
      outcome: "opted_out",
      reply: { kind: "opt_out_confirmation", text: "bye" },
      optOut: true,
      marksHelp: false,
    });
    expect(decideInbound({ kind: "opt_out", text: "bye" }, stopped)).toEqual({
      outcome: "already_opted_out",
      reply: null,
      optOut: null,
      marksHelp: false,
    });
  });

  it("When an opted-out number texts anything but START, then it gets nothing; START opts it back in", () => {
    for (const action of [
      { kind: "reply", text: "status" },
      { kind: "help_once", text: "help" },
    ] as const) {
      expect(decideInbound(action, stopped)).toMatchObject({ outcome: "not_answered_opted_out", reply: null });
    }
    expect(decideInbound({ kind: "opt_in", text: "welcome back" }, stopped)).toEqual({
      outcome: "opted_in",
      reply: { kind: "reply", text: "welcome back" },
      optOut: false,
      marksHelp: false,
    });
    expect(decideInbound({ kind: "opt_in", text: "welcome" }, fresh)).toMatchObject({
      outcome: "replied",
      optOut: null,
    });
  });

  it("When a number texts what the shop does not understand, then it gets the help text at most once a day", () => {
    const help = { kind: "help_once", text: "help" } as const;
    expect(decideInbound(help, fresh)).toMatchObject({ outcome: "replied", marksHelp: true });
    const justNow = { ...fresh, lastHelpAt: new Date(now.getTime() - HELP_REPLY_INTERVAL_MS + 1000) };
    expect(decideInbound(help, justNow)).toMatchObject({ outcome: "help_already_sent", reply: null });
    const yesterday = { ...fresh, lastHelpAt: new Date(now.getTime() - HELP_REPLY_INTERVAL_MS) };
    expect(decideInbound(help, yesterday)).toMatchObject({ outcome: "replied", marksHelp: true });
    expect(decideInbound({ kind: "ignore" }, fresh)).toMatchObject({ outcome: "ignored", reply: null });
  });
});

describe("Reply texts", () => {
  const orderNumber = fc.stringMatching(/^[A-Z]{2}\d{14}(-[2-9A-HJ-NP-Z]{4})?$/);
  const amount = fc
    .integer({ min: 1, max: 9_999_999_999 })
    .map((minor) => `KES ${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, "0")}`);
  const status = fc.constantFrom<OrderStatusWord>("Pending", "Completed", "Canceled");
  const order = fc.record({ orderNumber, status, amount });
  const ussdCode = fc.option(fc.stringMatching(/^\*[0-9*]{1,30}#$/), { nil: null });
  const reply: fc.Arbitrary<StatusReply> = fc.oneof(
    fc.record({ kind: fc.constant("orders" as const), orders: fc.array(order, { minLength: 1, maxLength: 3 }) }),
    fc.constant({ kind: "no_orders" as const }),
    fc.record({ kind: fc.constant("no_account" as const), ussdCode }),
    fc.record({ kind: fc.constant("unknown_order" as const), orderNumber: fc.option(orderNumber, { nil: null }) }),
  );

  function expectOneSegment(text: string): void {
    expect(text.length, text).toBeLessThanOrEqual(SMS_SEGMENT_LENGTH);
    expect(isGsm7(text), text).toBe(true);
    expect(text).not.toMatch(/[\r\n]/);
  }

  it("When any reply is worded, in either language, then it is one GSM-7 segment", () => {
    fc.assert(
      fc.property(reply, ussdCode, fc.constantFrom(...LANGUAGES), (statusReply, code, language) => {
        expectOneSegment(statusReplyText(statusReply, language));
        expectOneSegment(helpText(language, code));
        expectOneSegment(optOutText(language));
        expectOneSegment(optInText(language));
      }),
      { numRuns: RUNS },
    );
  });

  it("When three orders have the longest numbers and amounts, then the reply shows as many whole orders as fit", () => {
    const longest = { orderNumber: "ZZ20261231235959-ZZZZ", status: "Completed" as const, amount: "KES 99999999.99" };
    const text = statusReplyText({ kind: "orders", orders: [longest, longest, longest] }, "sw");
    expect(text).toBe(
      "Oda zako: #ZZ20261231235959-ZZZZ Imekamilika KES 99999999.99; #ZZ20261231235959-ZZZZ Imekamilika KES 99999999.99",
    );
    expect(statusReplyText({ kind: "orders", orders: [{ ...longest, status: "Pending" }] }, "en")).toBe(
      "Order #ZZ20261231235959-ZZZZ Pending KES 99999999.99",
    );
  });
});
