/**
 * Who is staff: the custom claim role "staff" on the Auth account (the API reads it from the account
 * on every request), and staff/{uid}, a document only the server writes, which the Firestore rules
 * check (a token's claim alone lives on for up to an hour after a revoke). Granted only on proof: a
 * verified email, or a uid someone checked by hand.
 */
import type { Auth, UserRecord } from "firebase-admin/auth";
import { Timestamp, type Firestore } from "firebase-admin/firestore";

export class StaffGrantRefused extends Error {}

export type StaffMember = { email: string } | { uid: string };

export function createStaffRoles(auth: Auth, db: Firestore) {
  const staff = db.collection("staff");

  async function find(member: StaffMember): Promise<UserRecord> {
    return "uid" in member ? auth.getUser(member.uid) : auth.getUserByEmail(member.email.trim().toLowerCase());
  }

  return {
    /**
     * Grants the role. By email only when the account's owner proved that email: anyone can register
     * an address that is not theirs before its owner does.
     */
    async grant(member: StaffMember, now: Date = new Date()): Promise<UserRecord> {
      const user = await find(member);
      if ("email" in member && !user.emailVerified) {
        throw new StaffGrantRefused(
          `${member.email} is not verified on account ${user.uid}: anyone could have registered it. Ask its owner to verify it, or grant by --uid once you know whose account it is.`,
        );
      }
      await auth.setCustomUserClaims(user.uid, { ...(user.customClaims ?? {}), role: "staff" });
      await staff.doc(user.uid).set({ email: user.email ?? null, granted_at: Timestamp.fromDate(now) });
      return user;
    },

    /** Takes the role back: at once in the API and in Firestore; `signOut` also ends the member's sessions. */
    async revoke(member: StaffMember, options: { signOut: boolean }): Promise<UserRecord> {
      const user = await find(member);
      const claims: Record<string, unknown> = { ...(user.customClaims ?? {}) };
      delete claims.role;
      await staff.doc(user.uid).delete();
      await auth.setCustomUserClaims(user.uid, claims);
      if (options.signOut) await auth.revokeRefreshTokens(user.uid);
      return user;
    },
  };
}
