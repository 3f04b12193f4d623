/** The shapes of the accounts' documents in Firestore (users-repository.ts reads and writes them). */
import type { Timestamp } from "firebase-admin/firestore";
import type { Language } from "../platform/language.js";
import type { RecordedIdentity } from "./identity-rules.js";

export interface StoredProfile {
  username: string;
  username_lower: string;
  /** Null for an account registered from a phone (USSD): its number is how it is known. */
  email: string | null;
  phone_number: string;
  /** The language of every text the customer receives (absent: the shop's default). */
  language?: Language;
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
  /** The account's sign-in as the API last saw it (see identity-rules.ts); absent until first seen. */
  identity?: RecordedIdentity;
  /**
   * Seconds: sessions that signed in before this are over (logout, a sign-in that changed hands).
   * The Firestore rules read it, so a revoked session cannot read the profile or orders directly.
   */
  sessions_valid_after?: number;
  /** The sign-in methods sessions may use to read directly (the rules check the token's against them). */
  sign_in_providers?: string[];
}

export interface UsernameClaim {
  uid: string;
  created_at: Timestamp;
}

/** The hour an order is counted in, and whether it is the first of that hour (which resets the count). */
export interface OrderTally {
  hour: number;
  firstThisHour: boolean;
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
