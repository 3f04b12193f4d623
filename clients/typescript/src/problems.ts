/**
 * Problems the API answers (RFC 9457 `application/problem+json`), as errors a caller can switch on:
 * `isProblem(error, client.orders.update)` narrows `error.code` to the codes that operation can
 * answer, so a `case` for a code it cannot answer does not compile.
 */
import type { OperationId, ProblemOf } from "./runtime.js";

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: FieldError[];
}

export interface ProblemContext {
  operationId?: string;
  response?: Response;
}

/** An RFC 9457 problem the API answered, with its `code` typed as the operation documents it. */
export class ApiProblem<
  Body extends { code: string; status: number } = { code: string; status: number },
> extends Error {
  readonly code: Body["code"];
  readonly status: number;
  /** The operation that answered it, when it came through a named method. */
  readonly operationId: string | undefined;
  /** The answer's `X-Request-Id`: quote it when reporting a problem. */
  readonly requestId: string | undefined;
  /** Seconds the API asked to wait (`Retry-After`), on a 429 or 503. */
  readonly retryAfterSeconds: number | undefined;
  readonly response: Response | undefined;

  constructor(
    readonly problem: Body & { detail?: string; errors?: FieldError[] },
    context: ProblemContext = {},
  ) {
    super(problem.detail ?? `The API answered ${problem.status} ${problem.code}`);
    this.name = "ApiProblem";
    this.code = problem.code;
    this.status = problem.status;
    this.operationId = context.operationId;
    this.response = context.response;
    this.requestId = context.response?.headers.get("X-Request-Id") ?? undefined;
    const after = context.response?.headers.get("Retry-After");
    this.retryAfterSeconds = after && /^\d+$/.test(after) ? Number(after) : undefined;
  }

  /** The message of the first field error about `field`, if any (validation problems name each field). */
  fieldError(field: string): string | undefined {
    return this.problem.errors?.find((error) => error.field === field)?.message;
  }
}

/** Narrows a caught error to an API problem (`instanceof` alone would leave its body untyped). */
export function isApiProblem(error: unknown): error is ApiProblem {
  return error instanceof ApiProblem;
}

/**
 * Narrows a caught error to a problem of one operation, typed by the codes it can answer:
 *
 *     try { await client.orders.update(id, { status: "Canceled" }); }
 *     catch (error) {
 *       if (!isProblem(error, client.orders.update)) throw error;
 *       switch (error.code) { case "precondition_failed": ...; case "order_not_editable": ... }
 *     }
 */
export function isProblem<K extends OperationId>(
  error: unknown,
  method: { readonly operationId: K },
): error is ApiProblem<ProblemOf<K> & { code: string; status: number }> {
  return error instanceof ApiProblem && error.operationId === method.operationId;
}

/** An answer that is neither what the operation documents for success nor a problem (a proxy's error page, say). */
export class UnexpectedResponseError extends Error {
  readonly status: number;
  constructor(
    readonly operationId: string,
    readonly response: Response,
  ) {
    super(`${operationId}: the API answered ${response.status} without a problem document`);
    this.name = "UnexpectedResponseError";
    this.status = response.status;
  }
}
