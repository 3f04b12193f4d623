/**
 * What the orders placed on a day add up to, read page by page so that memory holds one page and one
 * entry per product however many orders there are: all of them, those still Pending, and per product
 * the lines of those that were not canceled (what the day's orders sold).
 */
import type { OrderFigures, PlacedOrderFigures } from "../orders/orders-repository.js";

export interface ProductFigures {
  productId: string;
  /** The name on the day's newest line of the product (names are kept as they were when ordered). */
  name: string;
  quantity: number;
  amountMinor: number;
}

export interface PlacedFigures {
  placed: OrderFigures;
  pending: OrderFigures;
  /** Best-selling first (by amount, then quantity, then name). */
  products: ProductFigures[];
}

export async function placedFigures(pages: AsyncIterable<readonly PlacedOrderFigures[]>): Promise<PlacedFigures> {
  const placed: OrderFigures = { count: 0, amountMinor: 0 };
  const pending: OrderFigures = { count: 0, amountMinor: 0 };
  const products = new Map<string, ProductFigures>();
  for await (const page of pages) {
    for (const order of page) {
      placed.count += 1;
      placed.amountMinor += order.amount_minor;
      if (order.status === "Pending") {
        pending.count += 1;
        pending.amountMinor += order.amount_minor;
      }
      if (order.status === "Canceled") continue;
      for (const line of order.lines ?? []) {
        const entry = products.get(line.product_id);
        if (entry) {
          entry.quantity += line.quantity;
          entry.amountMinor += line.line_total_minor;
        } else {
          products.set(line.product_id, {
            productId: line.product_id,
            name: line.name,
            quantity: line.quantity,
            amountMinor: line.line_total_minor,
          });
        }
      }
    }
  }
  const sorted = [...products.values()].sort(
    (a, b) => b.amountMinor - a.amountMinor || b.quantity - a.quantity || a.name.localeCompare(b.name),
  );
  return { placed, pending, products: sorted };
}
