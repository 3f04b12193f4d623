/** Firestore access for staff: every customer's orders, and status changes with audit and notification. */
import { Timestamp, type Firestore, type Query } from "firebase-admin/firestore";
import {
  createNotificationsRepository,
  NOTIFICATIONS,
  type NotificationDocument,
} from "../notifications/notifications-repository.js";
import { orderConverter, type AuditEntry, type OrderDocument, type SmsState } from "../orders/order-document.js";
import { readPage } from "../orders/paging.js";
import type { OrderStatus } from "../orders/schemas.js";
import { storedAs } from "../stored-as.js";

export interface StaffOrderRecord {
  id: string;
  order: OrderDocument;
  /** The status messages sent about it (read for one order, not for lists). */
  statusMessages?: { to_status: "Completed" | "Canceled"; sms: SmsState }[];
}

export interface StatusChange {
  staff: { uid: string; username: string };
  to: "Completed" | "Canceled";
  at: Date;
  /** Decides, inside the transaction, whether the change may happen; throws if not. */
  check: (current: OrderDocument) => void;
  notification: (order: OrderDocument) => { to: string; message: string };
}

interface OrderNumberDocument {
  uid: string;
  order_id: string;
}

/** Who changed what, with the staff member's uid: for staff eyes only (the order shows the username). */
interface AuditLogDocument {
  order_path: string;
  order_number: string;
  staff_uid: string;
  staff_username: string;
  from: OrderStatus;
  to: OrderStatus;
  at: Timestamp;
}

export function createStaffOrdersRepository(db: Firestore) {
  const orderNumbers = db.collection("order_numbers").withConverter(storedAs<OrderNumberDocument>());
  const auditLog = db.collection("audit_log").withConverter(storedAs<AuditLogDocument>());
  const notifications = createNotificationsRepository(db);

  async function locate(orderNumber: string) {
    const reservation = (await orderNumbers.doc(orderNumber).get()).data();
    if (!reservation) return undefined;
    return db
      .collection("users")
      .doc(reservation.uid)
      .collection("orders")
      .doc(reservation.order_id)
      .withConverter(orderConverter);
  }

  return {
    /** A page of every customer's orders, newest first (see orders/paging.ts). */
    async list(options: {
      status: OrderStatus | undefined;
      from: Date | undefined;
      to: Date | undefined;
      limit: number;
      cursor: string | undefined;
    }): Promise<{ orders: StaffOrderRecord[]; nextCursor: string | undefined }> {
      let query: Query<OrderDocument> = db.collectionGroup("orders").withConverter(orderConverter);
      if (options.status) query = query.where("status", "==", options.status);
      if (options.from) query = query.where("created_at", ">=", Timestamp.fromDate(options.from));
      if (options.to) query = query.where("created_at", "<=", Timestamp.fromDate(options.to));
      const page = await readPage(query, { limit: options.limit, cursor: options.cursor, key: "path" });
      return { orders: page.docs.map((doc) => ({ id: doc.id, order: doc.data() })), nextCursor: page.nextCursor };
    },

    async get(orderNumber: string): Promise<StaffOrderRecord | undefined> {
      const ref = await locate(orderNumber);
      if (!ref) return undefined;
      const [snapshot, messages] = await Promise.all([
        ref.get(),
        ref.collection(NOTIFICATIONS).withConverter(storedAs<NotificationDocument>()).get(),
      ]);
      const order = snapshot.data();
      if (!order) return undefined;
      const statusMessages = messages.docs.map((doc) => {
        const message = doc.data();
        return { to_status: message.to_status as "Completed" | "Canceled", sms: message.sms };
      });
      return { id: ref.id, order, statusMessages };
    },

    /**
     * Applies a staff status change by order number, in one transaction: the new status, the audit
     * entries and the status notification whose creation triggers the SMS. A deleted order is not
     * found, so no SMS goes out for it.
     */
    async changeStatus(orderNumber: string, change: StatusChange): Promise<StaffOrderRecord | undefined> {
      const ref = await locate(orderNumber);
      if (!ref) return undefined;
      return db.runTransaction(async (transaction) => {
        const current = (await transaction.get(ref)).data();
        if (!current) return undefined;
        change.check(current);
        const at = Timestamp.fromDate(change.at);
        const entry: AuditEntry = { by: change.staff.username, at, from: current.status, to: change.to };
        const fields = {
          status: change.to,
          version: current.version + 1,
          updated_at: at,
          audit: [...(current.audit ?? []), entry],
        };
        transaction.update(ref, fields);
        transaction.create(auditLog.doc(), {
          order_path: ref.path,
          order_number: orderNumber,
          staff_uid: change.staff.uid,
          staff_username: change.staff.username,
          from: current.status,
          to: change.to,
          at,
        });
        const { to, message } = change.notification(current);
        notifications.addStatusNotification(transaction, ref, { to_status: change.to, to, message, at });
        return { id: ref.id, order: { ...current, ...fields } };
      });
    },
  };
}

export type StaffOrdersRepository = ReturnType<typeof createStaffOrdersRepository>;
