/**
 * One transaction at a time per product, within this instance.
 *
 * Firestore transactions lock what they read. Two transactions that read the same product and then
 * both want to write it wait on each other until one gives up (the emulator times the lock out after
 * seconds; production aborts the younger and the SDK retries it after a backoff). A flash sale is many
 * such transactions on one document at once: run naively, most of them end as aborted retries. Taking
 * turns here, per product, means an instance never contends with itself: its transactions on a hot
 * product run one after another, each at the speed of one round trip. Instances still contend with
 * each other, which Firestore's locks settle (docs/api.md, "The catalogue").
 *
 * Turns for several products are taken in id order, so two orders naming the same products in a
 * different order cannot wait on each other.
 */
import type { Firestore } from "firebase-admin/firestore";

export type InTurn = <T>(productIds: readonly string[], work: () => Promise<T>) => Promise<T>;

function createTurns(): InTurn {
  const tails = new Map<string, Promise<void>>();

  async function one<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(key) ?? Promise.resolve();
    let release = (): void => undefined;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    tails.set(key, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (tails.get(key) === tail) tails.delete(key);
    }
  }

  return <T>(productIds: readonly string[], work: () => Promise<T>): Promise<T> => {
    const keys = [...new Set(productIds)].sort();
    const run = keys.reduceRight<() => Promise<T>>((inner, key) => () => one(key, inner), work);
    return run();
  };
}

/** One set of turns per Firestore client: per instance, shared by every resource built on it. */
const turnsByDatabase = new WeakMap<Firestore, InTurn>();

export function turnsFor(db: Firestore): InTurn {
  let turns = turnsByDatabase.get(db);
  if (!turns) {
    turns = createTurns();
    turnsByDatabase.set(db, turns);
  }
  return turns;
}
