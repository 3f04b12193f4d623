/**
 * The secret path segment that authenticates callbacks from the SMS gateway (delivery reports, and
 * any other callback it makes): the gateway signs nothing, so the URL it was given is the proof.
 *
 * Several tokens may be valid at once, so a token can be rotated without losing callbacks: register
 * the new URL with the gateway while both are accepted, then drop the old one (AT_CALLBACK_TOKEN holds
 * them comma separated). A wrong token is a 403 that says nothing about which part was wrong.
 */
import { timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { parameter } from "./contract.js";
import { ApiError } from "./errors.js";

export const callbackTokenParameter = parameter({
  id: "CallbackToken",
  name: "token",
  in: "path",
  required: true,
  description: "The secret AT_CALLBACK_TOKEN.",
  schema: z.string().min(1).max(256),
  example: "3f1c0a9e8b7d6c5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c",
});

function matches(expected: string, given: string): boolean {
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Refuses a callback whose token is none of the valid ones; no token configured refuses every callback. */
export function checkCallbackToken(validTokens: readonly string[], given: string): void {
  // Every token is compared, so the time taken says nothing about which one came close.
  const accepted = validTokens.map((token) => token !== "" && matches(token, given)).includes(true);
  if (!accepted) throw new ApiError("invalid_callback_token", "This callback URL is not valid.");
}
