/** The catalogue's pure decisions: pricing lines, summarising them, moving stock, recording staff changes. */
import { Timestamp } from "firebase-admin/firestore";
import { describe, expect, it } from "vitest";
import type { OrderLine } from "../../src/orders/order-document.js";
import { priceLines, summarize } from "../../src/orders/order-lines.js";
import type { ProductDocument } from "../../src/products/product-document.js";
import { decideProductChange, moveStock, prefixRange, searchKey } from "../../src/products/product-rules.js";

const at = Timestamp.fromMillis(Date.UTC(2026, 0, 15, 9));

function product(overrides: Partial<ProductDocument> = {}): ProductDocument {
  return {
    name: "Maize flour 2 kg",
    name_lower: "maize flour 2 kg",
    description: null,
    price_minor: 21000,
    currency: "KES",
    stock: 10,
    active: true,
    created_at: at,
    updated_at: at,
    version: 3,
    ...overrides,
  };
}

const by = { uid: "clerk", username: "clerk" };

describe("Pricing lines", () => {
  it("When every product is on sale with stock, then each line takes the product's price and the stock moves", () => {
    const products = new Map([
      ["flour", product()],
      ["oil", product({ name: "Cooking oil 1 L", price_minor: 32050, stock: null })],
    ]);
    const decision = priceLines(
      [
        { productId: "flour", quantity: 3 },
        { productId: "oil", quantity: 2 },
      ],
      products,
    );
    expect(decision).toEqual({
      kind: "priced",
      priced: {
        lines: [
          {
            product_id: "flour",
            name: "Maize flour 2 kg",
            quantity: 3,
            unit_price_minor: 21000,
            line_total_minor: 63000,
          },
          { product_id: "oil", name: "Cooking oil 1 L", quantity: 2, unit_price_minor: 32050, line_total_minor: 64100 },
        ],
        amountMinor: 127100,
        item: "3 x Maize flour 2 kg, 2 x Cooking oil 1 L",
        stock: [{ productId: "flour", stock: 7, version: 4 }],
      },
    });
  });

  it("When an order already holds units, then they count as available to it and those it drops go back", () => {
    const held: OrderLine[] = [
      { product_id: "flour", name: "Maize flour 2 kg", quantity: 4, unit_price_minor: 20000, line_total_minor: 80000 },
      { product_id: "salt", name: "Salt", quantity: 2, unit_price_minor: 3000, line_total_minor: 6000 },
    ];
    const products = new Map([
      ["flour", product({ stock: 1 })],
      ["salt", product({ name: "Salt", stock: 0, active: false })],
    ]);
    const grown = priceLines([{ productId: "flour", quantity: 5 }], products, held);
    expect(grown.kind === "priced" && grown.priced.stock).toEqual([
      { productId: "flour", stock: 0, version: 4 },
      { productId: "salt", stock: 2, version: 4 },
    ]);
    const tooMany = priceLines([{ productId: "flour", quantity: 6 }], products, held);
    expect(tooMany).toEqual({
      kind: "refused",
      refusal: {
        reason: "out_of_stock",
        lines: [{ index: 0, productId: "flour", name: "Maize flour 2 kg", requested: 6, available: 5 }],
      },
    });
  });

  it("When products are unknown or archived, then each such line is named, before any stock is looked at", () => {
    const decision = priceLines(
      [
        { productId: "flour", quantity: 100 },
        { productId: "gone", quantity: 1 },
        { productId: "soap", quantity: 1 },
      ],
      new Map([
        ["flour", product({ stock: 0 })],
        ["soap", product({ name: "Bar soap", active: false })],
      ]),
    );
    expect(decision).toEqual({
      kind: "refused",
      refusal: {
        reason: "product_unavailable",
        lines: [
          { index: 1, productId: "gone", problem: "unknown", name: null },
          { index: 2, productId: "soap", problem: "archived", name: "Bar soap" },
        ],
      },
    });
  });

  it("When the total would pass the largest amount, then it is refused", () => {
    const decision = priceLines(
      Array.from({ length: 20 }, (_, i) => ({ productId: `p${i}`, quantity: 999 })),
      new Map(Array.from({ length: 20 }, (_, i) => [`p${i}`, product({ price_minor: 9_999_999_999, stock: null })])),
    );
    expect(decision).toEqual({ kind: "refused", refusal: { reason: "total_too_large" } });
  });

  it("When the summary would pass 255 characters, then it keeps whole lines and counts the rest", () => {
    const lines = Array.from({ length: 20 }, (_, i) => ({
      name: `Product with a rather long name number ${i}`,
      quantity: 999,
    }));
    const text = summarize(lines);
    expect(text.length).toBeLessThanOrEqual(255);
    expect(text).toMatch(/^999 x Product with a rather long name number 0, .*, \+\d+ more$/);
    const shown = text.split(", ").length - 1;
    expect(text.endsWith(`+${20 - shown} more`)).toBe(true);
    expect(summarize([{ name: "x".repeat(80), quantity: 999 }])).toBe(`999 x ${"x".repeat(80)}`);
  });
});

describe("Moving stock", () => {
  it("When moves would take a product below zero, then every such product is named and nothing moves", () => {
    const products = new Map([
      ["a", product({ stock: 2 })],
      ["b", product({ stock: 0 })],
      ["c", product({ stock: null })],
    ]);
    expect(
      moveStock(products, [
        { productId: "a", delta: -3 },
        { productId: "b", delta: -1 },
        { productId: "c", delta: -500 },
      ]),
    ).toEqual({
      kind: "short",
      shortfalls: [
        { productId: "a", onHand: 2, wanted: 3 },
        { productId: "b", onHand: 0, wanted: 1 },
      ],
    });
    expect(
      moveStock(products, [
        { productId: "a", delta: -2 },
        { productId: "gone", delta: 4 },
      ]),
    ).toEqual({
      kind: "moved",
      writes: [{ productId: "a", stock: 0, version: 4 }],
    });
  });
});

describe("Staff changes", () => {
  it("When only some fields differ, then only they are written and recorded, with a new version", () => {
    const decision = decideProductChange(
      product(),
      { name: "Maize Flour 2kg", priceMinor: 21000, stock: 4 },
      { ifMatch: '"3"', at: new Date(Date.UTC(2026, 0, 16)), by },
    );
    expect(decision.kind).toBe("write");
    if (decision.kind !== "write") return;
    expect(decision.fields).toMatchObject({
      name: "Maize Flour 2kg",
      name_lower: "maize flour 2kg",
      stock: 4,
      version: 4,
    });
    expect(decision.fields).not.toHaveProperty("price_minor");
    expect(decision.change).toMatchObject({
      kind: "updated",
      by,
      fields: [
        { field: "name", from: "Maize flour 2 kg", to: "Maize Flour 2kg" },
        { field: "stock", from: 10, to: 4 },
      ],
    });
  });

  it("When nothing differs or the ETag is stale, then nothing is written", () => {
    expect(decideProductChange(product(), { stock: 10 }, { ifMatch: undefined, at: new Date(), by })).toEqual({
      kind: "unchanged",
    });
    expect(decideProductChange(product(), { stock: 1 }, { ifMatch: '"2"', at: new Date(), by })).toEqual({
      kind: "refused",
      refusal: { reason: "precondition_failed" },
    });
  });

  it("When names are searched, then case, width and spacing are ignored", () => {
    expect(searchKey("  MAIZE   Ｆlour ")).toBe("maize flour");
    expect(prefixRange("Mai")).toEqual({ from: "mai", before: "mai\uf8ff" });
  });
});
