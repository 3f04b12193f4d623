/**
 * Every problem `code` the API can answer, with its HTTP status and what it means to a client.
 *
 * The one list: errors are raised by code (see errors.ts), operations declare the codes their
 * handlers can raise (http/operations.ts), and the OpenAPI document lists them per operation and
 * status as an enum, so a client can switch on `code` with the compiler's help.
 */
export const ERROR_CODES = {
  // 400: the request itself
  validation_error: { status: 400, meaning: "A field is missing or invalid (see `errors`)." },
  malformed_json: { status: 400, meaning: "The body is not valid JSON." },
  invalid_encoding: { status: 400, meaning: "The body is not valid UTF-8." },
  invalid_cursor: { status: 400, meaning: "The `cursor` is not one this API issued." },
  email_taken: { status: 400, meaning: "Another account has this email." },
  phone_number_taken: { status: 400, meaning: "Another account has this phone number." },
  username_taken: { status: 400, meaning: "Another account has this username." },
  invalid_email: { status: 400, meaning: "The email address was refused." },
  invalid_password: { status: 400, meaning: "The password is too weak." },
  verification_code_invalid: { status: 400, meaning: "The code is wrong." },
  product_unavailable: {
    status: 400,
    meaning: "A line's product is not on sale (see `errors`).",
  },
  // 401: who is calling
  not_authenticated: { status: 401, meaning: "No `Authorization` header." },
  invalid_authorization_header: { status: 401, meaning: "Not `Bearer <ID token>`." },
  invalid_token: { status: 401, meaning: "The ID token is invalid, expired or revoked." },
  invalid_credentials: { status: 401, meaning: "The email or password is wrong." },
  invalid_refresh_token: { status: 401, meaning: "The refresh token is invalid: log in again." },
  // 403: not allowed
  user_disabled: { status: 403, meaning: "The account is disabled." },
  staff_only: { status: 403, meaning: "For staff only." },
  invalid_callback_token: { status: 403, meaning: "A callback URL's token is wrong." },
  // 404
  route_not_found: { status: 404, meaning: "No route has this path." },
  order_not_found: { status: 404, meaning: "No such order for the caller." },
  product_not_found: { status: 404, meaning: "No such product (on sale)." },
  // 405
  method_not_allowed: { status: 405, meaning: "Not with this method; see `Allow`." },
  // 409: the state of things
  profile_incomplete: {
    status: 409,
    meaning: "No profile yet: PUT /me/ (see `errors`).",
  },
  phone_already_verified: { status: 409, meaning: "The number is already proven." },
  phone_number_verified_elsewhere: { status: 409, meaning: "Another account proved this number first." },
  verification_not_started: { status: 409, meaning: "No code is pending: request one." },
  verification_code_expired: { status: 409, meaning: "The code expired: request a new one." },
  verification_attempts_exhausted: { status: 409, meaning: "Too many wrong codes: request a new one." },
  phone_not_verified: {
    status: 409,
    meaning: "The number is not proven yet.",
  },
  invalid_status_transition: { status: 409, meaning: "The order's status cannot move that way." },
  order_not_editable: { status: 409, meaning: "The order is no longer Pending." },
  order_not_deletable: { status: 409, meaning: "Only a Pending order can be deleted." },
  out_of_stock: {
    status: 409,
    meaning: "Not enough stock (see `errors`).",
  },
  catalogue_only: {
    status: 409,
    meaning: "Send `lines`: the shop takes catalogue orders only.",
  },
  catalogue_order: {
    status: 409,
    meaning: "A catalogue order: change its `lines`.",
  },
  // 412, 413, 415, 422
  precondition_failed: { status: 412, meaning: "`If-Match` is not the current `ETag`." },
  payload_too_large: { status: 413, meaning: "The body is larger than the limit." },
  unsupported_media_type: { status: 415, meaning: "The body's content type is not taken." },
  idempotency_key_reused: { status: 422, meaning: "The `Idempotency-Key` came with another body." },
  // 429
  rate_limited: { status: 429, meaning: "Too many requests; wait `Retry-After`." },
  too_many_codes: { status: 429, meaning: "Too many codes; wait `Retry-After`." },
  too_many_attempts: { status: 429, meaning: "Sign-ins paused; wait `Retry-After`." },
  // 5xx
  internal_error: { status: 500, meaning: "A bug on our side." },
  auth_unavailable: { status: 503, meaning: "Firebase Auth is unreachable; retry." },
  backend_unavailable: { status: 503, meaning: "Firestore is unreachable; retry." },
  backend_timeout: { status: 503, meaning: "The request passed its deadline; retry." },
  order_number_contention: { status: 503, meaning: "Too many orders at once; retry shortly." },
  codes_unavailable: {
    status: 503,
    meaning: "Today's budget of codes is spent; retry after `Retry-After`.",
  },
  stock_contention: {
    status: 503,
    meaning: "Too many orders for the same products; retry (nothing was taken).",
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}
