/**
 * A customer's reads and changes of one order. A change always names the ETag of the state it was
 * based on (`If-Match`), so a change made on a stale view is refused (412), never applied over a
 * change the person did not see.
 */
import { unwrap, type Order } from "@customer-orders/client";
import type { Api } from "../api.js";
import { StaleView } from "../problems.js";
import type { LiveOrder } from "./live.js";

/** An order with the ETag the API answered it with. */
export interface Based {
  order: Order;
  etag: string;
}

/** The order shown is not the one stored; `current` is the stored one, to show instead. */
export class OrderChanged extends StaleView<Based> {}

function etagOf(response: Response): string {
  const etag = response.headers.get("ETag");
  if (!etag) throw new Error("The API answered an order without its ETag.");
  return etag;
}

export async function readOrder(api: Api, id: string, signal?: AbortSignal): Promise<Based> {
  const result = await api.api.GET("/orders/{id}/", { params: { path: { id } }, ...(signal ? { signal } : {}) });
  return { order: unwrap(result), etag: etagOf(result.response) };
}

/**
 * The state a change is based on: the one shown, with its ETag. Where the page does not know the
 * shown state's ETag yet, the current state is read, and it must be the one shown (StaleView if not,
 * carrying the current state for the page to show instead).
 */
export async function basisOf(api: Api, shown: LiveOrder): Promise<Based> {
  if (shown.etag) return { order: shown, etag: shown.etag };
  const current = await readOrder(api, shown.id);
  const same =
    current.order.item === shown.item && current.order.amount === shown.amount && current.order.status === shown.status;
  if (!same) throw new OrderChanged(current);
  return current;
}

/** What a customer may change: the item and amount of a Pending order, or cancel it. */
export interface CustomerChange {
  item?: string;
  amount?: string;
  status?: "Canceled";
}

export async function changeOrder(api: Api, basis: Based, body: CustomerChange): Promise<Based> {
  const result = await api.api.PATCH("/orders/{id}/", {
    params: { path: { id: basis.order.id }, header: { "If-Match": basis.etag } },
    body,
  });
  return { order: unwrap(result), etag: etagOf(result.response) };
}
