/**
 * Orders from the catalogue, as pure decisions over the products as a transaction read them: each
 * line priced at the product's price, the amount their sum, the item their summary, the order number
 * from the first line's product, and the stock each product gives or gets back. The repository
 * applies them inside its transactions; the service turns a refusal into the API's answer.
 */
import { Timestamp } from "firebase-admin/firestore";
import { moveStock, type StockMove } from "../products/product-rules.js";
import type { ProductDocument } from "../products/product-document.js";
import { confirmationOf } from "./confirmation.js";
import type { OrderDocument, OrderLine } from "./order-document.js";
import { baseOrderNumber, withSuffix } from "./order-number.js";
import type { LineRequest } from "./schemas.js";

/** The longest item an order has (the original API's limit), and the largest amount (8 + 2 digits). */
const ITEM_MAX = 255;
const AMOUNT_MAX_MINOR = 9_999_999_999;

export type Products = ReadonlyMap<string, ProductDocument | undefined>;

export type LinesRefusal =
  | {
      reason: "product_unavailable";
      lines: { index: number; productId: string; problem: "unknown" | "archived"; name: string | null }[];
    }
  | {
      reason: "out_of_stock";
      lines: { index: number; productId: string; name: string; requested: number; available: number }[];
    }
  | { reason: "total_too_large" };

export interface PricedLines {
  lines: OrderLine[];
  amountMinor: number;
  item: string;
  /** Each tracked product's stock after the order, for the repository to write. */
  stock: { productId: string; stock: number; version: number }[];
}

/** "2 x Maize flour 2 kg, 1 x Cooking oil 1 L"; as many lines as fit in 255 characters, then "+N more". */
export function summarize(lines: readonly Pick<OrderLine, "name" | "quantity">[]): string {
  const parts = lines.map((line) => `${line.quantity} x ${line.name}`);
  const whole = parts.join(", ");
  if (whole.length <= ITEM_MAX) return whole;
  for (let shown = parts.length - 1; shown >= 1; shown--) {
    const text = `${parts.slice(0, shown).join(", ")}, +${parts.length - shown} more`;
    if (text.length <= ITEM_MAX) return text;
  }
  // One line alone is at most "999 x " and an 80-character name: it always fits.
  return (parts[0] ?? "").slice(0, ITEM_MAX);
}

/**
 * Prices the requested lines at today's prices and takes their stock. `held` are the lines the order
 * has now (none for a new order): their units count as available to it, and those it no longer wants
 * go back. Every line must name a product on sale; a short line names how many it could have.
 */
export function priceLines(
  requests: readonly LineRequest[],
  products: Products,
  held: readonly OrderLine[] = [],
): { kind: "priced"; priced: PricedLines } | { kind: "refused"; refusal: LinesRefusal } {
  const onSale = new Map<string, ProductDocument>();
  const unavailable: Extract<LinesRefusal, { reason: "product_unavailable" }>["lines"] = [];
  requests.forEach((request, index) => {
    const product = products.get(request.productId);
    if (product?.active) onSale.set(request.productId, product);
    else {
      unavailable.push({
        index,
        productId: request.productId,
        problem: product ? "archived" : "unknown",
        name: product?.name ?? null,
      });
    }
  });
  if (unavailable.length > 0)
    return { kind: "refused", refusal: { reason: "product_unavailable", lines: unavailable } };

  const lines: OrderLine[] = requests.flatMap((request) => {
    const product = onSale.get(request.productId);
    if (!product) return [];
    return [
      {
        product_id: request.productId,
        name: product.name,
        quantity: request.quantity,
        unit_price_minor: product.price_minor,
        line_total_minor: product.price_minor * request.quantity,
      },
    ];
  });
  const amountMinor = lines.reduce((sum, line) => sum + line.line_total_minor, 0);
  if (amountMinor > AMOUNT_MAX_MINOR) return { kind: "refused", refusal: { reason: "total_too_large" } };

  const moves: StockMove[] = [
    ...held.map((line) => ({ productId: line.product_id, delta: line.quantity })),
    ...requests.map((request) => ({ productId: request.productId, delta: -request.quantity })),
  ];
  const stock = moveStock(products, moves);
  if (stock.kind === "short") {
    const heldOf = (productId: string) =>
      held.filter((line) => line.product_id === productId).reduce((sum, line) => sum + line.quantity, 0);
    const short = requests.flatMap((request, index) => {
      const shortfall = stock.shortfalls.find((entry) => entry.productId === request.productId);
      if (!shortfall) return [];
      return [
        {
          index,
          productId: request.productId,
          name: onSale.get(request.productId)?.name ?? "",
          requested: request.quantity,
          available: shortfall.onHand + heldOf(request.productId),
        },
      ];
    });
    return { kind: "refused", refusal: { reason: "out_of_stock", lines: short } };
  }
  return { kind: "priced", priced: { lines, amountMinor, item: summarize(lines), stock: stock.writes } };
}

/** What an order from lines is made of before the products are read: everything but what they decide. */
export type LinesOrderDraft = Omit<OrderDocument, "item" | "amount_minor" | "order_number" | "sms" | "lines">;

/** A new order from the catalogue: its document (confirmation SMS included) and the stock to write. */
export function orderFromLines(
  draft: LinesOrderDraft,
  request: { lines: readonly LineRequest[]; suffix: string | undefined; phoneVerified: boolean },
  products: Products,
): { kind: "order"; order: OrderDocument; stock: PricedLines["stock"] } | { kind: "refused"; refusal: LinesRefusal } {
  const decision = priceLines(request.lines, products);
  if (decision.kind === "refused") return decision;
  const { priced } = decision;
  const createdAt = draft.created_at.toDate();
  const base = baseOrderNumber(priced.lines[0]?.name ?? "", createdAt);
  const content = {
    ...draft,
    item: priced.item,
    amount_minor: priced.amountMinor,
    order_number: request.suffix === undefined ? base : withSuffix(base, request.suffix),
    lines: priced.lines,
  };
  return {
    kind: "order",
    order: { ...content, sms: confirmationOf(content, request.phoneVerified, createdAt) },
    stock: priced.stock,
  };
}

/** A Pending order's lines replaced: re-priced at today's prices, with the stock difference moved. */
export function relinedOrder(
  current: OrderDocument,
  requests: readonly LineRequest[],
  products: Products,
  at: Date,
):
  | { kind: "write"; fields: Partial<OrderDocument>; stock: PricedLines["stock"] }
  | { kind: "unchanged" }
  | { kind: "refused"; refusal: LinesRefusal } {
  const decision = priceLines(requests, products, current.lines ?? []);
  if (decision.kind === "refused") return decision;
  const { priced } = decision;
  if (current.lines && JSON.stringify(current.lines) === JSON.stringify(priced.lines)) return { kind: "unchanged" };
  return {
    kind: "write",
    fields: {
      lines: priced.lines,
      item: priced.item,
      amount_minor: priced.amountMinor,
      version: current.version + 1,
      updated_at: Timestamp.fromDate(at),
    },
    stock: priced.stock,
  };
}

/** The stock a Pending order gives back when it is canceled or deleted (a free-text order has none). */
export function stockReturned(order: OrderDocument, products: Products): PricedLines["stock"] {
  const returned = moveStock(
    products,
    (order.lines ?? []).map((line) => ({ productId: line.product_id, delta: line.quantity })),
  );
  // Returns only add to stock, so they are never short.
  return returned.kind === "moved" ? returned.writes : [];
}

/** The products an order's lines name. */
export function productIdsOf(order: Pick<OrderDocument, "lines">): string[] {
  return (order.lines ?? []).map((line) => line.product_id);
}
