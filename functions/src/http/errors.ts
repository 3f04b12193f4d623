/**
 * Typed API errors. Each carries a stable code from the catalogue (error-codes.ts), which fixes its
 * HTTP status, and the headers its answer needs; the problem middleware is the only place that turns
 * them into responses.
 */
import { statusOf, type ErrorCode } from "./error-codes.js";

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    code: ErrorCode,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = statusOf(code);
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

/** A 400 naming each offending field. */
export class ValidationError extends ApiError {
  constructor(errors: FieldError[], detail = "The request is not valid.") {
    super("validation_error", detail, { errors });
  }
}

/** A 400 about one field, with a code of its own (a taken username, say). */
export function fieldProblem(code: ErrorCode, field: string, message: string): ApiError {
  return new ApiError(code, message, { errors: [{ field, message }] });
}

export class UnauthorizedError extends ApiError {
  constructor(code: ErrorCode, detail: string, tokenWasPresent: boolean) {
    super(code, detail, {
      headers: {
        "WWW-Authenticate": tokenWasPresent ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"',
      },
    });
  }
}

export class MethodNotAllowedError extends ApiError {
  constructor(allowed: string[]) {
    super("method_not_allowed", "This method is not allowed on this path.", { headers: { Allow: allowed.join(", ") } });
  }
}

export class PreconditionFailedError extends ApiError {
  constructor(detail = "The order has changed since it was read; fetch it again and retry.") {
    super("precondition_failed", detail);
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super("payload_too_large", `The request body is larger than ${limitBytes} bytes.`, {
      headers: { Connection: "close" },
    });
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  constructor(accepted = "application/json") {
    super("unsupported_media_type", `Send the request body as ${accepted}.`, { headers: { "Accept-Post": accepted } });
  }
}

export class TooManyRequestsError extends ApiError {
  constructor(code: ErrorCode, detail: string, retryAfterSeconds: number, headers: Record<string, string> = {}) {
    super(code, detail, { headers: { ...headers, "Retry-After": String(retryAfterSeconds) } });
  }
}

export class ServiceUnavailableError extends ApiError {
  constructor(code: ErrorCode, detail: string, cause?: unknown, retryAfterSeconds = 5) {
    super(code, detail, { headers: { "Retry-After": String(retryAfterSeconds) }, cause });
  }
}
