/**
 * Phone numbers as people type them, and where SMS may go.
 *
 * A number without a country code is read in the shop's default region (Kenya: `0712 345 678`,
 * `0712345678`, `712345678` and `+254 712 345 678` are one number), checked with libphonenumber's full
 * metadata and stored in E.164. Only mobile numbers of the allowed regions may receive SMS: premium
 * rate, shared cost, satellite, VoIP and unknown types are refused, when a number is entered and again
 * before any send. The library (about 45 ms to load) is loaded on first use, not on every cold start.
 */
export interface PhonePolicy {
  /** ISO 3166 region a number without a country code is read in: KE. */
  defaultRegion: string;
  /** Regions whose mobile numbers may receive SMS. */
  allowedRegions: readonly string[];
}

export type PhoneProblem = "invalid" | "region_not_allowed" | "not_mobile";

export type PhoneReading = { ok: true; e164: string } | { ok: false; problem: PhoneProblem };

type Library = typeof import("libphonenumber-js/max");

let library: Promise<Library> | undefined;

function load(): Promise<Library> {
  library ??= import("libphonenumber-js/max");
  return library;
}

/** The types a phone can receive SMS on; FIXED_LINE_OR_MOBILE is where a plan cannot tell (the US). */
const RECEIVES_SMS = new Set(["MOBILE", "FIXED_LINE_OR_MOBILE"]);

/** Digits, spaces, dots, hyphens and parentheses, with an optional leading plus: what people type. */
const TYPED = /^\+?[0-9][0-9 ().-]{5,30}$/;

function check(lib: Library, input: string, policy: PhonePolicy): PhoneReading {
  const trimmed = input.trim();
  if (!TYPED.test(trimmed)) return { ok: false, problem: "invalid" };
  // A default region only applies to numbers without a country code; "+..." numbers carry their own.
  const region = lib.isSupportedCountry(policy.defaultRegion) ? policy.defaultRegion : undefined;
  const parsed = lib.parsePhoneNumberFromString(trimmed, trimmed.startsWith("+") ? undefined : region);
  if (!parsed?.isValid()) return { ok: false, problem: "invalid" };
  if (parsed.country === undefined || !policy.allowedRegions.includes(parsed.country)) {
    return { ok: false, problem: "region_not_allowed" };
  }
  if (!RECEIVES_SMS.has(parsed.getType() ?? "")) return { ok: false, problem: "not_mobile" };
  return { ok: true, e164: parsed.number };
}

/** Reads a number as typed; the E.164 form when it is a mobile number SMS may go to. */
export async function readPhoneNumber(input: string, policy: PhonePolicy): Promise<PhoneReading> {
  return check(await load(), input, policy);
}

/** Why SMS may not go to a stored E.164 number under this policy (it may have changed since), if it may not. */
export async function destinationProblem(e164: string, policy: PhonePolicy): Promise<PhoneProblem | undefined> {
  const reading = check(await load(), e164, policy);
  return reading.ok ? undefined : reading.problem;
}

/** A number with all but its last three digits hidden, for logs: +2547******678. */
export function maskedNumber(e164: string): string {
  if (e164.length <= 7) return "*".repeat(e164.length);
  return `${e164.slice(0, 5)}${"*".repeat(e164.length - 8)}${e164.slice(-3)}`;
}

/** Every E.164-looking number in a text masked (for log lines built from text we do not control). */
export function maskPhoneNumbers(text: string): string {
  return text.replace(/\+\d{7,15}/g, (number) => maskedNumber(number));
}
