/**
 * Firestore access for orders. Nothing else touches these collections:
 *
 *   users/{uid}/orders/{orderId}                    the order (it carries its confirmation SMS)
 *   users/{uid}/orders/{orderId}/notifications/{id} its status messages and the shop's new-order alerts
 *                                                   (each carries its SMS)
 *   users/{uid}/idempotency_keys/{hash}             a create's key -> the order it made (TTL)
 *   order_numbers/{order_number}                    {uid, order_id}: order numbers stay unique
 *   audit_log/{id}                                  who on the staff changed which order (staff only)
 *
 * Plain values in, outcomes out: the decisions are order-rules.ts's and order-lines.ts's, applied
 * inside the transactions. An order from the catalogue moves its products' stock in the same
 * transaction as it is created, edited, canceled or deleted (through the products repository).
 */
import { createHash } from "node:crypto";
import {
  AggregateField,
  FieldPath,
  Timestamp,
  type DocumentReference,
  type Firestore,
  type Query,
  type QueryDocumentSnapshot,
} from "firebase-admin/firestore";
import type { OrderTally, UsersRepository } from "../accounts/users-repository.js";
import { grpcCode, GrpcStatus } from "../platform/sdk-errors.js";
import { storedAs } from "../platform/stored-as.js";
import type { ProductsRepository } from "../products/products-repository.js";
import type { SmsMessage } from "../sms/message.js";
import { orderConverter, historyOf, type AuditEntry, type OrderDocument, type OrderLine } from "./order-document.js";
import {
  orderFromLines,
  productIdsOf,
  relinedOrder,
  stockReturned,
  type LinesOrderDraft,
  type LinesRefusal,
} from "./order-lines.js";
import {
  decideCustomerChange,
  decideDeletion,
  decideLinesChange,
  decideStaffChange,
  type CustomerChange,
  type Refusal,
} from "./order-rules.js";
import type { LineRequest } from "./schemas.js";
import { readPage } from "./paging.js";
import type { OrderStatus } from "./schemas.js";
import { runTransaction } from "../platform/transactions.js";

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

/** Creating an order from lines can also find its products wanting, or too busy to settle. */
export type LinesCreateOutcome =
  | CreateOutcome
  | { kind: "lines_refused"; refusal: LinesRefusal }
  /** Other instances kept the products locked through every attempt: nothing was written. */
  | { kind: "contention" };

export type ChangeOutcome =
  { kind: "changed"; id: string; order: OrderDocument } | { kind: "not_found" } | { kind: "refused"; refusal: Refusal };

export type LinesChangeOutcome =
  ChangeOutcome | { kind: "lines_refused"; refusal: LinesRefusal } | { kind: "contention" };

/** What an order from lines needs besides its lines: everything the products do not decide. */
export interface LinesOrderRequest {
  draft: LinesOrderDraft;
  lines: readonly LineRequest[];
  /** Absent on the first attempt; a random suffix once the plain order number was taken. */
  suffix: string | undefined;
  phoneVerified: boolean;
}

/** A status message for an order: its recipient and text, composed by the caller. */
export interface StatusNotification {
  message: SmsMessage;
}

type NotificationDocument =
  | { kind: "status"; to_status: "Completed" | "Canceled"; created_at: Timestamp; sms: SmsMessage }
  /** An SMS to one of the shop's own numbers about a new order (SHOP_ALERT_NUMBERS). */
  | { kind: "shop_alert"; created_at: Timestamp; sms: SmsMessage };

/** An order as stored (a catalogue order with its lines). */
export type StoredOrder = OrderDocument;

/** What the day's report reads of each order placed that day (a projection: nothing else is fetched). */
export interface PlacedOrderFigures {
  status: OrderStatus;
  amount_minor: number;
  created_at: Timestamp;
  lines?: OrderLine[];
}

/** A count of orders and the sum of their amounts. */
export interface OrderFigures {
  count: number;
  amountMinor: number;
}

/** A stretch of time: from `start` (inclusive) to `end` (exclusive); either end may be open. */
export interface TimeRange {
  start: Date | undefined;
  end: Date | undefined;
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

/**
 * A query's results page by page, by creation time and then document path (so no order is skipped
 * or repeated between pages); each next page is asked for before the current one is handed over.
 */
async function* pages<T extends { created_at: Timestamp }>(
  query: Query<T>,
  direction: "asc" | "desc",
  pageSize: number,
): AsyncGenerator<QueryDocumentSnapshot<T>[]> {
  const ordered = query.orderBy("created_at", direction).orderBy(FieldPath.documentId(), direction).limit(pageSize);
  let next: Promise<QueryDocumentSnapshot<T>[]> | undefined = ordered.get().then((snapshot) => snapshot.docs);
  while (next) {
    const docs: QueryDocumentSnapshot<T>[] = await next;
    const last = docs.at(-1);
    next =
      docs.length === pageSize && last
        ? ordered
            .startAfter(last.data().created_at, last.ref.path)
            .get()
            .then((snapshot) => snapshot.docs)
        : undefined;
    // A caller that stops early leaves at most one page read in vain.
    next?.catch(() => undefined);
    if (docs.length > 0) yield docs;
  }
}

function hashKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

/** A transaction that gave up because others held its documents: an outcome, not an error. */
function contended(error: unknown): boolean {
  return grpcCode(error) === GrpcStatus.ABORTED;
}

export function createOrdersRepository(db: Firestore, deps: { users: UsersRepository; products: ProductsRepository }) {
  const { products } = deps;
  const orderNumbers = db.collection("order_numbers").withConverter(storedAs<OrderNumberDocument>());
  const auditLog = db.collection("audit_log").withConverter(storedAs<AuditLogDocument>());
  const ordersOf = (uid: string) => db.collection("users").doc(uid).collection("orders").withConverter(orderConverter);
  const keysOf = (uid: string) =>
    db.collection("users").doc(uid).collection("idempotency_keys").withConverter(storedAs<IdempotencyDocument>());
  const notificationsOf = (order: DocumentReference<OrderDocument>) =>
    order.collection(NOTIFICATIONS).withConverter(storedAs<NotificationDocument>());
  const allOrders = () => db.collectionGroup("orders").withConverter(storedAs<StoredOrder>());

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
      options: {
        idempotency: IdempotencyRequest | undefined;
        tally: OrderTally;
        orderId?: string;
        /** SMS to the shop's own numbers about this order, created with it (their creation sends them). */
        shopAlerts?: readonly SmsMessage[];
      },
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
      (options.shopAlerts ?? []).forEach((sms, index) => {
        const alert: NotificationDocument = { kind: "shop_alert", created_at: order.created_at, sms };
        batch.create(notificationsOf(orderRef).doc(`${orderRef.id}-shop-alert-${index}`), alert);
      });
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

    /**
     * Creates an order from the catalogue in one transaction: reads its products (and its idempotency
     * key), prices the lines, then writes the order, its number's reservation, the hourly tally, the
     * products' stock and the key. A repeated key answers the first order and takes no stock again.
     */
    async createFromLines(
      uid: string,
      request: LinesOrderRequest,
      options: { idempotency: IdempotencyRequest | undefined; tally: OrderTally; orderId: string },
    ): Promise<LinesCreateOutcome> {
      const orderRef = ordersOf(uid).doc(options.orderId);
      const { idempotency } = options;
      const keyRef = idempotency ? keysOf(uid).doc(hashKey(idempotency.key)) : undefined;
      const productIds = request.lines.map((line) => line.productId);
      const createdAt = request.draft.created_at;
      try {
        return await products.inTurn(productIds, () =>
          runTransaction(db, async (transaction): Promise<LinesCreateOutcome> => {
            const [key, found] = await Promise.all([
              keyRef ? transaction.get(keyRef) : undefined,
              products.readForOrder(transaction, productIds),
            ]);
            const stored = key?.data();
            const live = stored && stored.expires_at.toMillis() > createdAt.toMillis() ? stored : undefined;
            if (live && idempotency) {
              if (live.fingerprint !== idempotency.fingerprint) return { kind: "key_reused_with_other_body" };
              const first = live.order ?? (await transaction.get(ordersOf(uid).doc(live.order_id))).data();
              if (first) return { kind: "replayed", id: live.order_id, order: first };
            }
            const decision = orderFromLines(request.draft, request, found);
            if (decision.kind === "refused") return { kind: "lines_refused", refusal: decision.refusal };
            const { order } = decision;
            transaction.create(orderNumbers.doc(order.order_number), { uid, order_id: orderRef.id });
            transaction.create(orderRef, order);
            deps.users.tallyOrderInTransaction(transaction, uid, options.tally);
            products.writeStock(transaction, decision.stock, createdAt.toDate());
            if (keyRef && idempotency) {
              // Read in this transaction (absent or expired), so a plain set cannot overwrite a rival's key.
              transaction.set(keyRef, {
                fingerprint: idempotency.fingerprint,
                order_id: orderRef.id,
                order,
                created_at: createdAt,
                expires_at: Timestamp.fromMillis(createdAt.toMillis() + IDEMPOTENCY_TTL_MS),
              });
            }
            return { kind: "created", id: orderRef.id, order };
          }),
        );
      } catch (error) {
        // The order number was taken: the service tries again with a suffix.
        if (grpcCode(error) === GrpcStatus.ALREADY_EXISTS) return { kind: "collision" };
        if (contended(error)) return { kind: "contention" };
        throw error;
      }
    },

    /**
     * Replaces a Pending order's lines in one transaction: re-priced at today's prices, and each
     * product's stock moved by the difference (units no longer wanted go back).
     */
    async changeLines(
      uid: string,
      id: string,
      lines: readonly LineRequest[],
      ifMatch: string | undefined,
      now: Date,
    ): Promise<LinesChangeOutcome> {
      const ref = ordersOf(uid).doc(id);
      try {
        return await products.inTurn(
          lines.map((line) => line.productId),
          () =>
            runTransaction(db, async (transaction): Promise<LinesChangeOutcome> => {
              const current = (await transaction.get(ref)).data();
              if (!current) return { kind: "not_found" };
              const refusal = decideLinesChange(current, ifMatch);
              if (refusal) return { kind: "refused", refusal };
              const found = await products.readForOrder(transaction, [
                ...productIdsOf(current),
                ...lines.map((line) => line.productId),
              ]);
              const decision = relinedOrder(current, lines, found, now);
              if (decision.kind === "refused") return { kind: "lines_refused", refusal: decision.refusal };
              if (decision.kind === "unchanged") return { kind: "changed", id, order: current };
              transaction.update(ref, decision.fields);
              products.writeStock(transaction, decision.stock, now);
              return { kind: "changed", id, order: { ...current, ...decision.fields } };
            }),
        );
      } catch (error) {
        if (contended(error)) return { kind: "contention" };
        throw error;
      }
    },

    /**
     * The shop's new-order alerts of an order created in a transaction (a catalogue order, priced
     * there): named after the order, so a retry writes each once.
     */
    async addShopAlerts(uid: string, orderId: string, alerts: readonly SmsMessage[]): Promise<void> {
      if (alerts.length === 0) return;
      const orderRef = ordersOf(uid).doc(orderId);
      const at = Timestamp.now();
      await Promise.all(
        alerts.map(async (sms, index) => {
          const alert: NotificationDocument = { kind: "shop_alert", created_at: at, sms };
          try {
            await notificationsOf(orderRef).doc(`${orderId}-shop-alert-${index}`).create(alert);
          } catch (error) {
            if (grpcCode(error) !== GrpcStatus.ALREADY_EXISTS) throw error;
          }
        }),
      );
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
      return runTransaction(db, async (transaction): Promise<ChangeOutcome> => {
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
        // A canceled order gives its stock back, in the same transaction.
        const returned =
          decision.fields.status === "Canceled"
            ? stockReturned(current, await products.readForOrder(transaction, productIdsOf(current)))
            : [];
        transaction.update(ref, fields);
        products.writeStock(transaction, returned, now);
        return { kind: "changed", id, order: { ...current, ...fields } };
      });
    },

    /** Deletes a Pending order, in one transaction with the read, so a status change by staff cannot slip in between. */
    async delete(
      uid: string,
      id: string,
      now: Date,
    ): Promise<{ kind: "deleted" } | Exclude<ChangeOutcome, { kind: "changed" }>> {
      const ref = ordersOf(uid).doc(id);
      return runTransaction(db, async (transaction) => {
        const current = (await transaction.get(ref)).data();
        if (!current) return { kind: "not_found" } as const;
        const refusal = decideDeletion(current);
        if (refusal) return { kind: "refused", refusal } as const;
        const returned = stockReturned(current, await products.readForOrder(transaction, productIdsOf(current)));
        transaction.delete(ref);
        products.writeStock(transaction, returned, now);
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
        notificationsOf(ref).where("kind", "==", "status").get(),
      ]);
      const order = snapshot.data();
      if (!order) return undefined;
      const statusMessages = messages.docs.flatMap((doc) => {
        const message = doc.data();
        return message.kind === "status" ? [{ to_status: message.to_status, sms: message.sms }] : [];
      });
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
      return runTransaction(db, async (transaction): Promise<ChangeOutcome> => {
        const current = (await transaction.get(ref)).data();
        if (!current) return { kind: "not_found" };
        const refusal = decideStaffChange(current, change.to, change.ifMatch);
        if (refusal) return { kind: "refused", refusal };
        // Canceled by the shop, the order gives its stock back; completed, it stays sold.
        const returned =
          change.to === "Canceled"
            ? stockReturned(current, await products.readForOrder(transaction, productIdsOf(current)))
            : [];
        products.writeStock(transaction, returned, change.at);
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
        transaction.create(notificationsOf(ref).doc(`${ref.id}-status-${change.to.toLowerCase()}`), notification);
        return { kind: "changed", id: ref.id, order: { ...current, ...fields } };
      });
    },

    /**
     * What an account's orders leave when it is deleted: its Pending orders and idempotency keys go;
     * completed and canceled orders stay on record, with the customer as they were when ordering.
     */
    async removeAccountOrders(uid: string): Promise<{ pendingRemoved: number; kept: number; keysRemoved: number }> {
      const orders = await ordersOf(uid).get();
      const pendingDocs = orders.docs.filter((doc) => doc.data().status === "Pending");
      // A Pending order from the catalogue goes with its stock given back, one transaction each.
      for (const doc of pendingDocs.filter((pending) => pending.data().lines)) {
        await runTransaction(db, async (transaction) => {
          const current = (await transaction.get(doc.ref)).data();
          if (current?.status !== "Pending") return;
          const returned = stockReturned(current, await products.readForOrder(transaction, productIdsOf(current)));
          transaction.delete(doc.ref);
          products.writeStock(transaction, returned, new Date());
        });
      }
      const pending = pendingDocs.filter((doc) => !doc.data().lines).map((doc) => doc.ref);
      const keys = await keysOf(uid).listDocuments();
      const doomed = [...pending, ...keys];
      for (let i = 0; i < doomed.length; i += 400) {
        const batch = db.batch();
        for (const ref of doomed.slice(i, i + 400)) batch.delete(ref);
        await batch.commit();
      }
      return { pendingRemoved: pendingDocs.length, kept: orders.size - pendingDocs.length, keysRemoved: keys.length };
    },

    /**
     * The orders that reached Completed or Canceled within a time range: how many, and their amount,
     * counted by Firestore (an aggregation costs one read per 1,000 orders it counts). A Completed or
     * Canceled order is never written again but for its SMS fields, so its updated_at is the moment
     * it reached that status.
     */
    async reachedStatusBetween(status: "Completed" | "Canceled", range: TimeRange): Promise<OrderFigures> {
      let query: Query<StoredOrder> = allOrders().where("status", "==", status);
      if (range.start) query = query.where("updated_at", ">=", Timestamp.fromDate(range.start));
      if (range.end) query = query.where("updated_at", "<", Timestamp.fromDate(range.end));
      const snapshot = await query
        .orderBy("updated_at", "desc")
        .aggregate({ count: AggregateField.count(), amount: AggregateField.sum("amount_minor") })
        .get();
      const { count, amount } = snapshot.data();
      return { count, amountMinor: amount };
    },

    /**
     * The orders placed within a time range, page by page, with only what the day's report reads of
     * them (status, amount, lines): one read per order, and memory for one page at a time.
     */
    async *placedBetween(range: TimeRange, pageSize: number): AsyncGenerator<PlacedOrderFigures[]> {
      let query: Query = db.collectionGroup("orders");
      if (range.start) query = query.where("created_at", ">=", Timestamp.fromDate(range.start));
      if (range.end) query = query.where("created_at", "<", Timestamp.fromDate(range.end));
      const projected = query
        .select("status", "amount_minor", "created_at", "lines")
        .withConverter(storedAs<PlacedOrderFigures>());
      for await (const page of pages(projected, "desc", pageSize)) yield page.map((doc) => doc.data());
    },

    /**
     * Every order placed within a time range (and of one status, if given), oldest first, page by
     * page: the next page is read while the caller works through the current one.
     */
    async *placedInOrder(
      filter: TimeRange & { status: OrderStatus | undefined },
      pageSize: number,
    ): AsyncGenerator<{ id: string; order: StoredOrder }[]> {
      let query: Query<StoredOrder> = allOrders();
      if (filter.status) query = query.where("status", "==", filter.status);
      if (filter.start) query = query.where("created_at", ">=", Timestamp.fromDate(filter.start));
      if (filter.end) query = query.where("created_at", "<", Timestamp.fromDate(filter.end));
      for await (const page of pages(query, "asc", pageSize)) {
        yield page.map((doc) => ({ id: doc.id, order: doc.data() }));
      }
    },

    /** Order ids come from Firestore; a caller that must name its carrier before creating it asks here. */
    newOrderId(uid: string): string {
      return ordersOf(uid).doc().id;
    },
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
