/**
 * The rules that keep every SMS safe and cheap: one GSM-7 segment (at most 160 characters of the GSM
 * 03.38 basic set), and text a customer typed (an item, a username) cleaned first: one line, nothing a
 * phone would turn into a link (web addresses, domains, IP addresses, e-mail addresses, long digit
 * runs), characters outside GSM-7 transliterated (é -> e) or dropped (emoji), and shortened with "..."
 * to fit. The texts themselves are in texts/sms-texts.ts.
 */

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
 * Web addresses, e-mail addresses, IP addresses (with a path or port), and standalone runs of 7+ digits
 * (phone numbers; not digits inside a word).
 */
const LINKABLE = [
  /(?<![\p{L}\p{N}_.])\d{1,3}(?:\.\d{1,3}){3}(?:[/:]\S*)?/gu,
  /\b(?:https?|ftp):\/\/\S*/gi,
  /\bwww\.\S*/gi,
  /\S*@\S*/g,
  /(?<![\p{L}\p{N}_])\+?\d(?:[\s.-]?\d){6,}(?![\p{L}\p{N}_])/gu,
];

/**
 * label.label...tld with a top-level domain of two or more letters, optionally followed by a path:
 * what a phone may take for a web address. New top-level domains appear all the time (.support,
 * .services, .help), so any will do; "2.5kg" and "e.g." are not taken for one.
 */
const DOMAIN_LIKE = /[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])(?:[/:?#]\S*)?/gu;

function removeLinkable(text: string): string {
  let cleaned = text;
  for (const pattern of LINKABLE) cleaned = cleaned.replace(pattern, " ");
  return cleaned.replace(DOMAIN_LIKE, " ");
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

export function shorten(text: string, length: number): string {
  if (text.length <= length) return text;
  if (length <= ELLIPSIS.length) return text.slice(0, Math.max(0, length));
  return `${text.slice(0, length - ELLIPSIS.length).trimEnd()}${ELLIPSIS}`;
}

/**
 * Fills a template's user-supplied slots so the whole stays within one segment. Slots give way in
 * the order listed (the first shrinks first), each down to `minimum` characters, then further.
 */
export function fit(
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
