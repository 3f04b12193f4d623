/**
 * The orders CSV export, against orders this test made in a Firestore project of its own: its rows,
 * RFC 4180 quoting and neutralised formula cells, its days on the shop's calendar (both included),
 * and its streaming: pages are read only as the client takes them, and a failure midway cuts the
 * connection instead of ending a file that looks complete.
 */
import { Query, Timestamp, type QuerySnapshot } from "firebase-admin/firestore";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CSV_COLUMNS } from "../../src/reports/order-rows.js";
import { parseCsv, csvObjects } from "../support/csv.js";
import { expectProblem, expectStatus, type ApiResponse } from "../support/http.js";
import { createOrder, type OrderBody } from "../support/orders.js";
import { capturingLog, testConfig, useApi, type LogLine } from "../support/server.js";
import { catalogueOrder, isolatedFirestore, line, settableClock } from "../support/shop-day.js";
import { staffToken } from "../support/staff.js";
import { registerAndLogin, type TestUser } from "../support/users.js";

/** UTF-8's byte-order mark: fetch's text() drops it, so it is looked for in the bytes. */
const BOM_BYTES = [0xef, 0xbb, 0xbf];

function rowsOf(response: ApiResponse): Record<string, string>[] {
  return csvObjects(response.text);
}

describe("The orders CSV export", () => {
  const own = isolatedFirestore("csv");
  const time = settableClock("2024-02-01T09:00:00.000Z");
  const lines: LogLine[] = [];
  const api = useApi(() => ({ config: testConfig(), db: own, clock: time.clock, log: capturingLog(lines) }));
  let staff: string;
  let alice: TestUser;

  beforeAll(async () => {
    staff = await staffToken(api);
    alice = await registerAndLogin(api);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function placeAt(at: string, item: string, amount: number | string = 100): Promise<OrderBody> {
    time.set(at);
    return createOrder(api, alice.token, { item, amount });
  }

  const exported = (query: string) => api.get(`/staff/orders.csv?${query}`, { token: staff });

  it("When a day is exported, then every order placed that day is a row, oldest first, quoted as RFC 4180 says, formulas neutralised, times on the shop's clock", async () => {
    // 2024-02-10 in Nairobi runs from 2024-02-09T21:00:00Z up to 2024-02-10T21:00:00Z.
    await placeAt("2024-02-09T20:59:59.999Z", "The day before");
    const first = await placeAt("2024-02-09T21:00:00.000Z", '=HYPERLINK("https://evil.example","Click")', "1200.5");
    const plus = await placeAt("2024-02-10T06:00:00.000Z", "+254700000000 call me");
    await placeAt("2024-02-10T06:01:00.000Z", "-5 discount");
    await placeAt("2024-02-10T06:02:00.000Z", "@SUM(1+1)");
    await placeAt("2024-02-10T06:03:00.000Z", "Sugar, 2 kg");
    await placeAt("2024-02-10T06:04:00.000Z", 'The "best" tea');
    // Text the API refuses in an item (control characters), as an order written before that rule might hold it.
    const catalogue = await catalogueOrder(own, {
      at: "2024-02-10T07:00:00.000Z",
      item: "\tcmd\r",
      lines: [line("unga-2kg", "=1+2", 2, 21000), line("salt-1kg", "Salt\r\nfine", 1, 5500)],
    });
    const last = await placeAt("2024-02-10T20:59:59.999Z", "Last of the day");
    await placeAt("2024-02-10T21:00:00.000Z", "The day after");

    time.set("2024-02-10T08:00:00.000Z");
    expectStatus(
      await api.patch(`/staff/orders/${plus.order_number}/`, { status: "Completed" }, { token: staff }),
      200,
    );
    expectStatus(await api.patch(`/orders/${first.id}/`, { status: "Canceled" }, { token: alice.token }), 200);

    time.set("2024-02-11T10:00:00.000Z");
    const response = await exported("from=2024-02-10&to=2024-02-10");
    expectStatus(response, 200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8; header=present");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="orders-2024-02-10-to-2024-02-10.csv"',
    );
    const text = response.text;
    expect(parseCsv(text)[0]).toEqual([...CSV_COLUMNS]);
    // Quotes doubled inside a quoted field; the formula prefixed.
    expect(text).toContain(`"'=HYPERLINK(""https://evil.example"",""Click"")"`);

    const rows = rowsOf(response);
    expect(rows.map((row) => row.item)).toEqual([
      `'=HYPERLINK("https://evil.example","Click")`,
      "'+254700000000 call me",
      "'-5 discount",
      "'@SUM(1+1)",
      "Sugar, 2 kg",
      'The "best" tea',
      "'\tcmd\r",
      "'\tcmd\r",
      "Last of the day",
    ]);
    expect(rows[0]).toEqual({
      order_number: first.order_number,
      placed_at: "2024-02-10 00:00:00",
      status: "Canceled",
      status_at: "2024-02-10 11:00:00",
      status_by: "customer",
      reason: "",
      customer: alice.username,
      phone_number: `'${alice.phone_number}`,
      item: `'=HYPERLINK("https://evil.example","Click")`,
      order_amount: "1200.50",
      currency: "KES",
      line: "1",
      product_id: "",
      product_name: "",
      quantity: "",
      unit_price: "",
      line_amount: "1200.50",
      confirmation_sms: "suppressed",
    });
    expect(rows[1]).toMatchObject({ status: "Completed", status_at: "2024-02-10 11:00:00", status_by: "shop" });
    // A catalogue order: one row per line, the order's columns on each, line amounts that add up to it.
    expect(rows.slice(6, 8)).toEqual([
      expect.objectContaining({
        order_number: catalogue.order.order_number,
        placed_at: "2024-02-10 10:00:00",
        status: "Pending",
        status_at: "",
        order_amount: "475.00",
        line: "1",
        product_id: "unga-2kg",
        product_name: "'=1+2",
        quantity: "2",
        unit_price: "210.00",
        line_amount: "420.00",
      }),
      expect.objectContaining({ line: "2", product_name: "Salt\r\nfine", quantity: "1", line_amount: "55.00" }),
    ]);
    expect(rows[8]).toMatchObject({ order_number: last.order_number, placed_at: "2024-02-10 23:59:59" });

    // The same day as the staff list's date-times, and one status only.
    const asInstants = await exported("from=2024-02-09T21:00:00.000Z&to=2024-02-10T20:59:59.999Z");
    expect(rowsOf(asInstants)).toEqual(rows);
    const completed = await exported("from=2024-02-10&to=2024-02-10&status=Completed");
    expect(rowsOf(completed).map((row) => row.order_number)).toEqual([plus.order_number]);
    expect(completed.headers.get("content-disposition")).toBe(
      'attachment; filename="orders-2024-02-10-to-2024-02-10-completed.csv"',
    );
    // Two days, both included.
    const twoDays = await exported("from=2024-02-09&to=2024-02-10");
    expect(rowsOf(twoDays).map((row) => row.item)).toEqual(["The day before", ...rows.map((row) => row.item)]);
  });

  it("When nothing matches, then the file is its header; when the bounds are wrong or the caller is not staff, then it is refused", async () => {
    const empty = await exported("from=2023-01-01&to=2023-01-01");
    expectStatus(empty, 200);
    expect(empty.text).toBe(`${CSV_COLUMNS.join(",")}\r\n`);
    // The file starts with the byte-order mark, so that Excel reads it as UTF-8.
    const raw = await fetch(`${api.baseUrl}/staff/orders.csv?from=2023-01-01&to=2023-01-01`, {
      headers: { Authorization: `Bearer ${staff}` },
    });
    const bytes = new Uint8Array(await raw.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual(BOM_BYTES);
    expect(new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes)).toBe(`\uFEFF${empty.text}`);

    const backwards = expectProblem(await exported("from=2024-02-10&to=2024-02-09"), 400, "validation_error");
    expect(backwards.errors).toEqual([{ field: "to", message: expect.any(String) }]);
    for (const query of ["from=10-02-2024", "to=2024-02-30", "status=Lost", "limit=5"]) {
      expectProblem(await exported(query), 400, "validation_error");
    }
    expectProblem(await api.get("/staff/orders.csv", { token: alice.token }), 403, "staff_only");
    expectProblem(await api.get("/staff/orders.csv"), 401, "not_authenticated");
  });

  describe("Streaming", () => {
    const DAY = { from: "2024-03-01", start: Date.parse("2024-02-29T21:00:00.000Z") };
    const ORDERS = 4000;
    const ROWS_PER_ORDER = 10;

    beforeAll(async () => {
      // Large rows (long items and names), so the whole export dwarfs what buffers can hold: about 20 MB.
      const writer = own.bulkWriter();
      for (let i = 0; i < ORDERS; i++) {
        const at = Timestamp.fromMillis(DAY.start + i * 1000);
        const orderLines = Array.from({ length: ROWS_PER_ORDER }, (_, n) =>
          line(`product-${n}`, `${"Maize flour, sifted ".repeat(4).slice(0, 79)}${n}`, 1, 10000),
        );
        void writer.create(
          own
            .collection("users")
            .doc(`bulk${i % 50}`)
            .collection("orders")
            .doc(),
          {
            item: `${"Assorted groceries for the week ".repeat(8).slice(0, 250)} ${i}`,
            amount_minor: 10000 * ROWS_PER_ORDER,
            currency: "KES",
            order_number: `BU${String(20240301000000 + i)}`,
            status: "Pending",
            created_at: at,
            updated_at: at,
            version: 1,
            customer: { uid: `bulk${i % 50}`, username: `bulk${i % 50}`, phone_number: "+254712000000" },
            sms: { kind: "order_confirmation", status: "suppressed", attempts: 0 },
            lines: orderLines,
          },
        );
      }
      await writer.close();
    }, 240_000);

    /** Counts the Firestore queries the export runs (one per page of 500 orders). */
    function countQueries(failOn?: number) {
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with the query it belongs to
      const realGet = Query.prototype.get;
      let calls = 0;
      vi.spyOn(Query.prototype, "get").mockImplementation(function (this: Query): Promise<QuerySnapshot> {
        calls++;
        if (calls === failOn) return Promise.reject(Object.assign(new Error("unavailable"), { code: 14 }));
        return realGet.call(this);
      });
      return () => calls;
    }

    function streamedExport(): Promise<Response> {
      return fetch(`${api.baseUrl}/staff/orders.csv?from=${DAY.from}&to=${DAY.from}`, {
        headers: { Authorization: `Bearer ${staff}` },
        signal: AbortSignal.timeout(120_000),
      });
    }

    it("When a large export is read slowly, then the server reads pages only as the client takes them, and every row arrives", async () => {
      const queries = countQueries();
      const response = await streamedExport();
      expect(response.status).toBe(200);
      const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
      if (!reader) throw new Error("no body");
      const decoder = new TextDecoder();
      let text = decoder.decode((await reader.read()).value, { stream: true });
      // The client stops reading: the socket fills and the server stops asking Firestore for pages,
      // however long the pause (reading every page takes about as long as one pause here).
      const pause = () => new Promise((resolve) => setTimeout(resolve, 2000));
      await pause();
      const whilePaused = queries();
      await pause();
      expect(queries()).toBe(whilePaused);
      const pages = ORDERS / 500;
      expect(whilePaused).toBeLessThanOrEqual(4);

      let rows = 0;
      let tail = "";
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text = tail + text + decoder.decode(value, { stream: true });
        // Count records without holding the export: a record ends at a CRLF outside quotes (none here hold one).
        const records = text.split("\r\n");
        tail = records.pop() ?? "";
        rows += records.length;
        text = "";
      }
      expect(tail + text).toBe("");
      expect(rows).toBe(1 + ORDERS * ROWS_PER_ORDER);
      // One query per page, and one more to find the last page was the last.
      expect(queries()).toBeGreaterThanOrEqual(pages);
      expect(queries()).toBeLessThanOrEqual(pages + 1);
    }, 120_000);

    it("When Firestore fails before the first page, then the answer is a problem; when it fails midway, then the connection is cut and the cause logged", async () => {
      countQueries(1);
      const early = await api.get(`/staff/orders.csv?from=${DAY.from}&to=${DAY.from}`, { token: staff });
      expectProblem(early, 503, "backend_unavailable");
      expect(early.headers.get("content-disposition")).toBeNull();
      vi.restoreAllMocks();

      countQueries(3);
      lines.length = 0;
      const response = await streamedExport();
      expect(response.status).toBe(200);
      // The body ends in an error, not in a clean end a spreadsheet would take for the whole file.
      await expect(response.text()).rejects.toThrow();
      expect(lines).toContainEqual({
        level: "error",
        message: "request failed",
        fields: expect.objectContaining({ interrupted: true, code: "backend_unavailable", status: 200 }),
      });
    }, 120_000);
  });
});
