/**
 * Phone numbers are checked with libphonenumber's full metadata and stored in E.164 form. The
 * library (about 45 ms to load) is loaded on the first registration, not on every cold start.
 */
let library: Promise<typeof import("libphonenumber-js/max")> | undefined;

export async function normalisePhoneNumber(input: string): Promise<string | undefined> {
  const trimmed = input.trim();
  if (!trimmed.startsWith("+")) return undefined;
  library ??= import("libphonenumber-js/max");
  const parsed = (await library).parsePhoneNumberFromString(trimmed);
  return parsed?.isValid() ? parsed.number : undefined;
}
