/**
 * The caller's profile, as every route that needs it reads it: kept in step with the account's
 * sign-in first (identity-rules.ts), so that the profile of an account that changed hands is gone,
 * with its proven number, before anything reads it to send an SMS or take an order.
 */
import type { Auth } from "firebase-admin/auth";
import * as logger from "firebase-functions/logger";
import type { Caller } from "../http/auth.js";
import { ServiceUnavailableError, UnauthorizedError } from "../http/errors.js";
import type { StoredProfile } from "./account-documents.js";
import { identityVerdict, sessionsEndedSince } from "./identity-rules.js";
import { profileIncomplete } from "./profile-incomplete.js";
import type { UsersRepository } from "./users-repository.js";

export function createProfileReader(deps: { auth: Auth; users: UsersRepository; clock: () => Date }) {
  const { auth, users, clock } = deps;
  return {
    /** The caller's profile, or 409 profile_incomplete when the account has none yet. */
    async profileOf(caller: Caller): Promise<StoredProfile> {
      const stored = await users.getProfile(caller.uid);
      if (!stored) throw profileIncomplete();
      // One comparison on every read; a write only when the account's sign-in changed.
      if (identityVerdict(stored.identity, caller) === "same") return stored;
      const reconciled = await users.reconcileIdentity(caller.uid, caller, clock());
      if (!reconciled) throw profileIncomplete();
      if (reconciled.verdict !== "replaced") return reconciled.profile;
      logger.warn("account sign-in changed hands: its profile and proven number were released", { uid: caller.uid });
      // Firebase ends the old sessions itself when it hands an account over or resets its password. If
      // it did not this time (the email changed without it), end them here, this one included.
      if (stored.identity && !sessionsEndedSince(stored.identity, caller)) {
        try {
          await auth.revokeRefreshTokens(caller.uid);
        } catch (error) {
          throw new ServiceUnavailableError("auth_unavailable", "Authentication is unavailable; try again.", error);
        }
        throw new UnauthorizedError("invalid_token", "The account's sign-in changed; sign in again.", true);
      }
      // Whoever holds the account now completes a profile of their own (PUT /me/).
      throw profileIncomplete();
    },
  };
}

export type ProfileReader = ReturnType<typeof createProfileReader>;
