/**
 * The API, through the typed client: on this site's own origin (Hosting rewrites /api/** to the api
 * function), with the signed-in user's ID token, refreshed by the Firebase SDK as needed.
 */
import { createApiClient } from "@customer-orders/client";
import type { Auth } from "firebase/auth";
import { reportingFetch } from "./connection.js";

export type Api = ReturnType<typeof createApiClient>;

export function apiFor(auth: Auth): Api {
  return createApiClient({ baseUrl: "/api", token: () => auth.currentUser?.getIdToken(), fetch: reportingFetch });
}

/** A new key for each thing a person means to do once: a retry or a double tap reuses it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}
