/**
 * Money as an integer count of minor units (cents), never a float. Amounts arrive as a JSON number or
 * a decimal string with at most 10 digits, 2 of them after the point (the original's
 * DecimalField(max_digits=10, decimal_places=2)), and leave as a string with exactly 2 decimals.
 *
 * The grammar below is also what the OpenAPI document says (AMOUNT_JSON_SCHEMA), and a test feeds
 * boundary values to both.
 */
/** Leading zeros do not count; at most 8 digits before the point and 2 after; not zero. */
const DECIMAL = /^0*(\d{1,8})(?:\.(\d{1,2}))?$/;
const GENERAL = /^-?\d+(?:\.\d+)?$/;

export const AMOUNT_MAX_LENGTH = 32;

export type AmountProblem = "not_a_decimal" | "too_many_decimals" | "too_many_digits" | "not_positive";

export type ParsedAmount = { ok: true; minorUnits: number } | { ok: false; problem: AmountProblem };

/** The exact decimal text of an amount, or a problem that already rules it out. */
function textOf(value: unknown): { text: string } | { problem: AmountProblem } {
  if (typeof value === "string")
    return value.length <= AMOUNT_MAX_LENGTH ? { text: value } : { problem: "too_many_digits" };
  if (typeof value !== "number" || !Number.isFinite(value)) return { problem: "not_a_decimal" };
  const text = String(value);
  // Exponent forms (1e21, 1e-7) are outside what an amount can be; report them by their size.
  if (/e/i.test(text)) return { problem: Math.abs(value) >= 1 ? "too_many_digits" : "too_many_decimals" };
  return { text };
}

export function parseAmount(value: unknown): ParsedAmount {
  const read = textOf(value);
  if ("problem" in read) return { ok: false, problem: read.problem };
  const { text } = read;
  if (!GENERAL.test(text)) return { ok: false, problem: "not_a_decimal" };
  if (text.startsWith("-")) return { ok: false, problem: "not_positive" };
  const [whole = "", fraction = ""] = text.split(".");
  if (fraction.length > 2) return { ok: false, problem: "too_many_decimals" };
  const match = DECIMAL.exec(text);
  if (!match) return { ok: false, problem: whole.replace(/^0+/, "").length > 8 ? "too_many_digits" : "not_a_decimal" };
  const minorUnits = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"));
  if (minorUnits <= 0) return { ok: false, problem: "not_positive" };
  return { ok: true, minorUnits };
}

export const AMOUNT_MESSAGES: Record<AmountProblem, string> = {
  not_a_decimal: 'Enter a number, such as 1200 or "1200.00".',
  too_many_decimals: "Use at most 2 decimal places.",
  too_many_digits: "Use at most 10 digits in total (8 before the decimal point).",
  not_positive: "Enter an amount greater than 0.",
};

/** The amount's grammar as JSON Schema, for the OpenAPI document. */
export const AMOUNT_JSON_SCHEMA = {
  oneOf: [
    { type: "number", exclusiveMinimum: 0, maximum: 99_999_999.99, multipleOf: 0.01 },
    {
      type: "string",
      maxLength: AMOUNT_MAX_LENGTH,
      pattern: "^(?=.*[1-9])0*\\d{1,8}(\\.\\d{1,2})?$",
    },
  ],
  description: 'More than 0, up to 8 digits and 2 decimals: a number (1200.5) or a string ("1200.50").',
  examples: [1200, "1200.50"],
} as const;

export function formatAmount(minorUnits: number): string {
  const whole = Math.trunc(minorUnits / 100);
  const cents = minorUnits % 100;
  return `${whole}.${String(cents).padStart(2, "0")}`;
}
