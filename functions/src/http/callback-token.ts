/**
 * Africa's Talking signs none of its callbacks: a secret segment in each callback URL (the
 * AT_CALLBACK_TOKEN) is what tells its requests from anyone else's. One parameter for every callback
 * route, compared in constant time; a wrong token is refused before the body is read, with the same
 * answer whatever was wrong about it.
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

function tokenMatches(expected: string, given: string): boolean {
  if (!expected) return false;
  const a = Buffer.from(expected, "utf8");
  const b = Buffer.from(given, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The guard of a callback route: refuses any token but the configured one (an empty one refuses all). */
export function requireCallbackToken(expected: string, given: string): void {
  if (!tokenMatches(expected, given)) throw new ApiError("invalid_callback_token", "This callback URL is not valid.");
}
