/**
 * Account rules: registration as one unit across Firebase Auth and Firestore, login, refresh, logout.
 */
import type { Auth } from "firebase-admin/auth";
import * as logger from "firebase-functions/logger";
import { ApiError, fieldProblem, ServiceUnavailableError } from "../http/errors.js";
import { isFirestoreUnavailable } from "../firestore-errors.js";
import type { IdentityClient } from "./identity-toolkit.js";
import type { LoginRequest, LoginResponse, Profile, RegisterRequest, SessionTokens } from "./schemas.js";
import { toProfile, UsernameTakenError, type UsersRepository } from "./users-repository.js";

const usernameTaken = () => fieldProblem("username_taken", "username", "A user with that username already exists.");

/** Auth Admin errors that describe the input, mapped to the 400s the original API answered. */
function registrationInputError(code: string | undefined): ApiError | undefined {
  switch (code) {
    case "auth/email-already-exists":
      return fieldProblem("email_taken", "email", "A user with that email already exists.");
    case "auth/phone-number-already-exists":
      return fieldProblem("phone_number_taken", "phone_number", "A user with that phone number already exists.");
    case "auth/invalid-email":
      return fieldProblem("invalid_email", "email", "Enter a valid email address.");
    case "auth/invalid-phone-number":
      return fieldProblem("invalid_phone_number", "phone_number", "Enter a valid phone number.");
    case "auth/invalid-password":
      return fieldProblem("invalid_password", "password", "Choose a stronger password.");
    default:
      return undefined;
  }
}

function authErrorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function backendUnavailable(error: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError("backend_unavailable", "The service is unavailable; try again shortly.", error);
}

export interface AccountsServiceDeps {
  auth: Auth;
  users: UsersRepository;
  identity: IdentityClient;
  clock: () => Date;
}

export function createAccountsService({ auth, users, identity, clock }: AccountsServiceDeps) {
  /** Undo a half-finished registration. If even that fails, say so loudly: an operator must clean up. */
  async function removeAuthUser(uid: string): Promise<void> {
    try {
      await auth.deleteUser(uid);
    } catch (error) {
      logger.error("registration rollback failed: orphan Auth user", { uid, error: String(error) });
    }
  }

  return {
    async register(input: RegisterRequest): Promise<Profile> {
      const usernameLower = input.username.toLowerCase();
      // Cheap early answer for the common case; the batch in createProfile is what guarantees it.
      if (await users.usernameExists(usernameLower)) throw usernameTaken();

      let uid: string;
      try {
        const record = await auth.createUser({
          email: input.email,
          password: input.password,
          phoneNumber: input.phone_number,
          displayName: input.username,
        });
        uid = record.uid;
      } catch (error) {
        const inputError = registrationInputError(authErrorCode(error));
        if (inputError) throw inputError;
        throw new ServiceUnavailableError("auth_unavailable", "Registration is unavailable; try again shortly.", error);
      }

      try {
        const stored = await users.createProfile(
          uid,
          {
            username: input.username,
            username_lower: usernameLower,
            email: input.email,
            phone_number: input.phone_number,
          },
          clock(),
        );
        return toProfile(uid, stored);
      } catch (error) {
        await removeAuthUser(uid);
        if (error instanceof UsernameTakenError) throw usernameTaken();
        if (isFirestoreUnavailable(error)) throw backendUnavailable(error);
        throw error;
      }
    },

    login(input: LoginRequest): Promise<LoginResponse> {
      return identity.signInWithPassword(input.email, input.password);
    },

    refresh(refreshToken: string): Promise<SessionTokens> {
      return identity.refresh(refreshToken);
    },

    async logout(uid: string): Promise<void> {
      try {
        await auth.revokeRefreshTokens(uid);
      } catch (error) {
        throw new ServiceUnavailableError("auth_unavailable", "Logout is unavailable; try again shortly.", error);
      }
    },

    async profile(uid: string): Promise<Profile> {
      const stored = await users.getProfile(uid);
      if (!stored) throw new ApiError("profile_not_found", "No profile exists for this account.");
      return toProfile(uid, stored);
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
