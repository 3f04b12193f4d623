/**
 * Firestore access for accounts: profiles, the usernames that make them unique, and pending phone
 * verifications. Nothing else touches these collections:
 *
 *   users/{uid}                 the profile
 *   usernames/{username_lower}  {uid}: one account per username, ignoring case
 *   phone_verifications/{uid}   the code sent last, hashed, with its expiry and attempts
 *
 * Who proved a number (one account per proven number; a typed one proves nothing) is the SMS
 * module's consent record: this repository records and releases proofs there, inside its own
 * transactions. Plain values in, outcomes out; the decisions are verification-rules.ts's and
 * identity-rules.ts's.
 */
import {
  FieldPath,
  FieldValue,
  Timestamp,
  type Firestore,
  type Transaction,
  type WriteBatch,
} from "firebase-admin/firestore";
import { grpcCode, GrpcStatus } from "../platform/sdk-errors.js";
import { storedAs } from "../platform/stored-as.js";
import type { SmsRepository } from "../sms/sms-repository.js";
import type { Language } from "../platform/language.js";
import type { OrderTally, PendingVerification, StoredProfile, UsernameClaim } from "./account-documents.js";
import { identityVerdict, recordedIdentityOf, type RecordedIdentity } from "./identity-rules.js";
import { decideVerification, type VerificationRefusal } from "./verification-rules.js";
import { runTransaction } from "../platform/transactions.js";

export type { OrderTally, PendingVerification, StoredProfile };

export class UsernameTakenError extends Error {
  constructor() {
    super("username already taken");
  }
}

/** What registering an account from its phone came to. */
export type PhoneAccountOutcome =
  | { kind: "created"; profile: StoredProfile }
  | { kind: "username_taken" }
  /** Another account proved the number first. */
  | { kind: "number_taken" }
  /** The Auth user already has a profile (a repeated registration finds its own). */
  | { kind: "profile_exists"; profile: StoredProfile };

/** The account as Firebase Auth holds it now (see http/auth.ts Caller). */
export interface AccountIdentity {
  email: string | undefined;
  emailVerified: boolean;
  providers: string[];
  sessionsValidAfter: number;
}

/** The fields of a profile a change may set; absent ones stay as they are. */
export interface ProfileChange {
  username?: string;
  phone_number?: string;
  language?: Language;
}

/** What the profile carries of the account's sign-in, from what the API saw last. */
function identityFields(identity: RecordedIdentity) {
  return {
    // An account signed in by phone alone (one registered by USSD, say) has no email: null, not "".
    email: identity.email === "" ? null : identity.email,
    identity,
    sign_in_providers: identity.providers,
    sessions_valid_after: identity.sessions_valid_after,
  };
}

export function createUsersRepository(db: Firestore, deps: { sms: SmsRepository }) {
  const { sms } = deps;
  const users = db.collection("users").withConverter(storedAs<StoredProfile>());
  const usernames = db.collection("usernames").withConverter(storedAs<UsernameClaim>());
  const verifications = db.collection("phone_verifications").withConverter(storedAs<PendingVerification>());

  /** Releases the proof of the profile's number, inside a transaction, if this account holds it (read first). */
  function releaseProofIn(
    transaction: Transaction,
    uid: string,
    profile: StoredProfile,
    provenBy: string | null,
  ): void {
    if (provenBy === uid) sms.releaseProofIn(transaction, profile.phone_number);
    transaction.delete(verifications.doc(uid));
  }

  return {
    async usernameExists(usernameLower: string): Promise<boolean> {
      return (await usernames.doc(usernameLower).get()).exists;
    },

    async phoneClaimedByOther(phoneNumber: string, uid: string): Promise<boolean> {
      const { provenBy } = await sms.consentOf(phoneNumber);
      return provenBy !== null && provenBy !== uid;
    },

    async getProfile(uid: string): Promise<StoredProfile | undefined> {
      return (await users.doc(uid).get()).data();
    },

    /** The accounts whose usernames start with `prefix` (ignoring case), at most `limit`. */
    async uidsByUsernamePrefix(prefix: string, limit: number): Promise<string[]> {
      const start = prefix.toLowerCase();
      const snapshot = await usernames
        .where(FieldPath.documentId(), ">=", start)
        .where(FieldPath.documentId(), "<", `${start}\uf8ff`)
        .limit(limit)
        .get();
      return snapshot.docs.map((doc) => doc.data().uid);
    },

    /**
     * Writes the profile and the username claim in one atomic batch; `create` fails if either exists,
     * so of many concurrent registrations of one username exactly one succeeds.
     */
    async createProfile(
      uid: string,
      profile: Pick<StoredProfile, "username" | "username_lower" | "email" | "phone_number">,
      now: Date,
    ): Promise<StoredProfile> {
      const at = Timestamp.fromDate(now);
      const stored: StoredProfile = {
        ...profile,
        phone_verified: false,
        phone_verified_at: null,
        created_at: at,
        updated_at: at,
      };
      const batch = db.batch();
      batch.create(usernames.doc(profile.username_lower), { uid, created_at: at });
      batch.create(users.doc(uid), stored);
      try {
        await batch.commit();
      } catch (error) {
        if (grpcCode(error) === GrpcStatus.ALREADY_EXISTS) throw new UsernameTakenError();
        throw error;
      }
      return stored;
    },

    /**
     * Creates (with username and number) or changes a profile as one unit: a new username is claimed
     * and the old one released in the same transaction; a new number starts unproven (and releases
     * the proof of the old one). The email and sign-in come from the Auth account, never the request.
     * Undefined when there is no profile to change and the change cannot create one.
     */
    async saveProfile(
      uid: string,
      change: ProfileChange,
      identity: AccountIdentity,
      now: Date,
    ): Promise<StoredProfile | undefined> {
      const at = Timestamp.fromDate(now);
      return runTransaction(db, async (transaction) => {
        const profileRef = users.doc(uid);
        const current = (await transaction.get(profileRef)).data();
        const username = change.username ?? current?.username;
        const phoneNumber = change.phone_number ?? current?.phone_number;
        if (username === undefined || phoneNumber === undefined) return undefined;
        const usernameLower = username.toLowerCase();
        const claim = (await transaction.get(usernames.doc(usernameLower))).data();
        if (claim && claim.uid !== uid) throw new UsernameTakenError();
        const oldProvenBy = current ? await sms.provenByIn(transaction, current.phone_number) : null;

        const phoneChanged = current?.phone_number !== phoneNumber;
        const stored: StoredProfile = {
          ...current,
          username,
          username_lower: usernameLower,
          phone_number: phoneNumber,
          ...(change.language ? { language: change.language } : {}),
          phone_verified: phoneChanged ? false : current.phone_verified === true,
          phone_verified_at: phoneChanged ? null : (current.phone_verified_at ?? null),
          created_at: current?.created_at ?? at,
          updated_at: at,
          ...identityFields(recordedIdentityOf(identity, now)),
        };
        if (!claim) transaction.create(usernames.doc(usernameLower), { uid, created_at: at });
        if (current && current.username_lower !== usernameLower)
          transaction.delete(usernames.doc(current.username_lower));
        if (phoneChanged && current) releaseProofIn(transaction, uid, current, oldProvenBy);
        transaction.set(profileRef, stored);
        return stored;
      });
    },

    /**
     * Creates the profile of an account registered from its phone, in one transaction: the username
     * claim, the profile with its number proven, and the number's proof (the network placed the
     * session from it, which is the proof). Nothing is written unless all of it is.
     */
    async createPhoneAccount(
      uid: string,
      profile: { username: string; phone_number: string; language: Language },
      now: Date,
    ): Promise<PhoneAccountOutcome> {
      const at = Timestamp.fromDate(now);
      const usernameLower = profile.username.toLowerCase();
      return runTransaction(db, async (transaction): Promise<PhoneAccountOutcome> => {
        const profileRef = users.doc(uid);
        const usernameRef = usernames.doc(usernameLower);
        const [existing, claim, provenBy] = await Promise.all([
          transaction.get(profileRef),
          transaction.get(usernameRef),
          sms.provenByIn(transaction, profile.phone_number),
        ]);
        const current = existing.data();
        if (current) return { kind: "profile_exists", profile: current };
        if (claim.exists && claim.data()?.uid !== uid) return { kind: "username_taken" };
        if (provenBy !== null && provenBy !== uid) return { kind: "number_taken" };
        const stored: StoredProfile = {
          username: profile.username,
          username_lower: usernameLower,
          email: null,
          phone_number: profile.phone_number,
          language: profile.language,
          phone_verified: true,
          phone_verified_at: at,
          created_at: at,
          updated_at: at,
        };
        if (!claim.exists) transaction.create(usernameRef, { uid, created_at: at });
        transaction.create(profileRef, stored);
        sms.recordProofIn(transaction, profile.phone_number, uid, now, "ussd");
        return { kind: "created", profile: stored };
      });
    },

    /** The language of every text the customer receives. */
    async setLanguage(uid: string, language: Language, now: Date): Promise<void> {
      await users.doc(uid).update({ language, updated_at: Timestamp.fromDate(now) });
    },

    /**
     * Brings the profile's record of the account's sign-in up to date (identity-rules.ts decides).
     * When the person behind the account may have changed, the profile goes, with what it held (its
     * username, the proof of its number, its pending code): the account keeps nothing of whoever held
     * it before, and its holder now completes a profile of their own (orders stay on record). With
     * the profile gone, the rules refuse every direct read until then.
     */
    async reconcileIdentity(
      uid: string,
      identity: AccountIdentity,
      now: Date,
    ): Promise<{ verdict: "same" | "updated"; profile: StoredProfile } | { verdict: "replaced" } | undefined> {
      return runTransaction(db, async (transaction) => {
        const profileRef = users.doc(uid);
        const current = (await transaction.get(profileRef)).data();
        if (!current) return undefined;
        const verdict = identityVerdict(current.identity, identity);
        if (verdict === "same") return { verdict, profile: current };
        if (verdict === "replaced") {
          const usernameRef = usernames.doc(current.username_lower);
          const [username, provenBy] = await Promise.all([
            transaction.get(usernameRef),
            sms.provenByIn(transaction, current.phone_number),
          ]);
          if (username.data()?.uid === uid) transaction.delete(usernameRef);
          releaseProofIn(transaction, uid, current, provenBy);
          transaction.delete(profileRef);
          return { verdict };
        }
        const fields = { ...identityFields(recordedIdentityOf(identity, now)), updated_at: Timestamp.fromDate(now) };
        transaction.update(profileRef, fields);
        return { verdict, profile: { ...current, ...fields } };
      });
    },

    /** Logout: direct reads by sessions that signed in before now are refused too (the rules read it). */
    async endSessions(uid: string, validAfterSeconds: number): Promise<void> {
      await users.doc(uid).set({ sessions_valid_after: validAfterSeconds }, { merge: true });
    },

    /** Counts one order toward the profile's tally for its hour, in the batch that creates the order. */
    tallyOrderIn(batch: WriteBatch, uid: string, tally: OrderTally): void {
      const profile = db.collection("users").doc(uid);
      if (tally.firstThisHour) batch.set(profile, { order_tally: { hour: tally.hour, count: 1 } }, { merge: true });
      else batch.update(profile, { "order_tally.count": FieldValue.increment(1) });
    },

    /** The same count, in the transaction that creates an order from the catalogue. */
    tallyOrderInTransaction(transaction: Transaction, uid: string, tally: OrderTally): void {
      const profile = db.collection("users").doc(uid);
      if (tally.firstThisHour)
        transaction.set(profile, { order_tally: { hour: tally.hour, count: 1 } }, { merge: true });
      else transaction.update(profile, { "order_tally.count": FieldValue.increment(1) });
    },

    async pendingVerification(uid: string): Promise<PendingVerification | undefined> {
      return (await verifications.doc(uid).get()).data();
    },

    /** Replaces the account's pending verification (a new code makes the old one useless). */
    async startVerification(uid: string, verification: PendingVerification): Promise<void> {
      await verifications.doc(uid).set(verification);
    },

    /**
     * Checks a code inside a transaction, counting the attempt (verification-rules.ts decides). On a
     * match the number is claimed for the account (refused if another account proved it first),
     * marked proven on the profile with the sign-in that proved it, and the verification removed.
     */
    async confirmVerification(
      uid: string,
      code: string,
      identity: AccountIdentity,
      now: Date,
      maxAttempts: number,
    ): Promise<
      | { kind: "proven"; profile: StoredProfile }
      | { kind: "mismatch" }
      | { kind: "refused"; refusal: VerificationRefusal | "phone_number_verified_elsewhere" }
    > {
      return runTransaction(db, async (transaction) => {
        const verificationRef = verifications.doc(uid);
        const profileRef = users.doc(uid);
        const pending = (await transaction.get(verificationRef)).data();
        const profile = (await transaction.get(profileRef)).data();
        const provenBy = pending ? await sms.provenByIn(transaction, pending.phone_number) : null;
        const decision = decideVerification({ pending, profile, code, now }, maxAttempts);
        if (decision.kind === "refused") return decision;
        if (!pending || !profile) throw new Error("a decision without a pending verification and a profile");
        if (decision.kind === "mismatch") {
          transaction.update(verificationRef, { attempts: pending.attempts + 1 });
          return decision;
        }
        if (provenBy !== null && provenBy !== uid) {
          return { kind: "refused", refusal: "phone_number_verified_elsewhere" } as const;
        }
        const at = Timestamp.fromDate(now);
        // The proof belongs to the sign-in that made it: a later change of hands releases it.
        const fields = {
          phone_verified: true,
          phone_verified_at: at,
          updated_at: at,
          ...identityFields(recordedIdentityOf(identity, now)),
        };
        sms.recordProofIn(transaction, pending.phone_number, uid, now);
        transaction.update(profileRef, fields);
        transaction.delete(verificationRef);
        return { kind: "proven", profile: { ...profile, ...fields } } as const;
      });
    },

    /**
     * What an account leaves when its Auth user is deleted (outside the API, say): the profile, the
     * username and number it held (free again for others) and its pending verification.
     */
    async deleteAccountData(uid: string): Promise<boolean> {
      return runTransaction(db, async (transaction) => {
        const profileRef = users.doc(uid);
        const profile = (await transaction.get(profileRef)).data();
        if (profile) {
          const usernameRef = usernames.doc(profile.username_lower);
          const [username, provenBy] = await Promise.all([
            transaction.get(usernameRef),
            sms.provenByIn(transaction, profile.phone_number),
          ]);
          if (username.data()?.uid === uid) transaction.delete(usernameRef);
          if (provenBy === uid) sms.releaseProofIn(transaction, profile.phone_number);
        }
        transaction.delete(verifications.doc(uid));
        transaction.delete(profileRef);
        return profile !== undefined;
      });
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
