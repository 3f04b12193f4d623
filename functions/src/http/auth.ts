/**
 * Bearer-token authentication with Firebase ID tokens.
 *
 * Revocation is checked on every authenticated route: logout promises that the old ID token stops
 * working at once, and only checkRevoked (one Auth lookup) can keep that promise. Every token problem
 * is a 401 with WWW-Authenticate; an Auth backend we cannot reach is a 503, never a 401 or 500.
 */
import type { Request, RequestHandler } from "express";
import type { Auth, DecodedIdToken } from "firebase-admin/auth";
import { adminCode } from "../platform/sdk-errors.js";
import { ApiError, ServiceUnavailableError, UnauthorizedError } from "./errors.js";

/**
 * Who is calling, as far as the API trusts the token: the account (uid), its email as Firebase Auth
 * holds it, and the role only the server sets (a custom claim). Claims a user can set themselves (the
 * display name, a phone linked in Auth) are deliberately absent: names and numbers come from the profile.
 */
export interface Caller {
  uid: string;
  email: string | undefined;
  role: string | undefined;
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

export function requireAuth(auth: Auth): RequestHandler {
  return async (req, _res, next) => {
    const token = bearerToken(req);
    let decoded: DecodedIdToken;
    try {
      decoded = await auth.verifyIdToken(token, true);
    } catch (error) {
      const code = adminCode(error);
      if (code && AUTH_UNAVAILABLE_CODES.has(code)) {
        throw new ServiceUnavailableError(
          "auth_unavailable",
          "Authentication is unavailable; try again shortly.",
          error,
        );
      }
      const detail =
        code === "auth/id-token-revoked"
          ? "The token has been revoked; log in again."
          : code === "auth/id-token-expired"
            ? "The token has expired; refresh it or log in again."
            : code === "auth/user-disabled"
              ? "This account is disabled."
              : "The token is not valid.";
      throw new UnauthorizedError("invalid_token", detail, true);
    }
    const claims = decoded as DecodedIdToken & { role?: unknown };
    req.caller = {
      uid: decoded.uid,
      email: decoded.email,
      role: typeof claims.role === "string" ? claims.role : undefined,
    };
    next();
  };
}

/** The authenticated caller; only valid behind requireAuth. */
export function callerOf(req: Request): Caller {
  if (!req.caller) throw new Error("callerOf used on a route without requireAuth");
  return req.caller;
}

/** Only callers whose ID token carries the custom claim role: "staff" (set by `npm run staff`). */
export const requireStaff: RequestHandler = (req, _res, next) => {
  if (callerOf(req).role !== "staff") throw new ApiError("staff_only", "This route is for staff.");
  next();
};
