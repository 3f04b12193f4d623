/**
 * What an inbound text asks, read as a customer would type it on a basic phone: any case, extra
 * spaces and punctuation, English or Swahili words, and an order number after STATUS with or
 * without its `#`. Anything else is `unknown` (it gets at most one help reply a day).
 */
import type { Language } from "../platform/language.js";

export type Keyword = "status" | "stop" | "start" | "help";

/** What STATUS asks about: the latest orders, one order, or something that is no order number. */
export type StatusTarget = { kind: "latest" } | { kind: "order"; orderNumber: string } | { kind: "unreadable" };

export type InboundRequest =
  | { keyword: "status"; language: Language; target: StatusTarget }
  | { keyword: "stop" | "start" | "help"; language: Language }
  | { keyword: "unknown" };

/** Each keyword's words, by the language they are in (the reply's language for a number without an account). */
const WORDS: Record<string, { keyword: Keyword; language: Language }> = {
  STATUS: { keyword: "status", language: "en" },
  HALI: { keyword: "status", language: "sw" },
  STOP: { keyword: "stop", language: "en" },
  STOPALL: { keyword: "stop", language: "en" },
  UNSUBSCRIBE: { keyword: "stop", language: "en" },
  ACHA: { keyword: "stop", language: "sw" },
  SITISHA: { keyword: "stop", language: "sw" },
  START: { keyword: "start", language: "en" },
  UNSTOP: { keyword: "start", language: "en" },
  ANZA: { keyword: "start", language: "sw" },
  HELP: { keyword: "help", language: "en" },
  INFO: { keyword: "help", language: "en" },
  MSAADA: { keyword: "help", language: "sw" },
  SAIDIA: { keyword: "help", language: "sw" },
};

/** An order number as the shop writes them, once a customer's spaces and `#` are gone. */
const ORDER_NUMBER = /^[A-Z]{2}\d{14}(?:-[2-9A-HJ-NP-Z]{4})?$/;

export function readInbound(text: string): InboundRequest {
  const words = text
    .normalize("NFKC")
    .toUpperCase()
    .replace(/[^A-Z0-9#-]+/g, " ")
    .trim()
    .split(" ")
    .filter((word) => word !== "");
  const [first = "", ...rest] = words;
  const known = WORDS[first.replace(/[#-]/g, "")];
  if (!known) return { keyword: "unknown" };
  if (known.keyword !== "status") {
    // "STOP" and "STOP please" are both a STOP; "STOP ME NOW 123" too: the first word decides.
    return { keyword: known.keyword, language: known.language };
  }
  const candidate = rest.join("").replace(/^#/, "");
  const target: StatusTarget =
    candidate === ""
      ? { kind: "latest" }
      : ORDER_NUMBER.test(candidate)
        ? { kind: "order", orderNumber: candidate }
        : { kind: "unreadable" };
  return { keyword: "status", language: known.language, target };
}
