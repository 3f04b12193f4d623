/**
 * What may happen to an order, as pure decisions: the repository applies them inside its
 * transactions, and the service turns a refusal into the API's answer. Nothing here knows HTTP.
 */
import { createHash } from "node:crypto";
import { ifMatchSatisfied } from "../http/conditional.js";
import type { OrderDocument } from "./order-document.js";
import type { OrderStatus } from "./schemas.js";

export type Refusal =
  | { reason: "precondition_failed" }
  | { reason: "not_editable"; status: OrderStatus }
  | { reason: "not_deletable"; status: OrderStatus }
  | { reason: "invalid_transition"; from: OrderStatus; to: OrderStatus }
  /** A free-text change (item, amount) of an order made from the catalogue, whose lines decide both. */
  | { reason: "catalogue_order" };

/** What a customer asks of their order. */
export type CustomerChange =
  | { type: "replace"; item: string; amountMinor: number }
  | { type: "patch"; item?: string | undefined; amountMinor?: number | undefined; status?: "Canceled" | undefined };

export type ChangeDecision =
  | { kind: "write"; fields: Partial<Pick<OrderDocument, "item" | "amount_minor" | "status">> }
  | { kind: "unchanged" }
  | { kind: "refused"; refusal: Refusal };

const etag = (order: Pick<OrderDocument, "version">) => `"${order.version}"`;

/** The customer's own change: content only while Pending, and the status only from Pending to Canceled. */
export function decideCustomerChange(
  current: OrderDocument,
  change: CustomerChange,
  ifMatch: string | undefined,
): ChangeDecision {
  if (!ifMatchSatisfied(ifMatch, etag(current))) return { kind: "refused", refusal: { reason: "precondition_failed" } };
  const editsContent = change.type === "replace" || change.item !== undefined || change.amountMinor !== undefined;
  if (editsContent && current.status !== "Pending") {
    return { kind: "refused", refusal: { reason: "not_editable", status: current.status } };
  }
  if (editsContent && current.lines) return { kind: "refused", refusal: { reason: "catalogue_order" } };
  const fields: Partial<Pick<OrderDocument, "item" | "amount_minor" | "status">> = {};
  if (change.item !== undefined && change.item !== current.item) fields.item = change.item;
  if (change.amountMinor !== undefined && change.amountMinor !== current.amount_minor) {
    fields.amount_minor = change.amountMinor;
  }
  if (change.type === "patch" && change.status !== undefined && change.status !== current.status) {
    if (current.status !== "Pending") {
      return { kind: "refused", refusal: { reason: "invalid_transition", from: current.status, to: change.status } };
    }
    fields.status = change.status;
  }
  return Object.keys(fields).length === 0 ? { kind: "unchanged" } : { kind: "write", fields };
}

/** New lines for an order: only while Pending, under the version read (the lines themselves: order-lines.ts). */
export function decideLinesChange(current: OrderDocument, ifMatch: string | undefined): Refusal | undefined {
  if (!ifMatchSatisfied(ifMatch, etag(current))) return { reason: "precondition_failed" };
  if (current.status !== "Pending") return { reason: "not_editable", status: current.status };
  return undefined;
}

/** Completed and canceled orders stay on the record, with their audit trail, for staff and the customer. */
export function decideDeletion(current: OrderDocument): Refusal | undefined {
  return current.status === "Pending" ? undefined : { reason: "not_deletable", status: current.status };
}

/** Staff move a Pending order to Completed or Canceled, and nothing else. */
export function decideStaffChange(
  current: OrderDocument,
  to: "Completed" | "Canceled",
  ifMatch: string | undefined,
): Refusal | undefined {
  if (!ifMatchSatisfied(ifMatch, etag(current))) return { reason: "precondition_failed" };
  if (current.status !== "Pending") return { reason: "invalid_transition", from: current.status, to };
  return undefined;
}

/** What an Idempotency-Key's request was: the same key with another body is refused. */
export function requestFingerprint(content: unknown): string {
  return createHash("sha256").update(JSON.stringify(content)).digest("hex");
}
