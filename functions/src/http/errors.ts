/**
 * Typed API errors. Each carries its HTTP status and a stable machine-readable code; the problem
 * middleware is the only place that turns them into responses.
 */
export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    detail: string,
    options: { errors?: FieldError[]; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }
}

export class ValidationError extends ApiError {
  constructor(errors: FieldError[], detail = "The request is not valid.") {
    super(400, "validation_error", detail, { errors });
  }
}

export class BadRequestError extends ApiError {
  constructor(code: string, detail: string, errors?: FieldError[]) {
    super(400, code, detail, errors ? { errors } : {});
  }
}

export class UnauthorizedError extends ApiError {
  constructor(code: string, detail: string, tokenWasPresent: boolean) {
    super(401, code, detail, {
      headers: {
        "WWW-Authenticate": tokenWasPresent ? 'Bearer realm="api", error="invalid_token"' : 'Bearer realm="api"',
      },
    });
  }
}

export class ForbiddenError extends ApiError {
  constructor(code: string, detail: string) {
    super(403, code, detail);
  }
}

export class NotFoundError extends ApiError {
  constructor(code: string, detail: string) {
    super(404, code, detail);
  }
}

export class MethodNotAllowedError extends ApiError {
  constructor(allowed: string[]) {
    super(405, "method_not_allowed", "This method is not allowed on this path.", {
      headers: { Allow: allowed.join(", ") },
    });
  }
}

export class ConflictError extends ApiError {
  constructor(code: string, detail: string) {
    super(409, code, detail);
  }
}

export class PreconditionFailedError extends ApiError {
  constructor(detail = "The order has changed since it was read; fetch it again and retry.") {
    super(412, "precondition_failed", detail);
  }
}

export class PayloadTooLargeError extends ApiError {
  constructor(limitBytes: number) {
    super(413, "payload_too_large", `The request body is larger than ${limitBytes} bytes.`, {
      headers: { Connection: "close" },
    });
  }
}

export class UnsupportedMediaTypeError extends ApiError {
  constructor() {
    super(415, "unsupported_media_type", "Send the request body as application/json.", {
      headers: { "Accept-Post": "application/json" },
    });
  }
}

export class UnprocessableError extends ApiError {
  constructor(code: string, detail: string) {
    super(422, code, detail);
  }
}

export class TooManyRequestsError extends ApiError {
  constructor(code: string, detail: string, retryAfterSeconds: number) {
    super(429, code, detail, { headers: { "Retry-After": String(retryAfterSeconds) } });
  }
}

export class ServiceUnavailableError extends ApiError {
  constructor(code: string, detail: string, cause?: unknown, retryAfterSeconds = 5) {
    super(503, code, detail, { headers: { "Retry-After": String(retryAfterSeconds) }, cause });
  }
}
