/** The shop's day, for staff: the daily report and the orders as CSV. Served under /staff/ (resources.ts). */
import { z } from "zod";
import { parameter, responseHeader } from "../http/contract.js";
import { operationsUsing, reply } from "../http/operations.js";
import { orderStatusSchema } from "../orders/schemas.js";
import type { ReportsService } from "./reports-service.js";
import { dailyReportSchema, exampleCsv, ordersCsvSchema } from "./schemas.js";

export interface ReportServices {
  reports: ReportsService;
}

const operation = operationsUsing<ReportServices>();

const reportDateParameter = parameter({
  id: "ReportDate",
  name: "date",
  in: "query",
  required: false,
  description: "Today when absent; not in the future.",
  schema: z.iso.date("Use a date such as 2024-01-15.").max(10).optional(),
  example: "2024-01-15",
});

/** A day of the shop's calendar, or an instant as the staff list takes it. */
const bound = (example: string) =>
  z
    .union([z.iso.date().max(10), z.iso.datetime().max(40)], `Use a date such as ${example} or a date-time.`)
    .optional()
    .meta({ example });

const exportFromParameter = parameter({
  id: "ExportFrom",
  name: "from",
  in: "query",
  required: false,
  description: "Orders placed from this day or instant on.",
  schema: bound("2024-01-01"),
});

const exportToParameter = parameter({
  id: "ExportTo",
  name: "to",
  in: "query",
  required: false,
  description: "Orders placed up to this day (included) or instant.",
  schema: bound("2024-01-31"),
});

const exportStatusParameter = parameter({
  id: "ExportStatus",
  name: "status",
  in: "query",
  required: false,
  description: "Only orders with this status now.",
  schema: orderStatusSchema.optional(),
  example: "Completed",
});

const contentDispositionHeader = responseHeader({
  id: "ContentDisposition",
  name: "Content-Disposition",
  description: "An attachment with a file name.",
  schema: z.string().max(200),
  example: 'attachment; filename="orders-2024-01-01-to-2024-01-31.csv"',
});

export const reportOperations = [
  operation({
    operationId: "getDailyReport",
    method: "get",
    path: "/staff/reports/daily/",
    summary: "How a day went (staff)",
    description: "Orders, products and SMS of one day on the shop's calendar.",
    tags: ["Staff"],
    access: "staff",
    query: [reportDateParameter],
    responses: { 200: { description: "The day's report.", body: dailyReportSchema } },
    errors: [],
    handle: async ({ query }, { reports }) => reply.ok(await reports.daily(query.date)),
  }),

  operation({
    operationId: "exportOrdersCsv",
    method: "get",
    path: "/staff/orders.csv",
    summary: "Every order as CSV (staff)",
    description:
      "Orders placed from `from` to `to` (both included), oldest first, one row per order line; streamed, so a failure midway cuts the connection.",
    tags: ["Staff"],
    access: "staff",
    query: [exportFromParameter, exportToParameter, exportStatusParameter],
    responses: {
      200: {
        description: "The orders, as a CSV attachment.",
        body: ordersCsvSchema,
        mediaType: "text/csv",
        headers: [contentDispositionHeader],
        example: exampleCsv,
        streamed: true,
      },
    },
    errors: [],
    handle: ({ query }, { reports }) => {
      const csv = reports.exportCsv(query);
      return Promise.resolve(
        reply.ok(csv.chunks, {
          "Content-Type": "text/csv; charset=utf-8; header=present",
          "Content-Disposition": `attachment; filename="${csv.filename}"`,
        }),
      );
    },
  }),
];
