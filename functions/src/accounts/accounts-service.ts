/**
 * Account rules: registration as one unit across Firebase Auth and Firestore, login, refresh, logout,
 * the profile (also for accounts made by signing in with Google or another provider), and proving
 * the phone number with a code sent by SMS.
 */
import { randomBytes, randomInt } from "node:crypto";
import type { Auth } from "firebase-admin/auth";
import { Timestamp } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { accountCaller, authUnavailable, sessionRefusal, type Caller } from "../http/auth.js";
import {
  ApiError,
  fieldProblem,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  ValidationError,
} from "../http/errors.js";
import { rateLimitHeaders, type Count, type Keyed, type RateCounter } from "../http/rate-limit.js";
import type { SmsBudget } from "../config.js";
import { readPhoneNumber, type PhonePolicy } from "../phone/phone-number.js";
import { adminCode, isFirestoreUnavailable } from "../platform/sdk-errors.js";
import type { Consent } from "../sms/delivery-rules.js";
import type { SmsRepository } from "../sms/sms-repository.js";
import type { Language } from "../platform/language.js";
import { verificationText } from "../texts/sms-texts.js";
import type { IdentityClient } from "./identity-toolkit.js";
import { profileIncomplete } from "./profile-incomplete.js";
import {
  PHONE_MESSAGE,
  type LoginRequest,
  type LoginResponse,
  type Profile,
  type ProfilePatch,
  type ProfileUpdate,
  type RegisterRequest,
  type SessionTokens,
} from "./schemas.js";
import type { ProfileReader } from "./profile-reader.js";
import { UsernameTakenError, type StoredProfile, type UsersRepository } from "./users-repository.js";
import { hashCode, type VerificationRefusal } from "./verification-rules.js";

const usernameTaken = () => fieldProblem("username_taken", "username", "A user with that username already exists.");
const phoneTaken = () =>
  fieldProblem("phone_number_taken", "phone_number", "Another account has proven this phone number.");

/** Auth Admin errors that describe the input, mapped to the 400s the original API answered. */
function registrationInputError(code: string | undefined): ApiError | undefined {
  switch (code) {
    case "auth/email-already-exists":
      return fieldProblem(
        "email_taken",
        "email",
        "A user with that email already exists. If the email is yours, reset the password: the reset proves it.",
      );
    case "auth/invalid-email":
      return fieldProblem("invalid_email", "email", "Enter a valid email address.");
    case "auth/invalid-password":
      return fieldProblem("invalid_password", "password", "Choose a stronger password.");
    default:
      return undefined;
  }
}

function backendUnavailable(error: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError("backend_unavailable", "The service is unavailable; try again shortly.", error);
}

function verificationRefused(refusal: VerificationRefusal | "phone_number_verified_elsewhere"): ApiError {
  switch (refusal) {
    case "profile_incomplete":
      return profileIncomplete();
    case "phone_already_verified":
      return new ApiError("phone_already_verified", "This phone number is already proven.");
    case "verification_not_started":
      return new ApiError("verification_not_started", "No code is pending for this number: request one first.");
    case "verification_code_expired":
      return new ApiError("verification_code_expired", "The code has expired: request a new one.");
    case "verification_attempts_exhausted":
      return new ApiError("verification_attempts_exhausted", "Too many wrong codes: request a new one.");
    case "phone_number_verified_elsewhere":
      return new ApiError("phone_number_verified_elsewhere", "Another account proved this number first.");
  }
}

const REGION_NAMES = new Intl.DisplayNames(["en"], { type: "region" });

/** A typed phone number in E.164, or a 400 naming the field that says what would be accepted. */
async function phoneNumberOf(typed: string, policy: PhonePolicy): Promise<string> {
  const reading = await readPhoneNumber(typed, policy);
  if (reading.ok) return reading.e164;
  const regions = policy.allowedRegions.map((region) => REGION_NAMES.of(region) ?? region).join(", ");
  const message =
    reading.problem === "region_not_allowed"
      ? `This shop sends SMS to mobile numbers in ${regions} only.`
      : reading.problem === "not_mobile"
        ? "Enter a mobile number: this one cannot receive SMS."
        : PHONE_MESSAGE;
  throw new ValidationError([{ field: "phone_number", message }]);
}

export interface VerificationPolicy {
  codesPerNumberPerHour: number;
  codesPerAccountPerHour: number;
  codesPerClientPerHour: number;
  codeTtlMinutes: number;
  codeMaxAttempts: number;
}

export interface AccountsServiceDeps {
  auth: Auth;
  users: UsersRepository;
  identity: IdentityClient;
  counter: RateCounter;
  /** Where verification codes are queued for sending. */
  sms: SmsRepository;
  /** Reads the caller's profile in step with the account's sign-in. */
  profiles: ProfileReader;
  /** Failed sign-ins allowed per client address and minute. */
  loginPerAddress: number;
  /** Failed sign-ins allowed per account (email) from one client address, per 15 minutes. */
  loginPerAccount: number;
  /** Failed sign-ins allowed per account (email) from all addresses together, per hour. */
  loginPerAccountAnyAddress: number;
  /** Profile changes (PUT and PATCH /me/) per account and per client address, per hour. */
  profileChangesPerHour: number;
  profileChangesPerAddressPerHour: number;
  verification: VerificationPolicy;
  /** How typed phone numbers are read, and which are accepted. */
  phones: PhonePolicy;
  /** The language of a profile that has not chosen one. */
  defaultLanguage: Language;
  /** The SMS budgets, to tell a customer the truth before a code is queued that would not be sent. */
  smsBudget: SmsBudget;
  clock: () => Date;
}

function present(uid: string, stored: StoredProfile, consent: Consent, defaultLanguage: Language): Profile {
  return {
    uid,
    email: stored.email,
    username: stored.username,
    phone_number: stored.phone_number,
    phone_verified: stored.phone_verified === true,
    email_verified: stored.identity?.email_verified === true,
    language: stored.language ?? defaultLanguage,
    sms_opted_out: consent.optedOut,
    sms_opted_out_at: consent.optedOutAt ? consent.optedOutAt.toISOString() : null,
    created_at: stored.created_at.toDate().toISOString(),
  };
}

const HOUR = 3600;

/** An account as a phone channel finds it: by the number it proved. */
export interface PhoneCustomer {
  uid: string;
  profile: StoredProfile;
}

function secondsToNextHour(now: Date): number {
  return Math.max(1, HOUR - (Math.floor(now.getTime() / 1000) % HOUR));
}

function secondsToNextUtcDay(now: Date): number {
  return Math.max(1, 24 * HOUR - (Math.floor(now.getTime() / 1000) % (24 * HOUR)));
}

export function createAccountsService(deps: AccountsServiceDeps) {
  const { auth, users, identity, counter, sms, verification, profiles, defaultLanguage, clock } = deps;

  async function presented(uid: string, stored: StoredProfile): Promise<Profile> {
    return present(uid, stored, await sms.consentOf(stored.phone_number), defaultLanguage);
  }

  /** PUT and PATCH /me/ are limited per account and per address: each costs writes and probes uniqueness. */
  async function limitProfileChanges(caller: Caller, clientAddress: string): Promise<void> {
    const detail = "Too many profile changes; wait before trying again.";
    await counter.enforce(
      { scope: "profile-account", limit: deps.profileChangesPerHour, windowSeconds: HOUR },
      caller.uid,
      "rate_limited",
      detail,
    );
    await counter.enforce(
      { scope: "profile-client", limit: deps.profileChangesPerAddressPerHour, windowSeconds: HOUR },
      clientAddress,
      "rate_limited",
      detail,
    );
  }

  function requireEmail(caller: Caller): void {
    if (!caller.email) {
      throw new ApiError(
        "validation_error",
        "The account has no email address; sign in with a provider that shares one.",
        {
          errors: [{ field: "email", message: "The signed-in account has no email address." }],
        },
      );
    }
  }

  async function saved(
    caller: Caller,
    change: { username?: string; phone_number?: string; language?: Language },
  ): Promise<StoredProfile> {
    try {
      const stored = await users.saveProfile(caller.uid, change, caller, clock());
      if (!stored) throw profileIncomplete();
      return stored;
    } catch (error) {
      if (error instanceof UsernameTakenError) throw usernameTaken();
      throw error;
    }
  }

  /** Undo a half-finished registration. If even that fails, say so loudly: an operator must clean up. */
  async function removeAuthUser(uid: string): Promise<void> {
    try {
      await auth.deleteUser(uid);
    } catch (error) {
      logger.error("registration rollback failed: orphan Auth user", { uid, error: String(error) });
    }
  }

  /** The Auth user a number belongs to already (signed in with it, or a repeated registration), if any. */
  async function authUserByNumber(phoneNumber: string): Promise<string | undefined> {
    try {
      return (await auth.getUserByPhoneNumber(phoneNumber)).uid;
    } catch (error) {
      if (adminCode(error) === "auth/user-not-found") return undefined;
      throw new ServiceUnavailableError("auth_unavailable", "Registration is unavailable; try again shortly.", error);
    }
  }

  /**
   * The account whose proven number this is: the number's proof names it, and its profile still has
   * that number. A number typed into a profile but never proven finds nothing.
   */
  async function accountOfNumber(phoneNumber: string): Promise<PhoneCustomer | undefined> {
    return (await numberAndAccount(phoneNumber)).account;
  }

  /**
   * The caller an account is now, for a phone channel: as Firebase Auth holds it (a disabled or
   * deleted account is nobody's), its profile read in step with its sign-in like every route's.
   */
  async function phoneCaller(uid: string): Promise<{ caller: Caller; profile: StoredProfile } | undefined> {
    let caller: Caller;
    try {
      const user = await auth.getUser(uid);
      if (user.disabled) return undefined;
      caller = accountCaller(user);
    } catch (error) {
      if (adminCode(error) === "auth/user-not-found") return undefined;
      if (authUnavailable(error)) {
        throw new ServiceUnavailableError("auth_unavailable", "Authentication is unavailable; try again.", error);
      }
      throw error;
    }
    try {
      return { caller, profile: await profiles.profileOf(caller) };
    } catch (error) {
      // An account that changed hands lost its profile and proof just now: the number is nobody's.
      if (error instanceof ApiError && (error.code === "profile_incomplete" || error.code === "invalid_token")) {
        return undefined;
      }
      throw error;
    }
  }

  /** The number's consent (its proof and its STOP), and the account it proves, if it still does. */
  async function numberAndAccount(
    phoneNumber: string,
  ): Promise<{ consent: Consent; account: PhoneCustomer | undefined }> {
    const consent = await sms.consentOf(phoneNumber);
    if (consent.provenBy === null) return { consent, account: undefined };
    const found = await phoneCaller(consent.provenBy);
    const profile = found?.profile;
    if (profile?.phone_number !== phoneNumber || profile.phone_verified !== true) {
      return { consent, account: undefined };
    }
    return { consent, account: { uid: consent.provenBy, profile } };
  }

  return {
    accountOfNumber,
    numberAndAccount,

    /** The caller a phone customer is (for the orders service), or undefined if the account is no longer theirs. */
    async callerOfCustomer(uid: string): Promise<Caller | undefined> {
      return (await phoneCaller(uid))?.caller;
    },

    /**
     * Registers an account from its phone (a USSD session): the number is proven by the network placing
     * the session from it, so the account has it proven from the start; it has no email and no password,
     * and its Auth user carries the number, so signing in with that number later (Firebase phone sign-in)
     * finds the same account. Repeating it (a gateway's retry) finds the account it made.
     */
    async registerByPhone(input: {
      username: string;
      phoneNumber: string;
      language: Language;
    }): Promise<PhoneCustomer> {
      const usernameLower = input.username.toLowerCase();
      if (await users.usernameExists(usernameLower)) {
        const existing = await accountOfNumber(input.phoneNumber);
        if (existing?.profile.username_lower === usernameLower) return existing;
        throw usernameTaken();
      }
      if (await users.phoneClaimedByOther(input.phoneNumber, "")) throw phoneTaken();

      let uid = await authUserByNumber(input.phoneNumber);
      const created = uid === undefined;
      if (uid === undefined) {
        try {
          uid = (await auth.createUser({ phoneNumber: input.phoneNumber, displayName: input.username })).uid;
        } catch (error) {
          // Made meanwhile by a concurrent registration of the same number: that one is this one.
          if (adminCode(error) !== "auth/phone-number-already-exists") {
            throw new ServiceUnavailableError(
              "auth_unavailable",
              "Registration is unavailable; try again shortly.",
              error,
            );
          }
          uid = await authUserByNumber(input.phoneNumber);
          if (uid === undefined) throw backendUnavailable(error);
        }
      }

      let outcome;
      try {
        outcome = await users.createPhoneAccount(
          uid,
          { username: input.username, phone_number: input.phoneNumber, language: input.language },
          clock(),
        );
      } catch (error) {
        if (created) await removeAuthUser(uid);
        if (isFirestoreUnavailable(error)) throw backendUnavailable(error);
        throw error;
      }
      switch (outcome.kind) {
        case "created":
          return { uid, profile: outcome.profile };
        case "profile_exists":
          if (outcome.profile.phone_number === input.phoneNumber && outcome.profile.phone_verified === true) {
            return { uid, profile: outcome.profile };
          }
          throw phoneTaken();
        case "username_taken":
          if (created) await removeAuthUser(uid);
          throw usernameTaken();
        case "number_taken":
          if (created) await removeAuthUser(uid);
          throw phoneTaken();
      }
    },

    /** The language of every text the customer receives (SMS, USSD screens, the web app). */
    async setLanguage(uid: string, language: Language): Promise<void> {
      await users.setLanguage(uid, language, clock());
    },

    async register(input: RegisterRequest): Promise<Profile> {
      const usernameLower = input.username.toLowerCase();
      const phoneNumber = await phoneNumberOf(input.phone_number, deps.phones);
      // Cheap early answers for the common cases; the batch in createProfile is what guarantees it.
      if (await users.usernameExists(usernameLower)) throw usernameTaken();
      if (await users.phoneClaimedByOther(phoneNumber, "")) throw phoneTaken();

      let uid: string;
      try {
        // No phone number on the Auth user: a typed number proves nothing (see phone verification).
        const record = await auth.createUser({
          email: input.email,
          password: input.password,
          displayName: input.username,
        });
        uid = record.uid;
      } catch (error) {
        const inputError = registrationInputError(adminCode(error));
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
            phone_number: phoneNumber,
          },
          clock(),
        );
        return present(uid, stored, await sms.consentOf(phoneNumber), defaultLanguage);
      } catch (error) {
        await removeAuthUser(uid);
        if (error instanceof UsernameTakenError) throw usernameTaken();
        if (isFirestoreUnavailable(error)) throw backendUnavailable(error);
        throw error;
      }
    },

    /**
     * Signs in, within the limits on failed attempts per client address and per account (guessing one
     * account's password from many addresses is slow too). Only failures are counted: a customer who
     * signs in often spends no writes, and is never locked out by their own successes.
     */
    async login(input: LoginRequest, clientAddress: string): Promise<{ tokens: LoginResponse; perAddress: Count }> {
      // Per account from one address, and a higher bound from all addresses together: a guesser from
      // one address cannot lock the owner out elsewhere, and many addresses are slowed for an hour at most.
      const limits: Keyed[] = [
        { limit: { scope: "login", limit: deps.loginPerAddress, windowSeconds: 60 }, key: clientAddress },
        {
          limit: { scope: "login-account-address", limit: deps.loginPerAccount, windowSeconds: 15 * 60 },
          key: `${input.email} ${clientAddress}`,
        },
        {
          limit: { scope: "login-account", limit: deps.loginPerAccountAnyAddress, windowSeconds: HOUR },
          key: input.email,
        },
      ];
      const [perAddress, perAccountHere, perAccount] = (await counter.peek(limits)) as [Count, Count, Count];
      if (perAddress.exceeded) {
        throw new TooManyRequestsError(
          "rate_limited",
          "Too many failed sign-ins from this address; wait before trying again.",
          perAddress.reset,
          rateLimitHeaders(perAddress),
        );
      }
      const accountLimit = perAccountHere.exceeded ? perAccountHere : perAccount.exceeded ? perAccount : undefined;
      if (accountLimit) {
        throw new TooManyRequestsError(
          "rate_limited",
          "Too many failed sign-ins for this account; wait before trying again, or reset the password.",
          accountLimit.reset,
        );
      }
      try {
        return { tokens: await identity.signInWithPassword(input.email, input.password), perAddress };
      } catch (error) {
        if (error instanceof ApiError && error.code === "invalid_credentials") await counter.add(limits);
        throw error;
      }
    },

    /**
     * New tokens for a refresh token, unless its session no longer counts: a refresh token issued to
     * a sign-in method the account has lost (it changed hands) gets nothing.
     */
    async refresh(refreshToken: string): Promise<SessionTokens> {
      const tokens = await identity.refresh(refreshToken);
      if (await sessionRefusal(auth, tokens.token)) {
        throw new UnauthorizedError("invalid_refresh_token", "The refresh token is not valid; log in again.", true);
      }
      return tokens;
    },

    async logout(caller: Caller): Promise<void> {
      try {
        await auth.revokeRefreshTokens(caller.uid);
      } catch (error) {
        throw new ServiceUnavailableError("auth_unavailable", "Logout is unavailable; try again shortly.", error);
      }
      // Direct Firestore reads end too: the rules refuse sessions that signed in before this.
      if (await users.getProfile(caller.uid)) await users.endSessions(caller.uid, Math.ceil(clock().getTime() / 1000));
    },

    async profile(caller: Caller): Promise<Profile> {
      return presented(caller.uid, await profiles.profileOf(caller));
    },

    /** Creates or changes the caller's profile (PUT /me/). */
    async saveProfile(caller: Caller, input: ProfileUpdate, clientAddress: string): Promise<Profile> {
      requireEmail(caller);
      await limitProfileChanges(caller, clientAddress);
      const phoneNumber = await phoneNumberOf(input.phone_number, deps.phones);
      if (await users.phoneClaimedByOther(phoneNumber, caller.uid)) throw phoneTaken();
      const change = {
        username: input.username,
        phone_number: phoneNumber,
        ...(input.language ? { language: input.language } : {}),
      };
      return presented(caller.uid, await saved(caller, change));
    },

    /** Changes some of the profile (PATCH /me/): the same rules as PUT, and the number's STOP or START. */
    async updateProfile(caller: Caller, input: ProfilePatch, clientAddress: string): Promise<Profile> {
      await limitProfileChanges(caller, clientAddress);
      let profile = await profiles.profileOf(caller);
      const phoneNumber =
        input.phone_number === undefined ? undefined : await phoneNumberOf(input.phone_number, deps.phones);
      if (phoneNumber !== undefined && (await users.phoneClaimedByOther(phoneNumber, caller.uid))) throw phoneTaken();
      const change = {
        ...(input.username === undefined ? {} : { username: input.username }),
        ...(phoneNumber === undefined ? {} : { phone_number: phoneNumber }),
        ...(input.language === undefined ? {} : { language: input.language }),
      };
      if (Object.keys(change).length > 0) profile = await saved(caller, change);
      if (input.sms_opted_out !== undefined) {
        // STOP and START belong to the number: only the account that proved it may say them here.
        if (profile.phone_verified !== true) {
          throw new ApiError(
            "phone_not_verified",
            "Prove the phone number first: SMS preferences belong to a proven number.",
          );
        }
        await sms.setOptOut(profile.phone_number, input.sms_opted_out, "web", clock());
      }
      return presented(caller.uid, profile);
    },

    /**
     * Sends a code to the profile's number: the only message allowed to a number not yet proven.
     * Limited per number (whoever asks), per account and per client address.
     */
    async requestPhoneCode(
      caller: Caller,
      clientAddress: string,
    ): Promise<{ phone_number: string; expires_at: string }> {
      const profile = await profiles.profileOf(caller);
      if (profile.phone_verified === true) {
        throw new ApiError("phone_already_verified", "This phone number is already proven.");
      }
      if (await users.phoneClaimedByOther(profile.phone_number, caller.uid)) {
        throw new ApiError(
          "phone_number_verified_elsewhere",
          "Another account proved this number first; change yours with PUT /me/.",
        );
      }
      const tooMany = "Too many codes were requested; wait before asking again.";
      // Per number and account: one account cannot pump a number, nor use up the codes of its owner.
      for (const [scope, limit, key] of [
        ["code-number-account", verification.codesPerNumberPerHour, `${profile.phone_number} ${caller.uid}`],
        ["code-account", verification.codesPerAccountPerHour, caller.uid],
        ["code-client", verification.codesPerClientPerHour, clientAddress],
      ] as const) {
        await counter.enforce({ scope, limit, windowSeconds: HOUR }, key, "too_many_codes", tooMany);
      }

      const now = clock();
      const message = { kind: "verification_code" as const, to: profile.phone_number, account: caller.uid };
      const refused = await sms.wouldBeRefused(message, deps.smsBudget, deps.phones, now);
      if (refused === "sms_budget_codes_day") {
        throw new ServiceUnavailableError(
          "codes_unavailable",
          "The shop cannot send verification codes today; try again tomorrow.",
          undefined,
          secondsToNextUtcDay(now),
        );
      }
      if (refused === "destination_not_allowed") {
        throw new ValidationError([
          { field: "phone_number", message: "SMS cannot go to this number; change it with PUT /me/." },
        ]);
      }
      if (refused) throw new TooManyRequestsError("too_many_codes", tooMany, secondsToNextHour(now));

      const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
      const salt = randomBytes(16).toString("hex");
      const expiresAt = Timestamp.fromMillis(now.getTime() + verification.codeTtlMinutes * 60_000);
      await users.startVerification(caller.uid, {
        phone_number: profile.phone_number,
        code_hash: hashCode(code, salt),
        salt,
        attempts: 0,
        expires_at: expiresAt,
        sent_at: Timestamp.fromDate(now),
      });
      await sms.queueVerificationCode(
        {
          ...message,
          text: verificationText(code, verification.codeTtlMinutes, profile.language ?? defaultLanguage),
        },
        now,
      );
      return { phone_number: profile.phone_number, expires_at: expiresAt.toDate().toISOString() };
    },

    /** Proves the number with the code it received. */
    async verifyPhone(caller: Caller, code: string): Promise<Profile> {
      // In step with the sign-in first: a proof belongs to whoever holds the account now.
      await profiles.profileOf(caller);
      const outcome = await users.confirmVerification(caller.uid, code, caller, clock(), verification.codeMaxAttempts);
      switch (outcome.kind) {
        case "proven":
          return presented(caller.uid, outcome.profile);
        case "mismatch":
          throw fieldProblem("verification_code_invalid", "code", "The code is not right.");
        case "refused":
          throw verificationRefused(outcome.refusal);
      }
    },
  };
}

export type AccountsService = ReturnType<typeof createAccountsService>;
