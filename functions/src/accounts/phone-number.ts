/** Phone numbers are checked with libphonenumber's full metadata and stored in E.164 form. */
import { parsePhoneNumberFromString } from "libphonenumber-js/max";

export function normalisePhoneNumber(input: string): string | undefined {
  const trimmed = input.trim();
  if (!trimmed.startsWith("+")) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed);
  return parsed?.isValid() ? parsed.number : undefined;
}
