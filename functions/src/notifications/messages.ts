/**
 * The one home of the SMS texts the business sends, and of the rules that keep them safe and cheap:
 * every message is one GSM-7 segment (at most 160 characters of the GSM 03.38 basic set), and text a
 * customer typed (the item, the username) is cleaned first: one line, nothing a phone would turn into
 * a link (web addresses, domains, e-mail addresses, long digit runs), characters outside GSM-7
 * transliterated (é -> e) or dropped (emoji), and shortened with "..." to fit.
 */
import { formatAmount } from "../orders/money.js";
import type { OrderDocument } from "../orders/order-document.js";

export const SMS_SEGMENT_LENGTH = 160;
const ELLIPSIS = "...";

/**
 * The GSM 03.38 basic character set. Characters of its extension table ({}[]~^|\€) cost two
 * septets each, so they are treated as outside the set.
 */
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);

export function isGsm7(text: string): boolean {
  // Code points, not graphemes: a character outside the set makes the text non-GSM either way.
  return Array.from(text).every((character) => GSM_BASIC.has(character));
}

/** Common characters with a close GSM-7 stand-in. */
const STAND_INS: Record<string, string> = {
  "[": "(",
  "]": ")",
  "{": "(",
  "}": ")",
  "~": "-",
  "^": "",
  "|": "/",
  "\\": "/",
  "€": "EUR",
  "‘": "'",
  "’": "'",
  "“": '"',
  "”": '"',
  "–": "-",
  "—": "-",
  "…": ELLIPSIS,
  "\u00a0": " ",
};

/**
 * Top-level domains phones turn into links besides the two-letter country codes (which all count):
 * the generic ones in common use, and those favoured by phishing campaigns.
 */
const COMMON_TLDS = new Set(
  (
    "com net org info biz app dev xyz online site shop store top club live link click tech website space " +
    "fun icu vip buzz cam work life world today news email cloud page blog host press digital finance bank " +
    "money pro mobi name asia africa gov edu int mil"
  ).split(" "),
);

/** Web addresses, e-mail addresses, and standalone runs of 7+ digits (phone numbers; not digits inside a word). */
const LINKABLE = [
  /\b(?:https?|ftp):\/\/\S*/gi,
  /\bwww\.\S*/gi,
  /\S*@\S*/g,
  /(?<![\p{L}\p{N}_])\+?\d(?:[\s.-]?\d){6,}(?![\p{L}\p{N}_])/gu,
];

/** label.label...tld, optionally followed by a path: what a phone would take for a web address. */
const DOMAIN_LIKE = /[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(\p{L}+)(?:[/:?#]\S*)?/gu;

function removeLinkable(text: string): string {
  let cleaned = text;
  for (const pattern of LINKABLE) cleaned = cleaned.replace(pattern, " ");
  return cleaned.replace(DOMAIN_LIKE, (match, tld: string) =>
    tld.length === 2 || COMMON_TLDS.has(tld.toLowerCase()) ? " " : match,
  );
}

/** Customer text made fit for an SMS: one line of GSM-7, nothing linkable. */
export function cleanSmsText(text: string): string {
  const oneLine = text.replace(/[\p{Cc}\p{Zl}\p{Zp}]+/gu, " ");
  // Code points, not graphemes: each is kept, replaced by a stand-in or dropped on its own.
  const gsm = Array.from(
    removeLinkable(oneLine)
      .normalize("NFKD")
      .replace(/\p{M}+/gu, ""),
  )
    .map((character) => (GSM_BASIC.has(character) ? character : (STAND_INS[character] ?? "")))
    .join("");
  // Dropping a character can join pieces into something linkable again: check once more.
  return removeLinkable(gsm).replace(/\s+/g, " ").trim();
}

function shorten(text: string, length: number): string {
  if (text.length <= length) return text;
  if (length <= ELLIPSIS.length) return text.slice(0, Math.max(0, length));
  return `${text.slice(0, length - ELLIPSIS.length).trimEnd()}${ELLIPSIS}`;
}

/**
 * Fills a template's user-supplied slots so the whole stays within one segment. Slots give way in
 * the order listed (the first shrinks first), each down to `minimum` characters, then further.
 */
function fit(
  render: (values: Record<string, string>) => string,
  slots: { name: string; value: string; minimum: number; fallback: string }[],
): string {
  const values: Record<string, string> = {};
  for (const slot of slots) values[slot.name] = cleanSmsText(slot.value) || slot.fallback;
  for (const floor of [true, false]) {
    for (const slot of slots) {
      const over = render(values).length - SMS_SEGMENT_LENGTH;
      if (over <= 0) return render(values);
      const current = values[slot.name] ?? "";
      const target = Math.max(floor ? slot.minimum : 1, current.length - over);
      values[slot.name] = shorten(current, target);
    }
  }
  return render(values).slice(0, SMS_SEGMENT_LENGTH);
}

export function confirmationMessage(
  order: Pick<OrderDocument, "customer" | "order_number" | "item" | "amount_minor">,
): string {
  const amount = formatAmount(order.amount_minor);
  return fit(
    ({ item = "", username = "" }) =>
      `Dear ${username}, your order #${order.order_number} for ${item} amounting to ${amount} has been received.`,
    [
      { name: "item", value: order.item, minimum: 12, fallback: "your item" },
      { name: "username", value: order.customer.username, minimum: 8, fallback: "customer" },
    ],
  );
}

export function statusMessage(
  order: Pick<OrderDocument, "customer" | "order_number">,
  to: "Completed" | "Canceled",
): string {
  const outcome = to === "Completed" ? "has been completed" : "has been canceled";
  return fit(
    ({ username = "" }) => `Dear ${username}, your order #${order.order_number} ${outcome}.`,
    [{ name: "username", value: order.customer.username, minimum: 8, fallback: "customer" }],
  );
}

/** The only message that may go to a number not yet proven: its proof. No customer text in it. */
export function verificationMessage(code: string, validMinutes: number): string {
  return `Your verification code is ${code}. It expires in ${validMinutes} minutes. Never share it.`;
}
