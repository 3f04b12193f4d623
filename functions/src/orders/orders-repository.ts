/** Firestore access for orders, order numbers and idempotency keys. Nothing else touches them. */
import { createHash } from "node:crypto";
import { Timestamp, type Firestore, type WriteBatch } from "firebase-admin/firestore";
import { grpcCode, GrpcStatus } from "../sdk-errors.js";
import { storedAs } from "../stored-as.js";
import { baseOrderNumber, withSuffix } from "./order-number.js";
import { orderConverter, type OrderDocument } from "./order-document.js";
import { readPage } from "./paging.js";
import type { OrderResponse, OrderStatus } from "./schemas.js";

const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_CREATE_ATTEMPTS = 8;

export interface IdempotencyRequest {
  key: string;
  /** A hash of the normalised request body: the same key with another body is refused. */
  fingerprint: string;
}

interface IdempotencyDocument {
  fingerprint: string;
  order_id: string;
  /** The first response, replayed verbatim for repeats. */
  response: string;
  created_at: Timestamp;
  /** Firestore TTL deletes the key after this time; reads treat it as gone from then on. */
  expires_at: Timestamp;
}

export type CreateOutcome =
  | { kind: "created"; id: string; order: OrderDocument }
  | { kind: "replayed"; id: string; response: OrderResponse }
  | { kind: "key_reused_with_other_body" };

export class CreateContentionError extends Error {
  constructor() {
    super("could not reserve a unique order number");
  }
}

function hashKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export function createOrdersRepository(db: Firestore) {
  const orderNumbers = db.collection("order_numbers");
  const ordersOf = (uid: string) => db.collection("users").doc(uid).collection("orders").withConverter(orderConverter);
  const keysOf = (uid: string) =>
    db.collection("users").doc(uid).collection("idempotency_keys").withConverter(storedAs<IdempotencyDocument>());

  return {
    /**
     * Creates the order, its order number reservation and (optionally) its idempotency key in one
     * atomic batch. `create` preconditions make every collision visible: a taken order number is
     * retried with a suffix, a key written by a concurrent request turns into a replay.
     */
    async create(
      uid: string,
      draft: Omit<OrderDocument, "order_number">,
      present: (id: string, order: OrderDocument) => OrderResponse,
      idempotency: IdempotencyRequest | undefined,
      /** Writes that belong with the order's creation (its count toward a limit), added to its batch. */
      alongside: (batch: WriteBatch) => void = () => undefined,
    ): Promise<CreateOutcome> {
      const orderRef = ordersOf(uid).doc();
      const keyRef = idempotency ? keysOf(uid).doc(hashKey(idempotency.key)) : undefined;
      const base = baseOrderNumber(draft.item, draft.created_at.toDate());

      for (let attempt = 0; attempt < MAX_CREATE_ATTEMPTS; attempt++) {
        let expiredKeyUpdateTime: Timestamp | undefined;
        if (keyRef && idempotency) {
          const existing = await keyRef.get();
          const stored = existing.data();
          if (stored) {
            if (stored.expires_at.toMillis() > draft.created_at.toMillis()) {
              if (stored.fingerprint !== idempotency.fingerprint) return { kind: "key_reused_with_other_body" };
              return { kind: "replayed", id: stored.order_id, response: JSON.parse(stored.response) as OrderResponse };
            }
            expiredKeyUpdateTime = existing.updateTime;
          }
        }

        const orderNumber = attempt === 0 ? base : withSuffix(base);
        const order: OrderDocument = { ...draft, order_number: orderNumber };
        const batch = db.batch();
        batch.create(orderNumbers.doc(orderNumber), { uid, order_id: orderRef.id, created_at: draft.created_at });
        batch.create(orderRef, order);
        alongside(batch);
        if (keyRef && idempotency) {
          const keyDocument: IdempotencyDocument = {
            fingerprint: idempotency.fingerprint,
            order_id: orderRef.id,
            response: JSON.stringify(present(orderRef.id, order)),
            created_at: draft.created_at,
            expires_at: Timestamp.fromMillis(draft.created_at.toMillis() + IDEMPOTENCY_TTL_MS),
          };
          if (expiredKeyUpdateTime) {
            batch.update(keyRef, { ...keyDocument }, { lastUpdateTime: expiredKeyUpdateTime });
          } else {
            batch.create(keyRef, keyDocument);
          }
        }
        try {
          await batch.commit();
          return { kind: "created", id: orderRef.id, order };
        } catch (error) {
          const code = grpcCode(error);
          // A taken order number or a key claimed meanwhile; the next round tells which.
          if (code === GrpcStatus.ALREADY_EXISTS || code === GrpcStatus.FAILED_PRECONDITION) continue;
          throw error;
        }
      }
      throw new CreateContentionError();
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

    /**
     * Reads the order and writes the change in one transaction, so concurrent updates never lose one
     * another's work. `change` sees the current order and returns the fields to write, or throws.
     */
    async update(
      uid: string,
      id: string,
      change: (current: OrderDocument) => Partial<OrderDocument>,
    ): Promise<OrderDocument | undefined> {
      const ref = ordersOf(uid).doc(id);
      return db.runTransaction(async (transaction) => {
        const current = (await transaction.get(ref)).data();
        if (!current) return undefined;
        const fields = change(current);
        if (Object.keys(fields).length > 0) transaction.update(ref, fields);
        return { ...current, ...fields };
      });
    },

    /**
     * Deletes the order if `allow` says so, in one transaction with the read, so a status change by
     * staff cannot slip in between. False when there was none. The order number stays reserved.
     */
    async delete(uid: string, id: string, allow: (current: OrderDocument) => void): Promise<boolean> {
      const ref = ordersOf(uid).doc(id);
      return db.runTransaction(async (transaction) => {
        const current = (await transaction.get(ref)).data();
        if (!current) return false;
        allow(current);
        transaction.delete(ref);
        return true;
      });
    },
  };
}

export type OrdersRepository = ReturnType<typeof createOrdersRepository>;
