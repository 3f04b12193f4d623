/**
 * The shape of a product in Firestore (products/{id}) and of its change record
 * (products/{id}/changes/{id}), and how each is shown to customers and to staff.
 */
import type { Timestamp } from "firebase-admin/firestore";
import { formatAmount } from "../platform/money.js";
import { storedAs } from "../platform/stored-as.js";
import type { ProductChangeResponse, ProductResponse, StaffProductResponse } from "./schemas.js";

export interface ProductDocument {
  name: string;
  /** The name as search compares it (see searchKey). */
  name_lower: string;
  description: string | null;
  /** The shop's price of one unit, in minor units of `currency`. */
  price_minor: number;
  currency: string;
  /** Units on hand; null when the shop does not count them (always available). Never below 0. */
  stock: number | null;
  /** False once archived: no longer sold, still named by the orders that have it. */
  active: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  /** Bumped on every change, an order's stock move included; the ETag. */
  version: number;
}

/** A field a change can touch, as the change record names it. */
export type ProductField = "name" | "description" | "price" | "stock" | "active";
export type FieldValueRecord = string | number | boolean | null;

/** Who changed a product, when, and each field's value before and after. */
export interface ProductChangeDocument {
  kind: "created" | "updated";
  at: Timestamp;
  by: { uid: string; username: string };
  fields: { field: ProductField; from: FieldValueRecord; to: FieldValueRecord }[];
}

export const productConverter = storedAs<ProductDocument>();
export const productChangeConverter = storedAs<ProductChangeDocument>();

export function productEtag(product: Pick<ProductDocument, "version">): string {
  return `"${product.version}"`;
}

/** Whether an order for one more unit could be taken now. */
export function inStock(product: Pick<ProductDocument, "stock">): boolean {
  return product.stock === null || product.stock > 0;
}

/** What customers see: the product as sold, with its exact stock (see docs/api.md, "The catalogue"). */
export function presentProduct(id: string, product: ProductDocument): ProductResponse {
  return {
    id,
    name: product.name,
    description: product.description,
    price: formatAmount(product.price_minor),
    currency: product.currency,
    stock: product.stock,
    in_stock: inStock(product),
    created_at: product.created_at.toDate().toISOString(),
    updated_at: product.updated_at.toDate().toISOString(),
  };
}

export function presentChange(change: ProductChangeDocument): ProductChangeResponse {
  return {
    kind: change.kind,
    at: change.at.toDate().toISOString(),
    by: change.by.username,
    fields: change.fields.map((entry) => ({ ...entry })),
  };
}

/** What staff see: the customer's view, whether it is on sale, and (for one product) its change record. */
export function presentStaffProduct(
  id: string,
  product: ProductDocument,
  changes?: ProductChangeDocument[],
): StaffProductResponse {
  return {
    ...presentProduct(id, product),
    active: product.active,
    ...(changes ? { changes: changes.map(presentChange) } : {}),
  };
}
