/**
 * What happens when a Firebase Auth account is deleted, from the API or from outside it (a client SDK
 * `user.delete()`, the console): its profile, pending verification and idempotency keys go, the
 * username and proven number it held are free again, and its Pending orders are withdrawn. Completed
 * and canceled orders stay on record for staff, with the customer as they were when ordering.
 */
import type { Firestore } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { orderConverter } from "../orders/order-document.js";
import { createUsersRepository } from "./users-repository.js";

const BATCH = 400;

export interface CleanupSummary {
  profile: boolean;
  pendingOrdersRemoved: number;
  ordersKept: number;
  idempotencyKeysRemoved: number;
}

async function deleteAll(db: Firestore, refs: FirebaseFirestore.DocumentReference[]): Promise<void> {
  for (let i = 0; i < refs.length; i += BATCH) {
    const batch = db.batch();
    for (const ref of refs.slice(i, i + BATCH)) batch.delete(ref);
    await batch.commit();
  }
}

export async function cleanUpAccount(db: Firestore, uid: string): Promise<CleanupSummary> {
  const user = db.collection("users").doc(uid);
  const profile = await createUsersRepository(db).deleteAccountData(uid);
  const orders = await user.collection("orders").withConverter(orderConverter).get();
  const pending = orders.docs.filter((doc) => doc.data().status === "Pending");
  await deleteAll(
    db,
    pending.map((doc) => doc.ref),
  );
  const keys = await user.collection("idempotency_keys").listDocuments();
  await deleteAll(db, keys);
  const summary = {
    profile,
    pendingOrdersRemoved: pending.length,
    ordersKept: orders.size - pending.length,
    idempotencyKeysRemoved: keys.length,
  };
  logger.info("account data cleaned up", { uid, ...summary });
  return summary;
}
