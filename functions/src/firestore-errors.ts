/** gRPC status codes that Firestore errors carry, named. */
export const GrpcStatus = {
  ABORTED: 10,
  ALREADY_EXISTS: 6,
  DEADLINE_EXCEEDED: 4,
  FAILED_PRECONDITION: 9,
  NOT_FOUND: 5,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
} as const;

export function grpcCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "number" ? code : undefined;
}

/** Firestore could not be reached or is overloaded: worth a 503 and a retry, not a 500. */
export function isFirestoreUnavailable(error: unknown): boolean {
  const code = grpcCode(error);
  return (
    code === GrpcStatus.UNAVAILABLE || code === GrpcStatus.DEADLINE_EXCEEDED || code === GrpcStatus.RESOURCE_EXHAUSTED
  );
}
