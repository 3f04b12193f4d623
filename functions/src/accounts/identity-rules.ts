/**
 * Whether the person behind an account may have changed, as a pure decision over what the profile
 * recorded of the account's sign-in and what Firebase Auth holds now.
 *
 * Firebase keeps one account per email: when someone signs in with a provider that vouches for the
 * email (Google) and the account's password was never verified, the account is handed over and the
 * password dropped. A password reset by email link proves the email too. Either way, whoever proved
 * the phone number before may not be the person holding the account now; so may it be after the
 * email itself changes. Those are "replaced": the number must be proven again.
 */
import type { Caller } from "../http/auth.js";

/** What the profile recorded of the account's sign-in when it last looked. */
export interface RecordedIdentity {
  email: string;
  email_verified: boolean;
  providers: string[];
  /** Seconds; Firebase's own revocation time of the account's sessions when recorded. */
  sessions_valid_after: number;
  /** Milliseconds: when this was recorded. */
  recorded_at: number;
}

export type IdentityVerdict = "same" | "updated" | "replaced";

type Current = Pick<Caller, "email" | "emailVerified" | "providers" | "sessionsValidAfter">;

export function recordedIdentityOf(current: Current, now: Date): RecordedIdentity {
  return {
    email: current.email ?? "",
    email_verified: current.emailVerified,
    providers: [...current.providers].sort(),
    sessions_valid_after: current.sessionsValidAfter,
    recorded_at: now.getTime(),
  };
}

/**
 * Whether Firebase ended the account's sessions since the record was made (it does when it hands an
 * account over, resets its password or changes its email). Its times are whole seconds: a revocation
 * in the very second of the record counts as after it, the safe reading.
 */
export function sessionsEndedSince(recorded: RecordedIdentity, current: Pick<Caller, "sessionsValidAfter">): boolean {
  return current.sessionsValidAfter >= Math.floor(recorded.recorded_at / 1000);
}

/**
 * Whether the sessions were ended by something that happened since the record: as above, and the
 * time they are valid after moved. An account registered and recorded in one second has its creation
 * as that time, which ended nothing.
 */
function sessionsEndedByAChange(recorded: RecordedIdentity, current: Pick<Caller, "sessionsValidAfter">): boolean {
  return current.sessionsValidAfter > recorded.sessions_valid_after && sessionsEndedSince(recorded, current);
}

export function identityVerdict(recorded: RecordedIdentity | undefined, current: Current): IdentityVerdict {
  if (!recorded) return "updated";
  const now = recordedIdentityOf(current, new Date(recorded.recorded_at));
  const methodRemoved = recorded.providers.some((provider) => !now.providers.includes(provider));
  const emailChanged = recorded.email.toLowerCase() !== now.email.toLowerCase();
  // Proven by a reset link: the email became verified and the sessions before it were ended.
  const provenByReset = !recorded.email_verified && now.email_verified && sessionsEndedByAChange(recorded, current);
  if (methodRemoved || emailChanged || provenByReset) return "replaced";
  const unchanged =
    recorded.email_verified === now.email_verified &&
    recorded.sessions_valid_after === now.sessions_valid_after &&
    recorded.providers.length === now.providers.length;
  return unchanged ? "same" : "updated";
}
