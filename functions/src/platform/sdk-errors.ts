/** What the Google SDKs' errors carry: Firestore's gRPC status codes, and Firebase Admin's string codes. */
function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/** gRPC status codes that Firestore errors carry, named. */
export const GrpcStatus = {
  ABORTED: 10,
  ALREADY_EXISTS: 6,
  DEADLINE_EXCEEDED: 4,
  FAILED_PRECONDITION: 9,
  INVALID_ARGUMENT: 3,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
} as const;

export function grpcCode(error: unknown): number | undefined {
  const code = codeOf(error);
  return typeof code === "number" ? code : undefined;
}

/** A Firebase Admin error's code, such as "auth/id-token-revoked". */
export function adminCode(error: unknown): string | undefined {
  const code = codeOf(error);
  return typeof code === "string" ? code : undefined;
}

/**
 * The backend dropped a transaction while it was still reading: INVALID_ARGUMENT "Transaction is
 * invalid or closed". The Firestore emulator answers so when contending transactions on one document
 * made it release this one's locks and the SDK then retried a read inside it (three copies of one SMS
 * event claiming the same message at once). The Admin SDK starts again after ABORTED and after
 * "transaction has expired", not after this.
 */
export function transactionClosed(error: unknown): boolean {
  return (
    grpcCode(error) === GrpcStatus.INVALID_ARGUMENT &&
    error instanceof Error &&
    /transaction is invalid or closed/i.test(error.message)
  );
}

/**
 * Firestore could not be reached or is overloaded: worth a 503 and a retry, not a 500. ABORTED is a
 * transaction that lost to others on the same documents through every one of its retries (a hot
 * product's stock, say), and a closed one outlasted its runs: nothing was written, and a later try
 * can succeed.
 */
export function isFirestoreUnavailable(error: unknown): boolean {
  const code = grpcCode(error);
  return (
    code === GrpcStatus.UNAVAILABLE ||
    code === GrpcStatus.DEADLINE_EXCEEDED ||
    code === GrpcStatus.RESOURCE_EXHAUSTED ||
    code === GrpcStatus.ABORTED ||
    transactionClosed(error)
  );
}
