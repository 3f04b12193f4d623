/** Firestore access for user profiles and the usernames that make them unique. */
import { Timestamp, type Firestore } from "firebase-admin/firestore";
import { grpcCode, GrpcStatus } from "../firestore-errors.js";
import type { Profile } from "./schemas.js";

export interface StoredProfile {
  username: string;
  username_lower: string;
  email: string;
  phone_number: string;
  created_at: Timestamp;
}

export class UsernameTakenError extends Error {
  constructor() {
    super("username already taken");
  }
}

export function toProfile(uid: string, stored: StoredProfile): Profile {
  return {
    uid,
    email: stored.email,
    username: stored.username,
    phone_number: stored.phone_number,
    created_at: stored.created_at.toDate().toISOString(),
  };
}

export function createUsersRepository(db: Firestore) {
  const users = db.collection("users");
  const usernames = db.collection("usernames");

  return {
    async usernameExists(usernameLower: string): Promise<boolean> {
      return (await usernames.doc(usernameLower).get()).exists;
    },

    /**
     * Writes the profile and the username claim in one atomic batch; `create` fails if either exists,
     * so of many concurrent registrations of one username exactly one succeeds.
     */
    async createProfile(uid: string, profile: Omit<StoredProfile, "created_at">, now: Date): Promise<StoredProfile> {
      const stored: StoredProfile = { ...profile, created_at: Timestamp.fromDate(now) };
      const batch = db.batch();
      batch.create(usernames.doc(profile.username_lower), { uid, created_at: stored.created_at });
      batch.create(users.doc(uid), stored);
      try {
        await batch.commit();
      } catch (error) {
        if (grpcCode(error) === GrpcStatus.ALREADY_EXISTS) throw new UsernameTakenError();
        throw error;
      }
      return stored;
    },

    async getProfile(uid: string): Promise<StoredProfile | undefined> {
      const snapshot = await users.doc(uid).get();
      return snapshot.exists ? (snapshot.data() as StoredProfile) : undefined;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
