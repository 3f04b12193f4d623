/**
 * The caller's Firebase ID token, asked for before every request. After a 401 `invalid_token` the
 * client asks once more with `forceRefresh: true` and repeats the request.
 *
 * - With the Firebase client SDK: `token: ({ forceRefresh }) => auth.currentUser?.getIdToken(forceRefresh)`.
 * - With the API's own sign-in: `token: sessionTokens(await client.login({ email, password }), { baseUrl })`,
 *   which refreshes through `POST /token/refresh/` when the token is about to expire (or was refused).
 */
import { ApiProblem } from "./problems.js";

export type TokenProvider = (context: { forceRefresh: boolean }) => string | undefined | Promise<string | undefined>;

/** What `POST /login/` and `POST /token/refresh/` answer. */
export interface Session {
  token: string;
  refresh_token: string;
  expires_in: number;
}

export interface SessionTokenOptions {
  baseUrl: string;
  fetch?: typeof fetch;
  /** Called with each new session (to keep the refresh token, say). */
  onRefresh?: (session: Session) => void;
  /** Refresh this long before expiry. */
  marginSeconds?: number;
  now?: () => number;
}

export interface SessionTokens extends TokenProvider {
  /** The current session: the latest tokens. */
  session(): Session;
}

/** A token provider for a session from `POST /login/`, refreshed through `POST /token/refresh/`. */
export function sessionTokens(initial: Session, options: SessionTokenOptions): SessionTokens {
  const now = options.now ?? Date.now;
  const margin = (options.marginSeconds ?? 60) * 1000;
  const fetchFn = options.fetch ?? ((input: string | URL | Request, init?: RequestInit) => fetch(input, init));
  let current = initial;
  let expiresAt = now() + initial.expires_in * 1000;
  let refreshing: Promise<Session> | undefined;

  async function refresh(): Promise<Session> {
    const response = await fetchFn(`${options.baseUrl.replace(/\/+$/, "")}/token/refresh/`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ refresh_token: current.refresh_token }),
    });
    if (!response.ok) {
      throw new ApiProblem((await response.json()) as { code: string; status: number; detail?: string }, {
        operationId: "refreshToken",
        response,
      });
    }
    const next = (await response.json()) as Session;
    current = next;
    expiresAt = now() + next.expires_in * 1000;
    options.onRefresh?.(next);
    return next;
  }

  const provider = async ({ forceRefresh }: { forceRefresh: boolean }) => {
    if (forceRefresh || now() >= expiresAt - margin) {
      refreshing ??= refresh().finally(() => {
        refreshing = undefined;
      });
      return (await refreshing).token;
    }
    return current.token;
  };
  return Object.assign(provider, { session: () => current });
}
