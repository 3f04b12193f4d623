/**
 * The API, through the typed client: on this site's own origin (Hosting rewrites /api/** to the api
 * function), with the signed-in user's ID token, refreshed by the Firebase SDK as needed.
 */
import { isApiProblem, createApiClient } from "@customer-orders/client";
import type { Auth } from "firebase/auth";

export type Api = ReturnType<typeof createApiClient>;

export function apiFor(auth: Auth): Api {
  return createApiClient({ baseUrl: "/api", token: () => auth.currentUser?.getIdToken() });
}

/** A new key for each thing a person means to do once: a retry or a double tap reuses it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** What to show a person for a failed request: one message, and one per field the API named. */
export interface Shown {
  message: string;
  fields: Record<string, string>;
  code: string | undefined;
}

const MESSAGES: Record<string, string> = {
  precondition_failed: "This order changed since you opened it. Reload it to see what changed.",
  invalid_credentials: "That email and password don't match an account.",
  auth_unavailable: "Signing in is unavailable just now. Try again in a moment.",
  backend_timeout: "The shop didn't answer in time. Try again in a moment.",
  firestore_unavailable: "The shop is unavailable just now. Try again in a moment.",
  staff_only: "This area is for staff.",
};

/** Firebase Auth's own errors, for sign-in done with the SDK. */
const AUTH_MESSAGES: Record<string, string> = {
  "auth/invalid-credential": "That email and password don't match an account.",
  "auth/invalid-email": "Enter a valid email address.",
  "auth/user-disabled": "That email and password don't match an account.",
  "auth/too-many-requests": "Too many attempts. Wait a few minutes, then try again.",
  "auth/popup-closed-by-user": "Sign-in was cancelled.",
  "auth/network-request-failed": "Can't reach the sign-in service. Check your connection and try again.",
};

export function shown(error: unknown): Shown {
  if (isApiProblem(error)) {
    const { problem } = error;
    const fields: Record<string, string> = {};
    for (const entry of problem.errors ?? []) fields[entry.field] ??= entry.message;
    const message =
      MESSAGES[error.code] ??
      (Object.keys(fields).length > 0 ? "Check the highlighted fields." : (problem.detail ?? "Something went wrong."));
    return { message, fields, code: error.code };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string" && AUTH_MESSAGES[code]) return { message: AUTH_MESSAGES[code], fields: {}, code };
  if (error instanceof TypeError) {
    return { message: "Can't reach the shop. Check your connection and try again.", fields: {}, code: undefined };
  }
  return { message: "Something went wrong. Try again.", fields: {}, code: undefined };
}
