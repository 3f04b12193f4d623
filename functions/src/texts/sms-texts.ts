/**
 * The SMS texts the shop sends, in English and Swahili. Each is built only from values the server
 * controls or has cleaned (sms/gsm.ts), and fits one GSM-7 segment: a test renders every template in
 * every language with long values and checks.
 */
import { fit } from "../sms/gsm.js";
import type { Language } from "../platform/language.js";

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
