/**
 * Counts the Firestore reads, writes and deletes this process performs, by wrapping the Admin SDK's
 * read and commit methods: document reads, query results (a query that returns nothing still costs one
 * read) and the operations in each commit, batch or transaction, including transaction retries.
 */
import {
  DocumentReference,
  Firestore,
  Query,
  Transaction,
  WriteBatch,
  type QuerySnapshot,
} from "firebase-admin/firestore";

export interface OperationCount {
  reads: number;
  /** Creates, sets and updates (deletes are priced apart). */
  writes: number;
  deletes: number;
}

const counts: OperationCount = { reads: 0, writes: 0, deletes: 0 };
let installed = false;

type Method = (this: unknown, ...args: unknown[]) => Promise<unknown>;

/** Replaces prototype[name] by a wrapper that receives the original method. */
function wrap(prototype: object, name: string, wrapper: (original: Method) => Method): void {
  const original = Reflect.get(prototype, name) as Method;
  Reflect.set(prototype, name, wrapper(original));
}

const queryReads = (snapshot: unknown) => Math.max(1, (snapshot as QuerySnapshot).size);
/** getAll takes documents and, last, optional read options. */
const documentsIn = (args: unknown[]) => args.filter((arg) => arg instanceof DocumentReference).length;

export function installFirestoreCounter(): void {
  if (installed) return;
  installed = true;
  // DocumentReference.get reads through Firestore.getAll too.
  wrap(
    Firestore.prototype,
    "getAll",
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        counts.reads += documentsIn(args);
        return original.apply(this, args);
      },
  );
  wrap(
    Transaction.prototype,
    "getAll",
    (original) =>
      function (this: unknown, ...args: unknown[]) {
        counts.reads += documentsIn(args);
        return original.apply(this, args);
      },
  );
  // An aggregation costs one read per thousand index entries it goes through, one at least: its count
  // when it has one (a sum beside it is no count of entries), else the largest number it answers.
  // firebase-admin exports AggregateQuery as a type only; a query's count() is one.
  const aggregateQuery = Object.getPrototypeOf(
    new Firestore({ projectId: "counter-prototype" }).collection("unused").count(),
  ) as object;
  wrap(
    aggregateQuery,
    "get",
    (original) =>
      async function (this: unknown, ...args: unknown[]) {
        const snapshot = (await original.apply(this, args)) as { data(): Record<string, unknown> };
        const data = snapshot.data();
        const counted =
          typeof data.count === "number"
            ? data.count
            : Math.max(0, ...Object.values(data).map(Number).filter(Number.isFinite));
        counts.reads += Math.max(1, Math.ceil(counted / 1000));
        return snapshot;
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
        // Each queued operation builds its Write message on demand; a delete's has `delete` set.
        for (const { op } of (this as { _ops: { op: () => { delete?: unknown } }[] })._ops) {
          if (op().delete === undefined) counts.writes += 1;
          else counts.deletes += 1;
        }
        return original.apply(this, args);
      },
  );
}

export async function countOperations(work: () => Promise<unknown>): Promise<OperationCount> {
  const before = { ...counts };
  await work();
  return {
    reads: counts.reads - before.reads,
    writes: counts.writes - before.writes,
    deletes: counts.deletes - before.deletes,
  };
}

/** The operations counted so far in this process (a process that serves others reports them on request). */
export function operationTotals(): OperationCount {
  return { ...counts };
}
