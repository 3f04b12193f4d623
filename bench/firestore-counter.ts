/**
 * Counts the Firestore reads and writes this process performs, by wrapping the Admin SDK's read and
 * commit methods: document reads, query results (a query that returns nothing still costs one read)
 * and the writes in each commit, batch or transaction, including transaction retries.
 */
import { DocumentReference, Query, Transaction, WriteBatch, type QuerySnapshot } from "firebase-admin/firestore";

export interface OperationCount {
  reads: number;
  writes: number;
}

const counts: OperationCount = { reads: 0, writes: 0 };
let installed = false;

type Method = (this: unknown, ...args: unknown[]) => Promise<unknown>;

/** Replaces prototype[name] by a wrapper that receives the original method. */
function wrap(prototype: object, name: string, wrapper: (original: Method) => Method): void {
  const original = Reflect.get(prototype, name) as Method;
  Reflect.set(prototype, name, wrapper(original));
}

const queryReads = (snapshot: unknown) => Math.max(1, (snapshot as QuerySnapshot).size);

export function installFirestoreCounter(): void {
  if (installed) return;
  installed = true;
  wrap(
    DocumentReference.prototype,
    "get",
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        counts.reads += 1;
        return original.apply(this, args);
      },
  );
  wrap(
    Query.prototype,
    "get",
    (original) =>
      async function (this: unknown, ...args: unknown[]) {
        const snapshot = await original.apply(this, args);
        counts.reads += queryReads(snapshot);
        return snapshot;
      },
  );
  wrap(
    Transaction.prototype,
    "get",
    (original) =>
      async function (this: unknown, ...args: unknown[]) {
        const result = await original.apply(this, args);
        counts.reads += args[0] instanceof Query ? queryReads(result) : 1;
        return result;
      },
  );
  // Every commit (batch, transaction, single-document write) goes through WriteBatch._commit.
  wrap(
    WriteBatch.prototype,
    "_commit",
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        counts.writes += (this as { _opCount: number })._opCount;
        return original.apply(this, args);
      },
  );
}

export async function countOperations(work: () => Promise<unknown>): Promise<OperationCount> {
  const before = { ...counts };
  await work();
  return { reads: counts.reads - before.reads, writes: counts.writes - before.writes };
}
