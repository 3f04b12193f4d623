/**
 * What may happen to a product, as pure decisions: the repository applies them inside its
 * transactions, and the service turns a refusal into the API's answer. Nothing here knows HTTP.
 *
 * Stock is a count that never goes below zero; it moves only through stock moves (an order takes
 * units, a cancelled or deleted order returns them) and staff setting it outright.
 */
import { Timestamp } from "firebase-admin/firestore";
import { ifMatchSatisfied } from "../http/conditional.js";
import { formatAmount } from "../platform/money.js";
import type { FieldValueRecord, ProductChangeDocument, ProductDocument, ProductField } from "./product-document.js";

/** Names as search compares them: compatibility-normalised, lower case, single spaces. */
export function searchKey(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim();
}

/** The range of search keys that start with `prefix` (Firestore compares strings by code unit). */
export function prefixRange(prefix: string): { from: string; before: string } {
  const key = searchKey(prefix);
  return { from: key, before: `${key}\uf8ff` };
}

export interface NewProduct {
  name: string;
  description: string | null;
  priceMinor: number;
  stock: number | null;
  active: boolean;
}

export interface Changer {
  uid: string;
  username: string;
}

/** A new product and the record of its creation. */
export function productToCreate(
  input: NewProduct,
  context: { currency: string; at: Date; by: Changer },
): { product: ProductDocument; change: ProductChangeDocument } {
  const at = Timestamp.fromDate(context.at);
  const product: ProductDocument = {
    name: input.name,
    name_lower: searchKey(input.name),
    description: input.description,
    price_minor: input.priceMinor,
    currency: context.currency,
    stock: input.stock,
    active: input.active,
    created_at: at,
    updated_at: at,
    version: 1,
  };
  const fields = (["name", "description", "price", "stock", "active"] as const).map((field) => ({
    field,
    from: null,
    to: recorded(product, field),
  }));
  return { product, change: { kind: "created", at, by: context.by, fields } };
}

/** What staff may change; an absent field stays as it is. */
export interface ProductPatch {
  name?: string | undefined;
  description?: string | null | undefined;
  priceMinor?: number | undefined;
  stock?: number | null | undefined;
  active?: boolean | undefined;
}

export type ProductRefusal = { reason: "precondition_failed" };

export type ProductChangeDecision =
  | { kind: "write"; fields: Partial<ProductDocument>; change: ProductChangeDocument }
  | { kind: "unchanged" }
  | { kind: "refused"; refusal: ProductRefusal };

/** A field's value as the change record keeps it: prices as decimal strings, like the API shows them. */
function recorded(
  product: Pick<ProductDocument, "name" | "description" | "price_minor" | "stock" | "active">,
  field: ProductField,
): FieldValueRecord {
  switch (field) {
    case "name":
      return product.name;
    case "description":
      return product.description;
    case "price":
      return formatAmount(product.price_minor);
    case "stock":
      return product.stock;
    case "active":
      return product.active;
  }
}

/** A staff change: only the fields that differ are written and recorded, under the version read. */
export function decideProductChange(
  current: ProductDocument,
  patch: ProductPatch,
  context: { ifMatch: string | undefined; at: Date; by: Changer },
): ProductChangeDecision {
  if (!ifMatchSatisfied(context.ifMatch, `"${current.version}"`)) {
    return { kind: "refused", refusal: { reason: "precondition_failed" } };
  }
  const next = {
    name: patch.name ?? current.name,
    description: patch.description === undefined ? current.description : patch.description,
    price_minor: patch.priceMinor ?? current.price_minor,
    stock: patch.stock === undefined ? current.stock : patch.stock,
    active: patch.active ?? current.active,
  };
  const changed = (["name", "description", "price", "stock", "active"] as const).filter(
    (field) => recorded(current, field) !== recorded(next, field),
  );
  if (changed.length === 0) return { kind: "unchanged" };
  const at = Timestamp.fromDate(context.at);
  const fields: Partial<ProductDocument> = { version: current.version + 1, updated_at: at };
  for (const field of changed) {
    if (field === "name") {
      fields.name = next.name;
      fields.name_lower = searchKey(next.name);
    } else if (field === "price") fields.price_minor = next.price_minor;
    else if (field === "description") fields.description = next.description;
    else if (field === "stock") fields.stock = next.stock;
    else fields.active = next.active;
  }
  return {
    kind: "write",
    fields,
    change: {
      kind: "updated",
      at,
      by: context.by,
      fields: changed.map((field) => ({ field, from: recorded(current, field), to: recorded(next, field) })),
    },
  };
}

/** Units taken from (negative) or returned to (positive) one product's stock. */
export interface StockMove {
  productId: string;
  delta: number;
}

export interface Shortfall {
  productId: string;
  /** Units on hand now. */
  onHand: number;
  /** Units the moves would take beyond what they return. */
  wanted: number;
}

export type StockDecision =
  | { kind: "moved"; writes: { productId: string; stock: number; version: number }[] }
  | { kind: "short"; shortfalls: Shortfall[] };

/**
 * Applies stock moves to the products as read: the stock each tracked product ends with, or every
 * product that would go below zero. Untracked products (stock null) need no write; a product that is
 * gone takes no return.
 */
export function moveStock(
  products: ReadonlyMap<string, ProductDocument | undefined>,
  moves: readonly StockMove[],
): StockDecision {
  const net = new Map<string, number>();
  for (const move of moves) net.set(move.productId, (net.get(move.productId) ?? 0) + move.delta);
  const writes: { productId: string; stock: number; version: number }[] = [];
  const shortfalls: Shortfall[] = [];
  for (const [productId, delta] of net) {
    const product = products.get(productId);
    if (!product || product.stock === null || delta === 0) continue;
    const stock = product.stock + delta;
    if (stock < 0) shortfalls.push({ productId, onHand: product.stock, wanted: -delta });
    else writes.push({ productId, stock, version: product.version + 1 });
  }
  return shortfalls.length > 0 ? { kind: "short", shortfalls } : { kind: "moved", writes };
}
