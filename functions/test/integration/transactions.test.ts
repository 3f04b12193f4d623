/**
 * Transactions that the backend closed under the function start again; other failures do not.
 *
 * The emulator's own answer for a read in a transaction it has closed is taken first (over its REST
 * API: a transaction begun, rolled back, then read in), and raised as the SDK raises a gRPC status
 * (grpc-js's callErrorFromStatus: "<code> <NAME>: <details>", with `code` and `details`).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { isFirestoreUnavailable, transactionClosed } from "../../src/platform/sdk-errors.js";
import { runTransaction } from "../../src/platform/transactions.js";
import { db } from "../support/firebase.js";

const project = () => process.env.GCLOUD_PROJECT ?? "demo-orders";
const documents = () =>
  `http://${process.env.FIRESTORE_EMULATOR_HOST ?? "127.0.0.1:8080"}/v1/projects/${project()}/databases/(default)/documents`;
const OWNER = { Authorization: "Bearer owner", "Content-Type": "application/json" };

async function post(action: string, body: object): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${documents()}:${action}`, {
    method: "POST",
    headers: OWNER,
    body: JSON.stringify(body),
  });
  return { status: response.status, json: await response.json() };
}

/** What the emulator answers a read in a transaction it no longer holds. */
async function closedTransactionAnswer(): Promise<{ status: string; message: string }> {
  const begun = await post("beginTransaction", {});
  const { transaction } = begun.json as { transaction: string };
  expect((await post("rollback", { transaction })).status).toBe(200);
  const read = await post("batchGet", {
    transaction,
    documents: [`projects/${project()}/databases/(default)/documents/transaction_checks/any`],
  });
  expect(read.status).toBe(400);
  return (read.json as { error: { status: string; message: string } }).error;
}

const GRPC_CODES: Record<string, number> = { INVALID_ARGUMENT: 3 };

function asSdkError(answer: { status: string; message: string }): Error {
  const code = GRPC_CODES[answer.status];
  if (code === undefined) throw new Error(`unexpected status ${answer.status}`);
  return Object.assign(new Error(`${String(code)} ${answer.status}: ${answer.message}`), {
    code,
    details: answer.message,
  });
}

describe("Transactions closed under the function", () => {
  let closed: Error;
  beforeAll(async () => {
    closed = asSdkError(await closedTransactionAnswer());
  });

  it("When the backend says a transaction is invalid or closed, then that is told apart from other refusals", () => {
    expect(transactionClosed(closed)).toBe(true);
    // Past its retries it is a 503 to try again, as a transaction that lost to others is.
    expect(isFirestoreUnavailable(closed)).toBe(true);
    const otherInvalid = Object.assign(new Error("3 INVALID_ARGUMENT: Document name is invalid."), { code: 3 });
    expect(transactionClosed(otherInvalid)).toBe(false);
    expect(transactionClosed(new Error(closed.message))).toBe(false);
  });

  it("When the first run finds its transaction closed, then the whole transaction runs again and commits", async () => {
    const ref = db().collection("transaction_checks").doc();
    let runs = 0;
    const result = await runTransaction(db(), async (transaction) => {
      runs += 1;
      await transaction.get(ref);
      if (runs === 1) throw closed;
      transaction.set(ref, { runs });
      return runs;
    });
    expect(result).toBe(2);
    expect((await ref.get()).data()).toEqual({ runs: 2 });
  });

  it("When the function fails for its own reasons, then it runs once and its error reaches the caller", async () => {
    let runs = 0;
    await expect(
      runTransaction(db(), async (transaction) => {
        runs += 1;
        await transaction.get(db().collection("transaction_checks").doc());
        throw new Error("refused by the function");
      }),
    ).rejects.toThrow("refused by the function");
    expect(runs).toBe(1);
  });

  it("When the transaction is closed every time, then it gives up after three more runs with the backend's error", async () => {
    const ref = db().collection("transaction_checks").doc();
    let runs = 0;
    const outcome = runTransaction(db(), async (transaction) => {
      runs += 1;
      await transaction.get(ref);
      throw closed;
    });
    await expect(outcome).rejects.toBe(closed);
    expect(runs).toBe(4);
    expect((await ref.get()).exists).toBe(false);
  });
});
