/**
 * Firestore access for orders. Nothing else touches these collections:
 *
 *   users/{uid}/orders/{orderId}                    the order (it carries its confirmation SMS)
 *   users/{uid}/orders/{orderId}/notifications/{id} its status messages (each carries its SMS)
 *   users/{uid}/idempotency_keys/{hash}             a create's key -> the order it made (TTL)
 *   order_numbers/{order_number}                    {uid, order_id}: order numbers stay unique
 *   audit_log/{id}                                  who on the staff changed which order (staff only)
 *
 * Plain values in, outcomes out: the decisions are order-rules.ts's, applied inside the transactions.
 */
import { createHash } from "node:crypto";
import { Timestamp, type Firestore, type Query } from "firebase-admin/firestore";
import type { OrderTally, UsersRepository } from "../accounts/users-repository.js";
import { grpcCode, GrpcStatus } from "../platform/sdk-errors.js";
import { storedAs } from "../platform/stored-as.js";
import type { SmsMessage } from "../sms/message.js";
import { orderConverter, historyOf, type AuditEntry, type OrderDocument } from "./order-document.js";
import {
  decideCustomerChange,
  decideDeletion,
  decideStaffChange,
  type CustomerChange,
  type Refusal,
} from "./order-rules.js";
import { readPage } from "./paging.js";
import type { OrderStatus } from "./schemas.js";

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const NOTIFICATIONS = "notifications";

/** The carrier collections of this module's messages, for the SMS sweeper. */
export const ORDER_MESSAGE_CARRIERS = ["orders", NOTIFICATIONS] as const;

export interface IdempotencyRequest {
  key: string;
  /** A hash of the normalised request body: the same key with another body is refused. */
  fingerprint: string;
}

interface IdempotencyDocument {
  fingerprint: string;
  order_id: string;
  /** The order as first created: a repeat is answered with exactly that. */
  order?: OrderDocument;
  created_at: Timestamp;
  /** Firestore TTL deletes the key after this time; reads treat it as gone from then on. */
  expires_at: Timestamp;
}

export type CreateOutcome =
  | { kind: "created"; id: string; order: OrderDocument }
  | { kind: "replayed"; id: string; order: OrderDocument }
  | { kind: "key_reused_with_other_body" }
  /** The order number was taken, or the key was claimed meanwhile: try again (see the service). */
  | { kind: "collision" };

export type ChangeOutcome =
  { kind: "changed"; id: string; order: OrderDocument } | { kind: "not_found" } | { kind: "refused"; refusal: Refusal };

/** A status message for an order: its recipient and text, composed by the caller. */
export interface StatusNotification {
  message: SmsMessage;
}

interface NotificationDocument {
  kind: "status";
  to_status: "Completed" | "Canceled";
  created_at: Timestamp;
  sms: SmsMessage;
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
  reason: string | null;
  at: Timestamp;
}

export interface StaffOrderRecord {
  id: string;
  order: OrderDocument;
  /** The status messages sent about it (read for one order, not for lists). */
  statusMessages?: { to_status: "Completed" | "Canceled"; sms: SmsMessage }[];
}

function hashKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function createOrdersRepository(db: Firestore, deps: { users: UsersRepository }) {
  const orderNumbers = db.collection("order_numbers").withConverter(storedAs<OrderNumberDocument>());
  const auditLog = db.collection("audit_log").withConverter(storedAs<AuditLogDocument>());
  const ordersOf = (uid: string) => db.collection("users").doc(uid).collection("orders").withConverter(orderConverter);
  const keysOf = (uid: string) =>
    db.collection("users").doc(uid).collection("idempotency_keys").withConverter(storedAs<IdempotencyDocument>());

  async function locate(orderNumber: string) {
    const reservation = (await orderNumbers.doc(orderNumber).get()).data();
    if (!reservation) return undefined;
    return ordersOf(reservation.uid).doc(reservation.order_id);
  }

  return {
    /**
     * Creates the order, its order number reservation, its count toward the hourly limit and
     * (optionally) its idempotency key in one atomic batch. `create` preconditions make every
     * collision visible, as a `collision` outcome: the caller tries again with another number.
     */
    async create(
      uid: string,
      order: OrderDocument,
      options: { idempotency: IdempotencyRequest | undefined; tally: OrderTally; orderId?: string },
    ): Promise<CreateOutcome> {
      const orderRef = options.orderId ? ordersOf(uid).doc(options.orderId) : ordersOf(uid).doc();
      const { idempotency } = options;
      const keyRef = idempotency ? keysOf(uid).doc(hashKey(idempotency.key)) : undefined;
      let expiredKeyUpdateTime: Timestamp | undefined;
      if (keyRef && idempotency) {
        const existing = await keyRef.get();
        const stored = existing.data();
        if (stored) {
          if (stored.expires_at.toMillis() > order.created_at.toMillis()) {
            if (stored.fingerprint !== idempotency.fingerprint) return { kind: "key_reused_with_other_body" };
            const first = stored.order ?? (await ordersOf(uid).doc(stored.order_id).get()).data();
            if (first) return { kind: "replayed", id: stored.order_id, order: first };
          }
          expiredKeyUpdateTime = existing.updateTime;
        }
      }

      const batch = db.batch();
      batch.create(orderNumbers.doc(order.order_number), { uid, order_id: orderRef.id });
      batch.create(orderRef, order);
      deps.users.tallyOrderIn(batch, uid, options.tally);
      if (keyRef && idempotency) {
        const keyDocument: IdempotencyDocument = {
          fingerprint: idempotency.fingerprint,
          order_id: orderRef.id,
          order,
          created_at: order.created_at,
          expires_at: Timestamp.fromMillis(order.created_at.toMillis() + IDEMPOTENCY_TTL_MS),
        };
        if (expiredKeyUpdateTime) batch.update(keyRef, { ...keyDocument }, { lastUpdateTime: expiredKeyUpdateTime });
        else batch.create(keyRef, keyDocument);
      }
      try {
        await batch.commit();
        return { kind: "created", id: orderRef.id, order };
      } catch (error) {
        const code = grpcCode(error);
        // A taken order number or a key claimed meanwhile; the next round tells which.
        if (code === GrpcStatus.ALREADY_EXISTS || code === GrpcStatus.FAILED_PRECONDITION) {
          return { kind: "collision" };
        }
        throw error;
      }
    },

    async get(uid: string, id: string): Promise<OrderDocument | undefined> {
      return (await ordersOf(uid).doc(id).get()).data();
    },

    /** A page of the customer's orders, newest first (see paging.ts). */
    async list(
      uid: string,
      options: { status: OrderStatus | undefined; limit: number; cursor: string | undefined },
    ): Promise<{ orders: { id: string; order: OrderDocument }[]; nextCursor: string | undefined }> {
      const all = ordersOf(uid);
      const query = options.status ? all.where("status", "==", options.status) : all;
      const page = await readPage(query, { limit: options.limit, cursor: options.cursor, key: "id" });
      return { orders: page.docs.map((doc) => ({ id: doc.id, order: doc.data() })), nextCursor: page.nextCursor };
    },

    /** The customer's change, decided and written in one transaction, so concurrent changes never lose one another's. */
    async change(
      uid: string,
      id: string,
      change: CustomerChange,
      ifMatch: string | undefined,
      now: Date,
    ): Promise<ChangeOutcome> {
      const ref = ordersOf(uid).doc(id);
      return db.runTransaction(async (transaction): Promise<ChangeOutcome> => {
        const current = (await transaction.get(ref)).data();
        if (!current) return { kind: "not_found" };
        const decision = decideCustomerChange(current, change, ifMatch);
        if (decision.kind === "refused") return decision;
        if (decision.kind === "unchanged") return { kind: "changed", id, order: current };
        const at = Timestamp.fromDate(now);
        const fields: Partial<OrderDocument> = { ...decision.fields, version: current.version + 1, updated_at: at };
        if (decision.fields.status !== undefined) {
          fields.history = [
            ...historyOf(current),
            { at, status: decision.fields.status, by: "customer", reason: null },
          ];
        }
        transaction.update(ref, fields);
        return { kind: "changed", id, order: { ...current, ...fields } };
      });
    },

    /** Deletes a Pending order, in one transaction with the read, so a status change by staff cannot slip in between. */
    async delete(uid: string, id: string): Promise<{ kind: "deleted" } | Exclude<ChangeOutcome, { kind: "changed" }>> {
      const ref = ordersOf(uid).doc(id);
      return db.runTransaction(async (transaction) => {
        const current = (await transaction.get(ref)).data();
        if (!current) return { kind: "not_found" } as const;
        const refusal = decideDeletion(current);
        if (refusal) return { kind: "refused", refusal } as const;
        transaction.delete(ref);
        return { kind: "deleted" } as const;
      });
    },

    /** A page of every customer's orders, newest first, for staff. */
    async listAll(options: {
      status: OrderStatus | undefined;
      from: Date | undefined;
      to: Date | undefined;
      /** Only orders placed with this phone number, or by these accounts (at most 30, Firestore's `in` bound). */
      customers: { phone: string } | { uids: readonly string[] } | undefined;
      limit: number;
      cursor: string | undefined;
    }): Promise<{ orders: StaffOrderRecord[]; nextCursor: string | undefined }> {
      let query: Query<OrderDocument> = db.collectionGroup("orders").withConverter(orderConverter);
      if (options.status) query = query.where("status", "==", options.status);
      if (options.customers && "phone" in options.customers) {
        query = query.where("customer.phone_number", "==", options.customers.phone);
      } else if (options.customers) {
        query = query.where("customer.uid", "in", [...options.customers.uids]);
      }
      if (options.from) query = query.where("created_at", ">=", Timestamp.fromDate(options.from));
      if (options.to) query = query.where("created_at", "<=", Timestamp.fromDate(options.to));
      const page = await readPage(query, { limit: options.limit, cursor: options.cursor, key: "path" });
      return { orders: page.docs.map((doc) => ({ id: doc.id, order: doc.data() })), nextCursor: page.nextCursor };
    },

    /** A customer's own order by its number (another customer's is not found). */
    async findOwnByNumber(uid: string, orderNumber: string): Promise<{ id: string; order: OrderDocument } | undefined> {
      const reservation = (await orderNumbers.doc(orderNumber).get()).data();
      if (reservation?.uid !== uid) return undefined;
      const order = (await ordersOf(uid).doc(reservation.order_id).get()).data();
      return order ? { id: reservation.order_id, order } : undefined;
    },

    /** One order by its number, without its messages. */
    async findByNumber(orderNumber: string): Promise<OrderDocument | undefined> {
      return (await (await locate(orderNumber))?.get())?.data();
    },

    /** One order by its number, with its status messages, for staff. */
    async getByNumber(orderNumber: string): Promise<StaffOrderRecord | undefined> {
      const ref = await locate(orderNumber);
      if (!ref) return undefined;
      const [snapshot, messages] = await Promise.all([
        ref.get(),
        ref.collection(NOTIFICATIONS).withConverter(storedAs<NotificationDocument>()).get(),
      ]);
      const order = snapshot.data();
      if (!order) return undefined;
      const statusMessages = messages.docs.map((doc) => ({ to_status: doc.data().to_status, sms: doc.data().sms }));
      return { id: ref.id, order, statusMessages };
    },

    /**
     * A staff status change by order number, in one transaction: the new status, the audit entries
     * and the status message whose creation triggers the SMS (one per status an order reaches). A
     * deleted order is not found, so no SMS goes out for it.
     */
    async changeStatusByStaff(
      orderNumber: string,
      change: {
        staff: { uid: string; username: string };
        to: "Completed" | "Canceled";
        reason: string | null;
        ifMatch: string | undefined;
        at: Date;
        notification: StatusNotification;
      },
    ): Promise<ChangeOutcome> {
      const ref = await locate(orderNumber);
      if (!ref) return { kind: "not_found" };
      return db.runTransaction(async (transaction): Promise<ChangeOutcome> => {
        const current = (await transaction.get(ref)).data();
        if (!current) return { kind: "not_found" };
        const refusal = decideStaffChange(current, change.to, change.ifMatch);
        if (refusal) return { kind: "refused", refusal };
        const at = Timestamp.fromDate(change.at);
        const entry: AuditEntry = {
          by: change.staff.username,
          at,
          from: current.status,
          to: change.to,
          reason: change.reason,
        };
        const fields = {
          status: change.to,
          version: current.version + 1,
          updated_at: at,
          audit: [...(current.audit ?? []), entry],
          history: [...historyOf(current), { at, status: change.to, by: "shop" as const, reason: change.reason }],
        };
        transaction.update(ref, fields);
        transaction.create(auditLog.doc(), {
          order_path: ref.path,
          order_number: orderNumber,
          staff_uid: change.staff.uid,
          staff_username: change.staff.username,
          from: current.status,
          to: change.to,
          reason: change.reason,
          at,
        });
        const notification: NotificationDocument = {
          kind: "status",
          to_status: change.to,
          created_at: at,
          sms: change.notification.message,
        };
        transaction.create(
          ref
            .collection(NOTIFICATIONS)
            .withConverter(storedAs<NotificationDocument>())
            .doc(`${ref.id}-status-${change.to.toLowerCase()}`),
          notification,
        );
        return { kind: "changed", id: ref.id, order: { ...current, ...fields } };
      });
    },

    /**
     * What an account's orders leave when it is deleted: its Pending orders and idempotency keys go;
     * completed and canceled orders stay on record, with the customer as they were when ordering.
     */
    async removeAccountOrders(uid: string): Promise<{ pendingRemoved: number; kept: number; keysRemoved: number }> {
      const orders = await ordersOf(uid).get();
      const pending = orders.docs.filter((doc) => doc.data().status === "Pending").map((doc) => doc.ref);
      const keys = await keysOf(uid).listDocuments();
      const doomed = [...pending, ...keys];
      for (let i = 0; i < doomed.length; i += 400) {
        const batch = db.batch();
        for (const ref of doomed.slice(i, i + 400)) batch.delete(ref);
        await batch.commit();
      }
      return { pendingRemoved: pending.length, kept: orders.size - pending.length, keysRemoved: keys.length };
    },

    /** Order ids come from Firestore; a caller that must name its carrier before creating it asks here. */
    newOrderId(uid: string): string {
      return ordersOf(uid).doc().id;
    },
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
