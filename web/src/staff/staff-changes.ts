/**
 * Staff's reads and changes of one order, by its number. A change sends the ETag of the state the
 * staff member decided on: the order page's own, or, from a row of the list (which carries no ETags),
 * the current state's after checking it is still the row's.
 */
import { unwrap, type StaffOrder } from "@customer-orders/client";
import type { Api } from "../api.js";
import { StaleView } from "../problems.js";

export interface StaffBased {
  order: StaffOrder;
  etag: string;
}

/** The row shown is not the order stored; `current` is the stored one, to show instead. */
export class StaffOrderChanged extends StaleView<StaffBased> {}

export interface StatusChange {
  status: "Completed" | "Canceled";
  /** Why it was canceled, for the audit trail. */
  reason?: string;
}

function etagOf(response: Response): string {
  const etag = response.headers.get("ETag");
  if (!etag) throw new Error("The API answered an order without its ETag.");
  return etag;
}

export async function readStaffOrder(api: Api, number: string, signal?: AbortSignal): Promise<StaffBased> {
  const result = await api.api.GET("/staff/orders/{order_number}/", {
    params: { path: { order_number: number } },
    ...(signal ? { signal } : {}),
  });
  return { order: unwrap(result), etag: etagOf(result.response) };
}

/** The current state of a row's order, if it is still what the row shows. */
export async function basisOfRow(api: Api, row: StaffOrder): Promise<StaffBased> {
  const current = await readStaffOrder(api, row.order_number);
  const same =
    current.order.item === row.item && current.order.amount === row.amount && current.order.status === row.status;
  if (!same) throw new StaffOrderChanged(current);
  return current;
}

export async function changeStatus(api: Api, basis: StaffBased, change: StatusChange): Promise<StaffBased> {
  const result = await api.api.PATCH("/staff/orders/{order_number}/", {
    params: { path: { order_number: basis.order.order_number }, header: { "If-Match": basis.etag } },
    // The reason goes into the audit trail and the customer's history of the order.
    body: { status: change.status, ...(change.reason ? { reason: change.reason } : {}) },
  });
  return { order: unwrap(result), etag: etagOf(result.response) };
}
