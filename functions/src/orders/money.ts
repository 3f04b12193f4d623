/**
 * Money as an integer count of minor units (cents), never a float. Amounts arrive as a JSON number or
 * a decimal string with at most 10 digits, 2 of them after the point (the original's
 * DecimalField(max_digits=10, decimal_places=2)), and leave as a string with exactly 2 decimals.
 */
const DECIMAL = /^(\d{1,8})(?:\.(\d{1,2}))?$/;

export type AmountProblem = "not_a_decimal" | "too_many_decimals" | "too_many_digits" | "not_positive";

export type ParsedAmount = { ok: true; minorUnits: number } | { ok: false; problem: AmountProblem };

/** The shortest exact decimal text of a JSON number, or undefined when it has no plain form. */
function numberText(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  // Exponent forms (1e21, 1e-7) are outside what an amount can be; report them by their size.
  if (/e/i.test(text)) return Math.abs(value) >= 1 ? "9".repeat(11) : "0.000";
  return text;
}

export function parseAmount(value: unknown): ParsedAmount {
  let text: string | undefined;
  if (typeof value === "number") text = numberText(value);
  else if (typeof value === "string") text = value.trim();
  if (text === undefined) return { ok: false, problem: "not_a_decimal" };

  const negative = text.startsWith("-");
  const unsigned = negative ? text.slice(1) : text;
  const general = /^(\d+)(?:\.(\d+))?$/.exec(unsigned);
  if (!general) return { ok: false, problem: "not_a_decimal" };
  const [, whole = "", fraction = ""] = general;
  if (fraction.length > 2) return { ok: false, problem: "too_many_decimals" };
  const significantWhole = whole.replace(/^0+(?=\d)/, "");
  if (significantWhole.length + 2 > 10) return { ok: false, problem: "too_many_digits" };

  const match = DECIMAL.exec(`${significantWhole}${fraction ? `.${fraction}` : ""}`);
  if (!match) return { ok: false, problem: "not_a_decimal" };
  const minorUnits = Number(significantWhole) * 100 + Number(fraction.padEnd(2, "0"));
  if (negative || minorUnits <= 0) return { ok: false, problem: "not_positive" };
  return { ok: true, minorUnits };
}

export const AMOUNT_MESSAGES: Record<AmountProblem, string> = {
  not_a_decimal: 'Enter a number, such as 1200 or "1200.00".',
  too_many_decimals: "Use at most 2 decimal places.",
  too_many_digits: "Use at most 10 digits in total (8 before the decimal point).",
  not_positive: "Enter an amount greater than 0.",
};

export function formatAmount(minorUnits: number): string {
  const whole = Math.trunc(minorUnits / 100);
  const cents = minorUnits % 100;
  return `${whole}.${String(cents).padStart(2, "0")}`;
}
