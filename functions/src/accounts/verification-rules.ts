/**
 * Proving a phone number with a code sent to it, as pure decisions: the users repository applies
 * them inside its transaction, and the accounts service turns a refusal into the API's answer.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { PendingVerification, StoredProfile } from "./account-documents.js";

export function hashCode(code: string, salt: string): string {
  return createHash("sha256").update(`${salt}:${code}`, "utf8").digest("hex");
}

function codesMatch(pending: PendingVerification, code: string): boolean {
  const expected = Buffer.from(pending.code_hash, "hex");
  const given = Buffer.from(hashCode(code, pending.salt), "hex");
  return expected.length === given.length && timingSafeEqual(expected, given);
}

export type VerificationRefusal =
  | "profile_incomplete"
  | "phone_already_verified"
  | "verification_not_started"
  | "verification_code_expired"
  | "verification_attempts_exhausted";

export type VerificationDecision =
  { kind: "match" } | { kind: "mismatch" } | { kind: "refused"; refusal: VerificationRefusal };

export function decideVerification(
  facts: { pending: PendingVerification | undefined; profile: StoredProfile | undefined; code: string; now: Date },
  maxAttempts: number,
): VerificationDecision {
  const { pending, profile, code, now } = facts;
  const refused = (refusal: VerificationRefusal) => ({ kind: "refused", refusal }) as const;
  if (!profile) return refused("profile_incomplete");
  if (profile.phone_verified === true) return refused("phone_already_verified");
  if (pending?.phone_number !== profile.phone_number) return refused("verification_not_started");
  if (pending.expires_at.toMillis() <= now.getTime()) return refused("verification_code_expired");
  if (pending.attempts >= maxAttempts) return refused("verification_attempts_exhausted");
  return codesMatch(pending, code) ? { kind: "match" } : { kind: "mismatch" };
}
