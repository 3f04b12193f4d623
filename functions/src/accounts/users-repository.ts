/**
 * Firestore access for accounts: profiles, the usernames and proven phone numbers that make them
 * unique, and pending phone verifications. Nothing else touches these collections.
 *
 *   users/{uid}                 the profile
 *   usernames/{username_lower}  {uid}: one account per username, ignoring case
 *   phone_numbers/{e164}        {uid}: one account per *proven* number (a typed one proves nothing)
 *   phone_verifications/{uid}   the code sent last, hashed, with its expiry and attempts
 */
import {
  FieldValue,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Transaction,
  type WriteBatch,
} from "firebase-admin/firestore";
import { grpcCode, GrpcStatus } from "../sdk-errors.js";
import { storedAs } from "../stored-as.js";
import type { Profile } from "./schemas.js";

export interface StoredProfile {
  username: string;
  username_lower: string;
  email: string;
  phone_number: string;
  /** True once the owner typed back the code sent to phone_number. */
  phone_verified?: boolean;
  phone_verified_at?: Timestamp | null;
  created_at: Timestamp;
  updated_at?: Timestamp;
  /**
   * Orders created in the clock hour `hour` (hours since the epoch): the per-account order limit,
   * kept where every new order reads anyway, and written in the order's own batch.
   */
  order_tally?: { hour: number; count: number };
}

interface UsernameClaim {
  uid: string;
  created_at: Timestamp;
}

interface PhoneClaim {
  uid: string;
  verified_at: Timestamp;
}

export interface PendingVerification {
  phone_number: string;
  /** sha256(salt + code), hex; the code itself is never stored here. */
  code_hash: string;
  salt: string;
  attempts: number;
  expires_at: Timestamp;
  sent_at: Timestamp;
}

export class UsernameTakenError extends Error {
  constructor() {
    super("username already taken");
  }
}

export class PhoneTakenError extends Error {
  constructor() {
    super("phone number proven by another account");
  }
}

export function toProfile(uid: string, stored: StoredProfile): Profile {
  return {
    uid,
    email: stored.email,
    username: stored.username,
    phone_number: stored.phone_number,
    phone_verified: stored.phone_verified === true,
    created_at: stored.created_at.toDate().toISOString(),
  };
}

export function createUsersRepository(db: Firestore) {
  const users = db.collection("users").withConverter(storedAs<StoredProfile>());
  const usernames = db.collection("usernames").withConverter(storedAs<UsernameClaim>());
  const phoneNumbers = db.collection("phone_numbers").withConverter(storedAs<PhoneClaim>());
  const verifications = db.collection("phone_verifications").withConverter(storedAs<PendingVerification>());

  /** Releases what an account held, inside a transaction: its username and its proven number. */
  async function releaseClaims(transaction: Transaction, uid: string, profile: StoredProfile): Promise<void> {
    const usernameRef = usernames.doc(profile.username_lower);
    const phoneRef = phoneNumbers.doc(profile.phone_number);
    const [username, phone] = await Promise.all([transaction.get(usernameRef), transaction.get(phoneRef)]);
    if (username.data()?.uid === uid) transaction.delete(usernameRef);
    if (phone.data()?.uid === uid) transaction.delete(phoneRef);
  }

  return {
    async usernameExists(usernameLower: string): Promise<boolean> {
      return (await usernames.doc(usernameLower).get()).exists;
    },

    async phoneClaimedByOther(phoneNumber: string, uid: string): Promise<boolean> {
      const claim = (await phoneNumbers.doc(phoneNumber).get()).data();
      return claim !== undefined && claim.uid !== uid;
    },

    async getProfile(uid: string): Promise<StoredProfile | undefined> {
      return (await users.doc(uid).get()).data();
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
     * Creates or changes a profile's username and phone number as one unit: a new username is claimed
     * and the old one released in the same transaction; a new number starts unproven (and releases the
     * proof of the old one). Email comes from the Auth account, never from the request.
     */
    async saveProfile(
      uid: string,
      change: { username: string; phone_number: string; email: string },
      now: Date,
    ): Promise<StoredProfile> {
      const at = Timestamp.fromDate(now);
      const usernameLower = change.username.toLowerCase();
      return db.runTransaction(async (transaction) => {
        const profileRef = users.doc(uid);
        const current = (await transaction.get(profileRef)).data();
        const claim = (await transaction.get(usernames.doc(usernameLower))).data();
        if (claim && claim.uid !== uid) throw new UsernameTakenError();
        const oldPhoneRef = current ? phoneNumbers.doc(current.phone_number) : undefined;
        const oldPhone = oldPhoneRef ? (await transaction.get(oldPhoneRef)).data() : undefined;

        const phoneChanged = current?.phone_number !== change.phone_number;
        const stored: StoredProfile = {
          username: change.username,
          username_lower: usernameLower,
          email: change.email,
          phone_number: change.phone_number,
          phone_verified: phoneChanged ? false : current.phone_verified === true,
          phone_verified_at: phoneChanged ? null : (current.phone_verified_at ?? null),
          created_at: current?.created_at ?? at,
          updated_at: at,
          // Changing the profile must not reset the order limit.
          ...(current?.order_tally ? { order_tally: current.order_tally } : {}),
        };
        if (!claim) transaction.create(usernames.doc(usernameLower), { uid, created_at: at });
        if (current && current.username_lower !== usernameLower)
          transaction.delete(usernames.doc(current.username_lower));
        if (phoneChanged && oldPhoneRef && oldPhone?.uid === uid) transaction.delete(oldPhoneRef);
        if (phoneChanged) transaction.delete(verifications.doc(uid));
        transaction.set(profileRef, stored);
        return stored;
      });
    },

    /** Counts one order toward the profile's tally for `hour`, in the batch that creates the order. */
    tallyOrder(batch: WriteBatch, uid: string, hour: number, firstThisHour: boolean): void {
      const profile = db.collection("users").doc(uid);
      if (firstThisHour) batch.set(profile, { order_tally: { hour, count: 1 } }, { merge: true });
      else batch.update(profile, { "order_tally.count": FieldValue.increment(1) });
    },

    /** Keeps the profile's email equal to the Auth account's, which users change outside the API. */
    async syncEmail(uid: string, email: string, now: Date): Promise<void> {
      await users.doc(uid).update({ email, updated_at: Timestamp.fromDate(now) });
    },

    async pendingVerification(uid: string): Promise<PendingVerification | undefined> {
      return (await verifications.doc(uid).get()).data();
    },

    /** Replaces the account's pending verification (a new code makes the old one useless). */
    async startVerification(uid: string, verification: PendingVerification): Promise<void> {
      await verifications.doc(uid).set(verification);
    },

    /**
     * Checks a code inside a transaction, counting the attempt. `decide` sees the pending verification
     * and says whether the code matches; on a match the number is claimed for the account (refused if
     * another account proved it first), marked proven on the profile, and the verification removed.
     */
    async confirmVerification(
      uid: string,
      now: Date,
      decide: (pending: PendingVerification | undefined, profile: StoredProfile | undefined) => "match" | "mismatch",
    ): Promise<StoredProfile | "mismatch"> {
      return db.runTransaction(async (transaction) => {
        const verificationRef = verifications.doc(uid);
        const profileRef = users.doc(uid);
        const pending = (await transaction.get(verificationRef)).data();
        const profile = (await transaction.get(profileRef)).data();
        const phoneRef: DocumentReference<PhoneClaim> | undefined = pending
          ? phoneNumbers.doc(pending.phone_number)
          : undefined;
        const claim = phoneRef ? (await transaction.get(phoneRef)).data() : undefined;
        const verdict = decide(pending, profile);
        if (!pending || !profile || !phoneRef)
          throw new Error("decide() must refuse a missing verification or profile");
        if (verdict === "mismatch") {
          transaction.update(verificationRef, { attempts: pending.attempts + 1 });
          return "mismatch";
        }
        if (claim && claim.uid !== uid) throw new PhoneTakenError();
        const at = Timestamp.fromDate(now);
        if (!claim) transaction.create(phoneRef, { uid, verified_at: at });
        transaction.update(profileRef, { phone_verified: true, phone_verified_at: at, updated_at: at });
        transaction.delete(verificationRef);
        return { ...profile, phone_verified: true, phone_verified_at: at, updated_at: at };
      });
    },

    /**
     * What an account leaves when its Auth user is deleted (outside the API, say): the profile, the
     * username and number it held (free again for others) and its pending verification.
     */
    async deleteAccountData(uid: string): Promise<boolean> {
      return db.runTransaction(async (transaction) => {
        const profileRef = users.doc(uid);
        const profile = (await transaction.get(profileRef)).data();
        if (profile) await releaseClaims(transaction, uid, profile);
        transaction.delete(verifications.doc(uid));
        transaction.delete(profileRef);
        return profile !== undefined;
      });
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
