/**
 * Every problem `code` the API can answer, with its HTTP status and what it means to a client.
 *
 * The one list: errors are raised by code (see errors.ts), operations declare the codes their
 * handlers can raise (http/operations.ts), and the OpenAPI document lists them per operation and
 * status as an enum, so a client can switch on `code` with the compiler's help.
 */
export const ERROR_CODES = {
  // 400: the request itself
  validation_error: { status: 400, meaning: "A field is missing or invalid; `errors` names each one." },
  malformed_json: { status: 400, meaning: "The body is not valid JSON." },
  invalid_encoding: { status: 400, meaning: "The body is not valid UTF-8." },
  invalid_cursor: { status: 400, meaning: "The `cursor` is not one this API issued; start from the first page." },
  email_taken: { status: 400, meaning: "Another account has this email." },
  phone_number_taken: { status: 400, meaning: "Another account has this phone number." },
  username_taken: { status: 400, meaning: "Another account has this username (case is ignored)." },
  invalid_email: { status: 400, meaning: "Firebase Auth refused the email address." },
  invalid_password: { status: 400, meaning: "Firebase Auth refused the password as too weak." },
  verification_code_invalid: { status: 400, meaning: "The code is wrong; the attempt counts." },
  product_unavailable: {
    status: 400,
    meaning: "A line names a product that does not exist or is no longer sold; `errors` names each such line.",
  },
  // 401: who is calling
  not_authenticated: { status: 401, meaning: "No `Authorization` header." },
  invalid_authorization_header: { status: 401, meaning: "The header is not `Bearer <Firebase ID token>`." },
  invalid_token: { status: 401, meaning: "The ID token is invalid, expired, revoked or its account is disabled." },
  invalid_credentials: { status: 401, meaning: "The email or password is wrong (the same answer for both)." },
  invalid_refresh_token: { status: 401, meaning: "The refresh token is invalid, expired or revoked: log in again." },
  // 403: not allowed
  user_disabled: { status: 403, meaning: "The account is disabled." },
  staff_only: { status: 403, meaning: "The route is for staff (custom claim `role: staff`)." },
  invalid_callback_token: { status: 403, meaning: "A callback URL's token is wrong." },
  // 404
  route_not_found: { status: 404, meaning: "No route has this path." },
  order_not_found: { status: 404, meaning: "No order with this id (or order number) exists for the caller." },
  product_not_found: { status: 404, meaning: "No product with this id (for customers: none on sale)." },
  // 405
  method_not_allowed: { status: 405, meaning: "The path exists but not with this method; see `Allow`." },
  // 409: the state of things
  profile_incomplete: {
    status: 409,
    meaning: "The account has no profile yet (signed in with Google, say): PUT /me/ with the fields `errors` names.",
  },
  phone_already_verified: { status: 409, meaning: "The profile's number is already proven." },
  phone_number_verified_elsewhere: { status: 409, meaning: "Another account proved this number first." },
  verification_not_started: { status: 409, meaning: "No code is pending: request one with POST /me/phone/code/." },
  verification_code_expired: { status: 409, meaning: "The code expired: request a new one." },
  verification_attempts_exhausted: { status: 409, meaning: "Too many wrong codes: request a new one." },
  phone_not_verified: {
    status: 409,
    meaning: "The profile's number is not proven yet: prove it first (POST /me/phone/code/).",
  },
  invalid_status_transition: { status: 409, meaning: "The order's status cannot move that way." },
  order_not_editable: { status: 409, meaning: "The order is no longer Pending, so its item and amount are fixed." },
  order_not_deletable: { status: 409, meaning: "Only a Pending order can be deleted; the others stay on record." },
  out_of_stock: {
    status: 409,
    meaning: "Not enough stock for some lines; `errors` names each short line and how many are available.",
  },
  catalogue_only: {
    status: 409,
    meaning: "The shop takes orders from its catalogue only: send `lines`, not `item` and `amount`.",
  },
  catalogue_order: {
    status: 409,
    meaning: "The order was made from the catalogue: change its `lines`; its item and amount follow from them.",
  },
  // 412, 413, 415, 422
  precondition_failed: { status: 412, meaning: "`If-Match` does not match the current `ETag`: read it again." },
  payload_too_large: { status: 413, meaning: "The body is larger than the limit." },
  unsupported_media_type: { status: 415, meaning: "The body's content type is not the one the operation takes." },
  idempotency_key_reused: { status: 422, meaning: "The `Idempotency-Key` was used with a different body." },
  // 429
  rate_limited: { status: 429, meaning: "Too many requests; wait for `Retry-After` seconds." },
  too_many_codes: { status: 429, meaning: "Too many codes for this number, account or address; wait `Retry-After`." },
  too_many_attempts: { status: 429, meaning: "Firebase Auth paused sign-ins for this account; wait `Retry-After`." },
  // 5xx
  internal_error: { status: 500, meaning: "A bug on our side; nothing internal is disclosed." },
  auth_unavailable: { status: 503, meaning: "Firebase Auth could not be reached; retry after `Retry-After`." },
  backend_unavailable: { status: 503, meaning: "Firestore could not be reached; retry after `Retry-After`." },
  backend_timeout: { status: 503, meaning: "The request passed its deadline; retry after `Retry-After`." },
  order_number_contention: { status: 503, meaning: "Too many orders at once to reserve a number; retry shortly." },
  codes_unavailable: {
    status: 503,
    meaning: "The shop's daily budget of verification codes is spent; retry after `Retry-After` (the next UTC day).",
  },
  stock_contention: {
    status: 503,
    meaning: "Too many orders for the same products at once; retry after `Retry-After` (nothing was taken).",
  },
} as const satisfies Record<string, { status: number; meaning: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function statusOf(code: ErrorCode): number {
  return ERROR_CODES[code].status;
}
