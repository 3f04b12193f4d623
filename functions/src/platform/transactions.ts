import type { Firestore, Transaction } from "firebase-admin/firestore";
import { grpcCode, GrpcStatus } from "./sdk-errors.js";

/** Runs of the whole transaction after the first, when the backend closed it under the function. */
const CLOSED_RETRIES = 3;

/**
 * The backend dropped the transaction while it was still reading: INVALID_ARGUMENT "Transaction is
 * invalid or closed". The Firestore emulator answers so when contending transactions on one document
 * made it release this one's locks and the SDK then retried a read inside it (three copies of one SMS
 * event claiming the same message at once). The Admin SDK starts again after ABORTED and after "transaction
 * has expired", not after this; nothing was committed, so starting again is as safe as after ABORTED.
 */
export function transactionClosed(error: unknown): boolean {
  return (
    grpcCode(error) === GrpcStatus.INVALID_ARGUMENT &&
    error instanceof Error &&
    /transaction is invalid or closed/i.test(error.message)
  );
}

/**
 * `db.runTransaction(update)`, started again (up to CLOSED_RETRIES times, after a short random pause
 * so the contenders do not meet again at once) when the backend closed the transaction under it.
 * `update` may run several times, as with any Firestore transaction: it must only read and write
 * through the transaction.
 */
export async function runTransaction<T>(db: Firestore, update: (transaction: Transaction) => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    try {
      return await db.runTransaction(update);
    } catch (error) {
      if (retry >= CLOSED_RETRIES || !transactionClosed(error)) throw error;
      await new Promise((resume) => setTimeout(resume, 20 + Math.random() * 80));
    }
  }
}
