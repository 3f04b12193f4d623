/**
 * The SMS texts the shop sends, in English and Swahili. Each is built only from values the server
 * controls or has cleaned (sms/gsm.ts), and fits one GSM-7 segment: a test renders every template in
 * every language with long values and checks.
 */
import type { Language } from "../platform/language.js";
import { fit, SMS_SEGMENT_LENGTH } from "../sms/gsm.js";

export interface ConfirmationFacts {
  username: string;
  orderNumber: string;
  /** What was ordered, as the order says it (free text, or a summary of its lines). */
  item: string;
  /** Formatted, e.g. "1200.00". */
  amount: string;
}

const CONFIRMATION: Record<Language, (values: Record<string, string>, facts: ConfirmationFacts) => string> = {
  en: ({ item = "", username = "" }, { orderNumber, amount }) =>
    `Dear ${username}, your order #${orderNumber} for ${item} amounting to ${amount} has been received.`,
  sw: ({ item = "", username = "" }, { orderNumber, amount }) =>
    `Mpendwa ${username}, oda yako #${orderNumber} ya ${item} yenye thamani ya ${amount} imepokelewa.`,
};

const FALLBACK_ITEM: Record<Language, string> = { en: "your item", sw: "bidhaa yako" };
const FALLBACK_NAME: Record<Language, string> = { en: "customer", sw: "mteja" };

export function confirmationText(facts: ConfirmationFacts, language: Language): string {
  return fit(
    (values) => CONFIRMATION[language](values, facts),
    [
      { name: "item", value: facts.item, minimum: 12, fallback: FALLBACK_ITEM[language] },
      { name: "username", value: facts.username, minimum: 8, fallback: FALLBACK_NAME[language] },
    ],
  );
}

export type StatusOutcome = "Completed" | "Canceled";

const STATUS: Record<Language, Record<StatusOutcome, string>> = {
  en: { Completed: "has been completed", Canceled: "has been canceled" },
  sw: { Completed: "imekamilika", Canceled: "imeghairiwa" },
};

const GREETING: Record<Language, string> = { en: "Dear", sw: "Mpendwa" };
const YOUR_ORDER: Record<Language, string> = { en: "your order", sw: "oda yako" };

export function statusText(facts: { username: string; orderNumber: string }, to: StatusOutcome, language: Language) {
  return fit(
    ({ username = "" }) =>
      `${GREETING[language]} ${username}, ${YOUR_ORDER[language]} #${facts.orderNumber} ${STATUS[language][to]}.`,
    [{ name: "username", value: facts.username, minimum: 8, fallback: FALLBACK_NAME[language] }],
  );
}

export interface ShopAlertFacts {
  orderNumber: string;
  /** What was ordered, as the order says it (free text, or a summary of its lines): cleaned here. */
  item: string;
  /** Formatted, e.g. "1200.00". */
  amount: string;
  currency: string;
  /** The customer's username: cleaned here. */
  username: string;
}

const SHOP_ALERT: Record<Language, (values: Record<string, string>, facts: ShopAlertFacts) => string> = {
  en: ({ item = "", username = "" }, { orderNumber, amount, currency }) =>
    `New order #${orderNumber} from ${username}: ${item}, ${currency} ${amount}.`,
  sw: ({ item = "", username = "" }, { orderNumber, amount, currency }) =>
    `Oda mpya #${orderNumber} kutoka kwa ${username}: ${item}, ${currency} ${amount}.`,
};

/**
 * The SMS to the shop's own numbers for each new order. The customer's words (item, username) are
 * cleaned like every customer text, so a shop phone never gets a link or a second segment from them.
 */
export function shopAlertText(facts: ShopAlertFacts, language: Language): string {
  return fit(
    (values) => SHOP_ALERT[language](values, facts),
    [
      { name: "item", value: facts.item, minimum: 12, fallback: FALLBACK_ITEM[language] },
      { name: "username", value: facts.username, minimum: 8, fallback: FALLBACK_NAME[language] },
    ],
  );
}

/** The only message that may go to a number not yet proven: its proof. No customer text in it. */
export function verificationText(code: string, validMinutes: number, language: Language): string {
  return language === "sw"
    ? `Nambari yako ya uthibitisho ni ${code}. Itaisha baada ya dakika ${validMinutes}. Usimpe mtu yeyote.`
    : `Your verification code is ${code}. It expires in ${validMinutes} minutes. Never share it.`;
}

/** What a customer can text the shop, with the dial code when the shop has one. */
export function helpText(language: Language, ussdCode: string | null): string {
  if (language === "sw") {
    const dial = ussdCode ? ` Piga ${ussdCode} kuagiza.` : "";
    return `Tuma HALI kuona oda zako, HALI na nambari ya oda kwa moja, ACHA kusitisha SMS, ANZA kuzipata tena.${dial}`;
  }
  const dial = ussdCode ? ` Dial ${ussdCode} to order.` : "";
  return `Text STATUS for your orders, STATUS and an order number for one, STOP to stop SMS, START to get them again.${dial}`;
}

/** The one message a STOP gets: after it, nothing but a code the number's own account asks for. */
export function optOutText(language: Language): string {
  return language === "sw"
    ? "Hutapokea SMS zaidi kutoka kwetu. Tuma ANZA kuzipata tena."
    : "You will get no more SMS from us. Text START to get them again.";
}

export function optInText(language: Language): string {
  return language === "sw"
    ? "Utapokea SMS zetu tena. Tuma ACHA kuzisitisha."
    : "You will get our SMS again. Text STOP to stop them.";
}

export type OrderStatusWord = "Pending" | "Completed" | "Canceled";

/** An order as a STATUS reply shows it; the amount arrives formatted with its currency. */
export interface OrderSummary {
  orderNumber: string;
  status: OrderStatusWord;
  amount: string;
}

export type StatusReply =
  | { kind: "orders"; orders: OrderSummary[] }
  | { kind: "no_orders" }
  | { kind: "no_account"; ussdCode: string | null }
  /** The order number asked about, when it looked like one (anything else is not repeated back). */
  | { kind: "unknown_order"; orderNumber: string | null };

const STATUS_WORDS: Record<Language, Record<OrderStatusWord, string>> = {
  en: { Pending: "Pending", Completed: "Completed", Canceled: "Canceled" },
  sw: { Pending: "Inasubiri", Completed: "Imekamilika", Canceled: "Imeghairiwa" },
};

/** The answer to STATUS: as many of the orders, newest first, as one segment holds. */
export function statusReplyText(reply: StatusReply, language: Language): string {
  const sw = language === "sw";
  switch (reply.kind) {
    case "no_orders":
      return sw ? "Bado huna oda." : "You have no orders yet.";
    case "no_account": {
      if (sw) return `Hakuna akaunti yenye nambari hii.${reply.ussdCode ? ` Piga ${reply.ussdCode} kujisajili.` : ""}`;
      return `No account has this number.${reply.ussdCode ? ` Dial ${reply.ussdCode} to register.` : ""}`;
    }
    case "unknown_order": {
      const number = reply.orderNumber ? ` #${reply.orderNumber}` : "";
      return sw ? `Hakuna oda${number} ya nambari hii.` : `No order${number} belongs to this number.`;
    }
    case "orders": {
      const line = (order: OrderSummary) =>
        `#${order.orderNumber} ${STATUS_WORDS[language][order.status]} ${order.amount}`;
      const head = reply.orders.length === 1 ? (sw ? "Oda" : "Order") : sw ? "Oda zako:" : "Your orders:";
      let shown = reply.orders.map(line);
      const text = () => `${head} ${shown.join("; ")}`;
      while (shown.length > 1 && text().length > SMS_SEGMENT_LENGTH) shown = shown.slice(0, -1);
      return text().slice(0, SMS_SEGMENT_LENGTH);
    }
  }
}
