import type { Firestore, Transaction } from "firebase-admin/firestore";
import { transactionClosed } from "./sdk-errors.js";

/** Runs of the whole transaction after the first, when the backend closed it under the function. */
const CLOSED_RETRIES = 3;

/**
 * `db.runTransaction(update)`, started again (up to CLOSED_RETRIES times, after a short random pause
 * so the contenders do not meet again at once) when the backend closed the transaction while `update`
 * was still reading (see transactionClosed). Nothing was committed then, so starting again is as safe
 * as the SDK's own start after ABORTED. Once `update` has finished, the error came from the commit,
 * which may have landed with its answer lost: that is not run again. `update` may run several times,
 * as with any Firestore transaction: it must only read and write through the transaction.
 */
export async function runTransaction<T>(db: Firestore, update: (transaction: Transaction) => Promise<T>): Promise<T> {
  for (let retry = 0; ; retry += 1) {
    // Set inside the SDK's runs of `update`: whether the last one finished, so the error is the commit's.
    const run: { finished: boolean } = { finished: false };
    try {
      return await db.runTransaction(async (transaction) => {
        run.finished = false;
        const result = await update(transaction);
        run.finished = true;
        return result;
      });
    } catch (error) {
      if (run.finished || retry >= CLOSED_RETRIES || !transactionClosed(error)) throw error;
      await new Promise((resume) => setTimeout(resume, 20 + Math.random() * 80));
    }
  }
}
