import { describe, expect, it } from "vitest";
import { formatAmount, parseAmount } from "../../src/platform/money.js";

describe("Money", () => {
  it.each([
    [1200, 120000],
    ["1200", 120000],
    ["1200.00", 120000],
    ["0.10", 10],
    [0.1, 10],
    ["0.5", 50],
    [99999999.99, 9999999999],
    ["00012.30", 1230],
  ])("When the amount is %j, then it is %i minor units", (input, minor) => {
    expect(parseAmount(input)).toEqual({ ok: true, minorUnits: minor });
  });

  it.each([
    [0, "not_positive"],
    ["0.00", "not_positive"],
    [-1, "not_positive"],
    ["-5.00", "not_positive"],
    ["12.345", "too_many_decimals"],
    [12.345, "too_many_decimals"],
    [1e10, "too_many_digits"],
    ["100000000", "too_many_digits"],
    [1e21, "too_many_digits"],
    [1e-7, "too_many_decimals"],
    ["abc", "not_a_decimal"],
    ["", "not_a_decimal"],
    ["1,200", "not_a_decimal"],
    ["1e3", "not_a_decimal"],
    [null, "not_a_decimal"],
    [true, "not_a_decimal"],
    [Number.NaN, "not_a_decimal"],
    [Number.POSITIVE_INFINITY, "not_a_decimal"],
  ])("When the amount is %j, then it is refused as %s", (input, problem) => {
    expect(parseAmount(input)).toEqual({ ok: false, problem });
  });

  it("When minor units are formatted, then there are always exactly two decimals", () => {
    expect(formatAmount(120000)).toBe("1200.00");
    expect(formatAmount(10)).toBe("0.10");
    expect(formatAmount(5)).toBe("0.05");
    expect(formatAmount(9999999999)).toBe("99999999.99");
  });
});
