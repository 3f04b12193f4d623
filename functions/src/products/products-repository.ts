/**
 * Firestore access for the catalogue. Nothing else touches these collections:
 *
 *   products/{id}                  the product: name, price, stock, active, version
 *   products/{id}/changes/{id}     who on the staff changed what, and when
 *
 * Plain values in, outcomes out: the decisions are product-rules.ts's, applied inside the
 * transactions. Orders move stock inside their own transactions through readForOrder and writeStock,
 * so an order and its stock are one atomic write.
 */
import { Timestamp, type Firestore, type Query, type Transaction } from "firebase-admin/firestore";
import {
  productChangeConverter,
  productConverter,
  type ProductChangeDocument,
  type ProductDocument,
} from "./product-document.js";
import { readProductPage, type ProductSort } from "./product-paging.js";
import {
  decideProductChange,
  prefixRange,
  type Changer,
  type ProductPatch,
  type ProductRefusal,
} from "./product-rules.js";
import { turnsFor } from "./turns.js";
import { runTransaction } from "../platform/transactions.js";

const CHANGES = "changes";
/** The change record shown with a product. */
const CHANGES_SHOWN = 50;

export type ProductChangeOutcome =
  | { kind: "changed"; id: string; product: ProductDocument }
  | { kind: "not_found" }
  | { kind: "refused"; refusal: ProductRefusal };

export interface ProductListQuery {
  /** Only active (true) or only archived (false) products; undefined: both. */
  active: boolean | undefined;
  /** The start of the name, any case. */
  prefix: string | undefined;
  sort: ProductSort;
  limit: number;
  cursor: string | undefined;
}

export function createProductsRepository(db: Firestore) {
  const products = db.collection("products").withConverter(productConverter);
  const changesOf = (id: string) => products.doc(id).collection(CHANGES).withConverter(productChangeConverter);
  const inTurn = turnsFor(db);

  return {
    /** One transaction at a time per product in this instance (see turns.ts). */
    inTurn,

    newProductId(): string {
      return products.doc().id;
    },

    /** The product and the record of its creation, in one batch. */
    async create(id: string, product: ProductDocument, change: ProductChangeDocument): Promise<void> {
      const batch = db.batch();
      batch.create(products.doc(id), product);
      batch.create(changesOf(id).doc(), change);
      await batch.commit();
    },

    async get(id: string): Promise<ProductDocument | undefined> {
      return (await products.doc(id).get()).data();
    },

    /** The product with its latest changes, newest first, for staff. */
    async getWithChanges(
      id: string,
    ): Promise<{ product: ProductDocument; changes: ProductChangeDocument[] } | undefined> {
      const [snapshot, changes] = await Promise.all([
        products.doc(id).get(),
        changesOf(id).orderBy("at", "desc").limit(CHANGES_SHOWN).get(),
      ]);
      const product = snapshot.data();
      return product ? { product, changes: changes.docs.map((doc) => doc.data()) } : undefined;
    },

    async list(
      query: ProductListQuery,
    ): Promise<{ products: { id: string; product: ProductDocument }[]; nextCursor: string | undefined }> {
      let filtered: Query<ProductDocument> = products;
      if (query.active !== undefined) filtered = filtered.where("active", "==", query.active);
      if (query.prefix !== undefined) {
        const range = prefixRange(query.prefix);
        filtered = filtered.where("name_lower", ">=", range.from).where("name_lower", "<", range.before);
      }
      const page = await readProductPage(filtered, { sort: query.sort, limit: query.limit, cursor: query.cursor });
      return { products: page.docs.map((doc) => ({ id: doc.id, product: doc.data() })), nextCursor: page.nextCursor };
    },

    /** A staff change, decided and written with its change record in one transaction. */
    async change(
      id: string,
      patch: ProductPatch,
      context: { ifMatch: string | undefined; at: Date; by: Changer },
    ): Promise<ProductChangeOutcome> {
      const ref = products.doc(id);
      return inTurn([id], () =>
        runTransaction(db, async (transaction): Promise<ProductChangeOutcome> => {
          const current = (await transaction.get(ref)).data();
          if (!current) return { kind: "not_found" };
          const decision = decideProductChange(current, patch, context);
          if (decision.kind === "refused") return decision;
          if (decision.kind === "unchanged") return { kind: "changed", id, product: current };
          transaction.update(ref, decision.fields);
          transaction.create(changesOf(id).doc(), decision.change);
          return { kind: "changed", id, product: { ...current, ...decision.fields } };
        }),
      );
    },

    /** Reads the products an order names, inside the order's transaction (a missing one maps to undefined). */
    async readForOrder(
      transaction: Transaction,
      ids: readonly string[],
    ): Promise<Map<string, ProductDocument | undefined>> {
      const unique = [...new Set(ids)];
      const found = new Map<string, ProductDocument | undefined>();
      if (unique.length === 0) return found;
      const snapshots = await transaction.getAll(...unique.map((id) => products.doc(id)));
      for (const snapshot of snapshots) found.set(snapshot.id, snapshot.data());
      return found;
    },

    /** Writes the stock moveStock decided, inside the order's transaction. */
    writeStock(
      transaction: Transaction,
      writes: readonly { productId: string; stock: number; version: number }[],
      at: Date,
    ): void {
      const updatedAt = Timestamp.fromDate(at);
      for (const write of writes) {
        transaction.update(products.doc(write.productId), {
          stock: write.stock,
          version: write.version,
          updated_at: updatedAt,
        });
      }
    },
  };
}

export type ProductsRepository = ReturnType<typeof createProductsRepository>;
