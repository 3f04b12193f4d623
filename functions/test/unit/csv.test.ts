/** CSV cells and the export's rows: RFC 4180 quoting, and formula cells neutralised. */
import { Timestamp } from "firebase-admin/firestore";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { StoredOrder } from "../../src/orders/orders-repository.js";
import { csvCell, csvRow } from "../../src/reports/csv.js";
import { CSV_COLUMNS, orderRows } from "../../src/reports/order-rows.js";
import { newMessage } from "../../src/sms/message.js";
import { parseCsv } from "../support/csv.js";

const at = (iso: string) => Timestamp.fromDate(new Date(iso));

function order(overrides: Partial<StoredOrder> = {}): StoredOrder {
  return {
    item: "Laptop",
    amount_minor: 120050,
    currency: "KES",
    order_number: "LA20240115103000",
    status: "Pending",
    created_at: at("2024-01-15T10:30:00.000Z"),
    updated_at: at("2024-01-15T10:30:00.000Z"),
    version: 1,
    customer: { uid: "u1", username: "alice", phone_number: "+254712345678" },
    sms: newMessage(
      { kind: "order_confirmation", to: "+254712345678", account: "u1", text: "Dear alice." },
      new Date(),
    ),
    ...overrides,
  };
}

describe("CSV", () => {
  it("When a cell starts like a formula, then it is prefixed with an apostrophe; when it holds a comma, quote or line break, then it is quoted", () => {
    expect(csvCell("=1+2")).toBe("'=1+2");
    expect(csvCell("+254712345678")).toBe("'+254712345678");
    expect(csvCell("-5")).toBe("'-5");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\rx")).toBe(`"'\rx"`);
    expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("plain 1=1")).toBe("plain 1=1");
    expect(csvCell(null)).toBe("");
    expect(csvCell(3)).toBe("3");
    expect(csvRow(["a", null, "b"])).toBe("a,,b\r\n");
  });

  it("When any text is a cell, then a strict RFC 4180 reader gets it back, neutralised only where it could run", () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: "binary" }), { minLength: 1, maxLength: 6 }), (cells) => {
        const [record] = parseCsv(csvRow(cells));
        expect(record).toEqual(cells.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
      }),
      { numRuns: 500 },
    );
  });

  it("When orders become rows, then a free-text order is one row and a catalogue order one per line, in the shop's clock", () => {
    const [header, free] = parseCsv(orderRows(order(), "Africa/Nairobi").replace(/^/, csvRow(CSV_COLUMNS)));
    expect(header).toEqual([...CSV_COLUMNS]);
    expect(free).toEqual([
      "LA20240115103000",
      "2024-01-15 13:30:00",
      "Pending",
      "",
      "",
      "",
      "alice",
      "'+254712345678",
      "Laptop",
      "1200.50",
      "KES",
      "1",
      "",
      "",
      "",
      "",
      "1200.50",
      "pending",
    ]);

    const canceled = order({
      status: "Canceled",
      amount_minor: 700,
      lines: [
        { product_id: "p1", name: "Bread", quantity: 2, unit_price_minor: 250, line_total_minor: 500 },
        { product_id: "p2", name: "Milk", quantity: 1, unit_price_minor: 200, line_total_minor: 200 },
      ],
      history: [
        { at: at("2024-01-15T10:30:00.000Z"), status: "Pending", by: "customer", reason: null },
        { at: at("2024-01-15T21:15:00.000Z"), status: "Canceled", by: "shop", reason: "Out of milk" },
      ],
    });
    const rows = parseCsv(orderRows(canceled, "Africa/Nairobi"));
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row.slice(2, 6))).toEqual([
      ["Canceled", "2024-01-16 00:15:00", "shop", "Out of milk"],
      ["Canceled", "2024-01-16 00:15:00", "shop", "Out of milk"],
    ]);
    expect(rows.map((row) => row.slice(11, 17))).toEqual([
      ["1", "p1", "Bread", "2", "2.50", "5.00"],
      ["2", "p2", "Milk", "1", "2.00", "2.00"],
    ]);
  });
});
