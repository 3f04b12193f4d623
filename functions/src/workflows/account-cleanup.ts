/**
 * What happens when a Firebase Auth account is deleted, from the API or from outside it (a client SDK
 * `user.delete()`, the console): a workflow over accounts and orders, so it lives above both. Its
 * profile, pending verification and verification messages go, the username and proven number it held
 * are free again, its Pending orders are withdrawn and its idempotency keys removed. Completed and canceled orders stay
 * on record for staff, with the customer as they were when ordering.
 */
import type { Firestore } from "firebase-admin/firestore";
import * as logger from "firebase-functions/logger";
import { createUsersRepository } from "../accounts/users-repository.js";
import { createOrdersRepository } from "../orders/orders-repository.js";
import { createSmsRepository } from "../sms/sms-repository.js";

export interface CleanupSummary {
  profile: boolean;
  pendingOrdersRemoved: number;
  ordersKept: number;
  idempotencyKeysRemoved: number;
  verificationMessagesRemoved: number;
}

export async function cleanUpAccount(db: Firestore, uid: string): Promise<CleanupSummary> {
  const sms = createSmsRepository(db);
  const users = createUsersRepository(db, { sms });
  const orders = createOrdersRepository(db, { users });
  const profile = await users.deleteAccountData(uid);
  const removed = await orders.removeAccountOrders(uid);
  const verificationMessagesRemoved = await sms.removeAccountMessages(uid);
  const summary = {
    profile,
    pendingOrdersRemoved: removed.pendingRemoved,
    ordersKept: removed.kept,
    idempotencyKeysRemoved: removed.keysRemoved,
    verificationMessagesRemoved,
  };
  logger.info("account data cleaned up", { uid, ...summary });
  return summary;
}
