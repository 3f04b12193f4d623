/**
 * Bearer-token authentication with Firebase ID tokens.
 *
 * Revocation is checked on every authenticated route: logout promises that the old ID token stops
 * working at once, and only a lookup of the account can keep that promise. The same lookup gives the
 * account as it is now (its methods, email, role), so nothing stale from the token is trusted. Every
 * token problem is a 401 with WWW-Authenticate; an Auth backend we cannot reach is a 503, never a 401
 * or 500.
 */
import type { Request, RequestHandler } from "express";
import type { Auth, DecodedIdToken, UserRecord } from "firebase-admin/auth";
import { adminCode } from "../platform/sdk-errors.js";
import { ApiError, ServiceUnavailableError, UnauthorizedError } from "./errors.js";

/**
 * Who is calling, as far as the API trusts it: the account (uid), and what Firebase Auth holds for it
 * now (read on every request, with the same one lookup the revocation check needs): its email and
 * whether the owner proved it, its sign-in methods, when its sessions were last revoked, and the role
 * only the server sets (a custom claim; read from the account, so a revoke takes effect at once).
 * Claims a user can set themselves (the display name, a phone linked in Auth) are deliberately
 * absent: names and numbers come from the profile.
 */
export interface Caller {
  uid: string;
  email: string | undefined;
  emailVerified: boolean;
  role: string | undefined;
  /** The account's sign-in methods now: password, google.com, oidc.<provider>... */
  providers: string[];
  /** Seconds since the epoch before which the account's sessions are revoked (0 when never). */
  sessionsValidAfter: number;
}

declare module "express-serve-static-core" {
  interface Request {
    caller?: Caller;
  }
}

/**
 * firebase-admin error codes that mean "Auth could not be asked", not "this token is bad". Anything
 * else, including errors from a token too broken to parse, is the caller's token: a 401, never a 503.
 */
const AUTH_UNAVAILABLE_CODES = new Set([
  "app/network-error",
  "app/network-timeout",
  "app/internal-error",
  "auth/internal-error",
  "auth/network-request-failed",
]);

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-_.=]+)[ ]*$/i;

function bearerToken(req: Request): string {
  const header = req.headers.authorization;
  if (!header) {
    throw new UnauthorizedError("not_authenticated", "Authentication credentials were not provided.", false);
  }
  const match = BEARER.exec(header);
  if (!match?.[1]) {
    throw new UnauthorizedError(
      "invalid_authorization_header",
      "Use the Authorization header with the Bearer scheme and a Firebase ID token.",
      true,
    );
  }
  return match[1];
}

function unavailable(error: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError("auth_unavailable", "Authentication is unavailable; try again shortly.", error);
}

/** Sign-ins that are no account method of their own (custom tokens, anonymous accounts). */
const NOT_A_METHOD = new Set(["custom", "anonymous"]);

/**
 * Why the account no longer honours this token, if it does not: what the Admin SDK's revocation
 * check decides (disabled, or signed in before the sessions were revoked), and one thing more: the
 * way the token signed in must still be one of the account's methods. When Firebase gives an account
 * to the owner of its email (a Google sign-in replacing a password nobody verified), the password's
 * sessions must end with it.
 */
function refusal(decoded: DecodedIdToken, user: UserRecord): string | undefined {
  if (user.disabled) return "This account is disabled.";
  const validAfter = user.tokensValidAfterTime ? Date.parse(user.tokensValidAfterTime) : 0;
  if (decoded.auth_time * 1000 < validAfter) return "The token has been revoked; log in again.";
  const method = decoded.firebase.sign_in_provider;
  if (!NOT_A_METHOD.has(method) && !user.providerData.some((provider) => provider.providerId === method)) {
    return "This way of signing in was removed from the account; sign in again.";
  }
  return undefined;
}

/** Why a freshly issued ID token's session does not count (see refusal), if it does not. */
export async function sessionRefusal(auth: Auth, idToken: string): Promise<string | undefined> {
  try {
    const decoded = await auth.verifyIdToken(idToken);
    return refusal(decoded, await auth.getUser(decoded.uid));
  } catch (error) {
    const code = adminCode(error);
    if (code && AUTH_UNAVAILABLE_CODES.has(code)) throw unavailable(error);
    return "The token is not valid.";
  }
}

/**
 * The caller an account is, as Firebase Auth holds it now. Routes get it from the ID token's account;
 * a phone channel gets it from the account whose proven number called (the network vouches for that).
 */
export function accountCaller(user: UserRecord): Caller {
  const role = (user.customClaims as { role?: unknown } | undefined)?.role;
  return {
    uid: user.uid,
    email: user.email,
    emailVerified: user.emailVerified,
    role: typeof role === "string" ? role : undefined,
    providers: user.providerData.map((provider) => provider.providerId),
    sessionsValidAfter: user.tokensValidAfterTime ? Math.floor(Date.parse(user.tokensValidAfterTime) / 1000) : 0,
  };
}

/** Whether a firebase-admin error means Auth could not be asked (rather than what was asked is wrong). */
export function authUnavailable(error: unknown): boolean {
  const code = adminCode(error);
  return code !== undefined && AUTH_UNAVAILABLE_CODES.has(code);
}

export function requireAuth(auth: Auth): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req);
    let decoded: DecodedIdToken;
    let user: UserRecord;
    try {
      decoded = await auth.verifyIdToken(token);
      user = await auth.getUser(decoded.uid);
    } catch (error) {
      const code = adminCode(error);
      if (code && AUTH_UNAVAILABLE_CODES.has(code)) throw unavailable(error);
      const detail =
        code === "auth/id-token-expired"
          ? "The token has expired; refresh it or log in again."
          : code === "auth/user-not-found"
            ? "The account no longer exists."
            : "The token is not valid.";
      throw new UnauthorizedError("invalid_token", detail, true);
    }
    const refused = refusal(decoded, user);
    if (refused) throw new UnauthorizedError("invalid_token", refused, true);
    req.caller = accountCaller(user);
    next();
  };
}

/** The authenticated caller; only valid behind requireAuth. */
export function callerOf(req: Request): Caller {
  if (!req.caller) throw new Error("callerOf used on a route without requireAuth");
  return req.caller;
}

/** Only callers whose account holds the custom claim role: "staff" now (set by `npm run staff`). */
export const requireStaff: RequestHandler = (req, _res, next) => {
  if (callerOf(req).role !== "staff") throw new ApiError("staff_only", "This route is for staff.");
  next();
};
