/**
 * The one place where errors become application/problem+json responses (RFC 9457).
 */
import type { ErrorRequestHandler, RequestHandler, Response } from "express";
import { STATUS_CODES } from "node:http";
import type { LogSink } from "./log.js";
import { maskPhoneNumbers } from "../phone/phone-number.js";
import { isFirestoreUnavailable } from "../platform/sdk-errors.js";
import { ApiError, ServiceUnavailableError, type FieldError } from "./errors.js";
import { routeOf } from "./request-log.js";

const PROBLEM_CONTENT_TYPE = "application/problem+json; charset=utf-8";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

function toProblem(error: ApiError): Problem {
  const problem: Problem = {
    type: "about:blank",
    title: STATUS_CODES[error.status] ?? "Error",
    status: error.status,
    detail: error.message,
    code: error.code,
  };
  if (error.errors) problem.errors = error.errors;
  return problem;
}

/** Errors thrown by Express itself or its body readers carry a status; anything else is ours, a bug. */
function asApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  // Express itself rejects a few requests (a path parameter with broken percent-encoding, say).
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === "number" && status >= 400 && status < 500) {
    if (status === 413) return new ApiError("payload_too_large", "The request body is too large.");
    if (status === 415)
      return new ApiError("unsupported_media_type", "The request body's content type is not accepted.");
    return new ApiError("validation_error", "The request is not valid.", {
      errors: [{ field: "path", message: "The request path is not valid." }],
    });
  }
  if (isFirestoreUnavailable(error)) {
    return new ServiceUnavailableError("backend_unavailable", "The service is unavailable; try again shortly.", error);
  }
  return new ApiError("internal_error", "Something went wrong on our side. Please try again later.", {
    cause: error,
  });
}

/** A cause's text for the log, with any phone number in it masked (a Firestore error can quote a document path). */
function describeCause(cause: unknown): string {
  const text =
    cause instanceof Error
      ? (cause.stack ?? `${cause.name}: ${cause.message}`)
      : typeof cause === "string"
        ? cause
        : JSON.stringify(cause);
  return maskPhoneNumbers(text);
}

/** Writes an API error as problem+json. */
export function sendProblem(res: Response, apiError: ApiError): void {
  res.status(apiError.status);
  for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
  res.setHeader("Content-Type", PROBLEM_CONTENT_TYPE);
  res.send(JSON.stringify(toProblem(apiError)));
}

/** The app's last handler: every error becomes a problem; 5xx are logged once, with their cause. */
export const problemHandler =
  (log: LogSink): ErrorRequestHandler =>
  (error: unknown, req, res, next) => {
    if (res.headersSent) {
      // A handler that finished after its request's deadline answered: the client already has its 503.
      if ((error as { code?: unknown } | null)?.code === "ERR_HTTP_HEADERS_SENT") return;
      next(error);
      return;
    }
    const apiError = asApiError(error);
    if (apiError.status >= 500) {
      // Logged once, here, with its cause; the client only ever sees the generic detail.
      // The route template, never the path: a path can hold a secret (the delivery-report token).
      log.error("request failed", {
        requestId: req.requestId,
        method: req.method,
        route: routeOf(req),
        status: apiError.status,
        code: apiError.code,
        error: describeCause(apiError.cause ?? apiError),
      });
    }
    sendProblem(res, apiError);
  };

export const routeNotFound: RequestHandler = (req, _res, next) => {
  next(new ApiError("route_not_found", "No route matches this path."));
};
