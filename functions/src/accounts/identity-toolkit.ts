/**
 * Adapter for Firebase Auth's REST APIs (Identity Toolkit sign-in and Secure Token refresh), which the
 * Admin SDK does not offer. Emulator-aware, and every call has a deadline.
 */
import { ApiError, ServiceUnavailableError, TooManyRequestsError, UnauthorizedError } from "../http/errors.js";
import type { LoginResponse, SessionTokens } from "./schemas.js";

export interface IdentityClient {
  signInWithPassword(email: string, password: string): Promise<LoginResponse>;
  refresh(refreshToken: string): Promise<SessionTokens>;
}

export interface IdentityClientOptions {
  webApiKey: string;
  emulatorHost: string | undefined;
  timeoutMs: number;
  fetch?: typeof fetch;
}

const INVALID_CREDENTIALS = new Set([
  "INVALID_LOGIN_CREDENTIALS",
  "EMAIL_NOT_FOUND",
  "INVALID_PASSWORD",
  "INVALID_EMAIL",
]);
const INVALID_REFRESH = new Set([
  "TOKEN_EXPIRED",
  "INVALID_REFRESH_TOKEN",
  "USER_NOT_FOUND",
  "INVALID_GRANT_TYPE",
  "MISSING_REFRESH_TOKEN",
]);
const TOO_MANY_ATTEMPTS_RETRY_AFTER_SECONDS = 60;

function unavailable(cause: unknown): ServiceUnavailableError {
  return new ServiceUnavailableError("auth_unavailable", "Authentication is unavailable; try again shortly.", cause);
}

/** The upstream error message is a code, sometimes followed by " : explanation". */
function upstreamCode(body: unknown): string {
  const message = (body as { error?: { message?: unknown } } | null)?.error?.message;
  return typeof message === "string" ? (message.split(":")[0]?.trim() ?? "") : "";
}

function mapUpstreamError(code: string, forRefresh: boolean): ApiError | undefined {
  // Sign-in says USER_DISABLED whatever the password: answering it would tell anyone that the account
  // exists and is disabled. The holder of a refresh token is the account's owner and may know.
  if (code === "USER_DISABLED") {
    return forRefresh
      ? new ApiError("user_disabled", "This account is disabled.")
      : new UnauthorizedError("invalid_credentials", "The email or password is incorrect.", false);
  }
  if (code.startsWith("TOO_MANY_ATTEMPTS")) {
    return new TooManyRequestsError(
      "too_many_attempts",
      "Too many attempts; wait before trying again.",
      TOO_MANY_ATTEMPTS_RETRY_AFTER_SECONDS,
    );
  }
  if (!forRefresh && INVALID_CREDENTIALS.has(code)) {
    return new UnauthorizedError("invalid_credentials", "The email or password is incorrect.", false);
  }
  if (forRefresh && INVALID_REFRESH.has(code)) {
    return new UnauthorizedError("invalid_refresh_token", "The refresh token is not valid; log in again.", true);
  }
  return undefined;
}

export function createIdentityClient(options: IdentityClientOptions): IdentityClient {
  const doFetch = options.fetch ?? fetch;
  const prefix = options.emulatorHost ? `http://${options.emulatorHost}/` : "https://";
  const key = encodeURIComponent(options.webApiKey);
  const signInUrl = `${prefix}identitytoolkit.googleapis.com/v1/accounts:signInWithPassword?key=${key}`;
  const refreshUrl = `${prefix}securetoken.googleapis.com/v1/token?key=${key}`;

  async function call(url: string, init: RequestInit, forRefresh: boolean): Promise<unknown> {
    let response: Response;
    let body: unknown;
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs) });
      body = await response.json();
    } catch (error) {
      throw unavailable(error);
    }
    if (response.ok) return body;
    const mapped = mapUpstreamError(upstreamCode(body), forRefresh);
    if (mapped) throw mapped;
    throw unavailable(new Error(`Auth REST API answered ${response.status}: ${upstreamCode(body)}`));
  }

  function field(body: unknown, name: string): string {
    const value = (body as Record<string, unknown> | null)?.[name];
    if (typeof value !== "string") throw unavailable(new Error(`Auth REST API answer lacks ${name}`));
    return value;
  }

  return {
    async signInWithPassword(email, password) {
      const body = await call(
        signInUrl,
        {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ email, password, returnSecureToken: true }),
        },
        false,
      );
      return {
        token: field(body, "idToken"),
        refresh_token: field(body, "refreshToken"),
        expires_in: Number(field(body, "expiresIn")),
        uid: field(body, "localId"),
      };
    },

    async refresh(refreshToken) {
      const body = await call(
        refreshUrl,
        {
          method: "POST",
          headers: { "Content-Type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }).toString(),
        },
        true,
      );
      return {
        token: field(body, "id_token"),
        refresh_token: field(body, "refresh_token"),
        expires_in: Number(field(body, "expires_in")),
      };
    },
  };
}
