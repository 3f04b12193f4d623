/** Firestore access for staff: every customer's orders, by order number, with audit and notifications. */
import { FieldPath, Timestamp, type Firestore } from "firebase-admin/firestore";
import type { AuditEntry, OrderDocument } from "../orders/order-document.js";
import { initialSmsState } from "../orders/order-document.js";
import type { OrderStatus } from "../orders/schemas.js";
import { NOTIFICATIONS, type NotificationDocument } from "../notifications/sms-delivery.js";
import { encodeCursor, type PagePosition } from "../orders/cursor.js";

export interface StaffOrderRecord {
  id: string;
  order: OrderDocument;
}

export interface StatusChange {
  staffUid: string;
  to: OrderStatus;
  at: Date;
  /** Decides, inside the transaction, whether the change may happen; throws if not. */
  check: (current: OrderDocument) => void;
  notification: (order: OrderDocument) => { to: string; message: string };
}

export function createStaffOrdersRepository(db: Firestore) {
  return {
    async list(options: {
      status: OrderStatus | undefined;
      from: Date | undefined;
      to: Date | undefined;
      limit: number;
      /** `id` is the document path: collection-group queries order by full path. */
      after: PagePosition | undefined;
    }): Promise<{ orders: StaffOrderRecord[]; nextCursor: string | undefined }> {
      let query = db.collectionGroup("orders").orderBy("created_at", "desc").orderBy(FieldPath.documentId(), "desc");
      if (options.status) query = query.where("status", "==", options.status);
      if (options.from) query = query.where("created_at", ">=", Timestamp.fromDate(options.from));
      if (options.to) query = query.where("created_at", "<=", Timestamp.fromDate(options.to));
      if (options.after) query = query.startAfter(options.after.createdAt, options.after.id);
      const snapshot = await query.limit(options.limit + 1).get();
      const docs = snapshot.docs.slice(0, options.limit);
      const last = docs.at(-1);
      const nextCursor =
        snapshot.docs.length > options.limit && last
          ? encodeCursor({ createdAt: (last.data() as OrderDocument).created_at, id: last.ref.path })
          : undefined;
      return { orders: docs.map((doc) => ({ id: doc.id, order: doc.data() as OrderDocument })), nextCursor };
    },

    /**
     * Applies a staff status change by order number, in one transaction: the new status, the audit
     * entry and the status notification whose creation triggers the SMS.
     */
    async changeStatus(orderNumber: string, change: StatusChange): Promise<StaffOrderRecord | undefined> {
      const reservation = await db.collection("order_numbers").doc(orderNumber).get();
      if (!reservation.exists) return undefined;
      const { uid, order_id: orderId } = reservation.data() as { uid: string; order_id: string };
      const ref = db.collection("users").doc(uid).collection("orders").doc(orderId);
      return db.runTransaction(async (transaction) => {
        const snapshot = await transaction.get(ref);
        if (!snapshot.exists) return undefined;
        const current = snapshot.data() as OrderDocument;
        change.check(current);
        const at = Timestamp.fromDate(change.at);
        const entry: AuditEntry = { by: change.staffUid, at, from: current.status, to: change.to };
        const fields = {
          status: change.to,
          version: current.version + 1,
          updated_at: at,
          audit: [...(current.audit ?? []), entry],
        };
        transaction.update(ref, fields);
        const { to, message } = change.notification(current);
        const notification: NotificationDocument = {
          kind: "status",
          to_status: change.to,
          to,
          message,
          created_at: at,
          sms: initialSmsState(at),
        };
        // One notification per status reached: a second one for the same status cannot be created.
        transaction.create(ref.collection(NOTIFICATIONS).doc(`status-${change.to.toLowerCase()}`), notification);
        return { id: orderId, order: { ...current, ...fields } };
      });
    },
  };
}

export type StaffOrdersRepository = ReturnType<typeof createStaffOrdersRepository>;
