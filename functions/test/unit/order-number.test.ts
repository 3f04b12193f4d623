import { describe, expect, it } from "vitest";
import { baseOrderNumber, orderNumberPrefix, withSuffix } from "../../src/orders/order-number.js";

describe("Order numbers", () => {
  const at = new Date("2026-03-04T05:06:07.890Z");

  it("When the item has letters, then the first two become the prefix in upper case", () => {
    expect(baseOrderNumber("Laptop", at)).toBe("LA20260304050607");
    expect(orderNumberPrefix("  4k tv")).toBe("KT");
    expect(orderNumberPrefix("Écran")).toBe("EC");
  });

  it("When the item has fewer than two letters, then X pads the prefix", () => {
    expect(orderNumberPrefix("A1")).toBe("AX");
    expect(orderNumberPrefix("123")).toBe("XX");
    expect(orderNumberPrefix("📦")).toBe("XX");
  });

  it("When a suffix is needed, then it is four unambiguous characters after a hyphen", () => {
    const numbers = new Set(Array.from({ length: 200 }, () => withSuffix("LA20260304050607")));
    for (const number of numbers) expect(number).toMatch(/^LA20260304050607-[2-9A-HJ-NP-Z]{4}$/);
    expect(numbers.size).toBeGreaterThan(195);
  });
});
