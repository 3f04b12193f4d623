/** Report payloads: the day's report and the CSV export's answer. */
import { z } from "zod";
import { named } from "../http/contract.js";

/** A sum of many orders' amounts: plain decimal, 2 places (up to Number.MAX_SAFE_INTEGER minor units). */
const totalSchema = z
  .string()
  .max(20)
  .regex(/^\d{1,14}\.\d{2}$/)
  .meta({ description: "A decimal with 2 places.", example: "14400.00" });

const countSchema = z.number().int().min(0).max(1_000_000_000).meta({ format: "int32" });

const figuresSchema = named(
  "OrderFigures",
  z
    .strictObject({ count: countSchema, amount: totalSchema })
    .meta({ description: "How many orders, and their amounts added up." }),
);

const productFiguresSchema = named(
  "ProductFigures",
  z
    .strictObject({
      product_id: z.string().max(128),
      name: z.string().max(80).meta({ description: "As the newest of the day's orders named it." }),
      quantity: countSchema,
      amount: totalSchema,
    })
    .meta({ description: "One product's share of the day's orders." }),
);

const suppressionSchema = named(
  "SuppressionCount",
  z
    .strictObject({
      reason: z.string().max(64).meta({
        description: "As the message's `sms.error_code` says.",
        example: "phone_not_verified",
      }),
      count: countSchema,
    })
    .meta({ description: "Messages not sent on purpose for one reason." }),
);

const smsCostSchema = named(
  "SmsCost",
  z
    .strictObject({
      currency: z
        .string()
        .length(3)
        .regex(/^[A-Z]{3}$/),
      amount: z
        .string()
        .max(24)
        .regex(/^\d{1,15}\.\d{4}$/)
        .meta({ description: "4 decimal places.", example: "9.6000" }),
    })
    .meta({ description: "The day's SMS cost in one currency." }),
);

const exampleReport = {
  date: "2024-01-15",
  time_zone: "Africa/Nairobi",
  starts_at: "2024-01-14T21:00:00.000Z",
  ends_at: "2024-01-15T21:00:00.000Z",
  running: true,
  generated_at: "2024-01-15T14:02:11.000Z",
  currency: "KES",
  orders: {
    placed: { count: 12, amount: "14400.00" },
    completed: { count: 9, amount: "10300.00" },
    canceled: { count: 1, amount: "250.00" },
    pending: { count: 3, amount: "4100.00" },
  },
  products: [{ product_id: "bread-white-800g", name: "White bread 800 g", quantity: 14, amount: "1120.00" }],
  sms: {
    sent: 21,
    failed: 0,
    suppressed: 2,
    suppressed_by_reason: [{ reason: "phone_not_verified", count: 2 }],
    cost: [{ currency: "KES", amount: "16.8000" }],
    cost_unknown: 0,
  },
} as const;

export const dailyReportSchema = named(
  "DailyReport",
  z
    .strictObject({
      date: z.iso.date().max(10).meta({ description: "The shop's day." }),
      time_zone: z.string().max(64).meta({ description: "The shop's time zone (IANA).", example: "Africa/Nairobi" }),
      starts_at: z.iso.datetime().max(40).meta({ description: "The day's first instant." }),
      ends_at: z.iso.datetime().max(40).meta({ description: "The next day's first instant." }),
      running: z.boolean().meta({
        description: "True while the day runs.",
      }),
      generated_at: z.iso.datetime().max(40),
      currency: z
        .string()
        .length(3)
        .regex(/^[A-Z]{3}$/),
      orders: z
        .strictObject({
          placed: figuresSchema.meta({ description: "Orders placed that day." }),
          completed: figuresSchema.meta({
            description: "Orders completed that day.",
          }),
          canceled: figuresSchema.meta({
            description: "Orders canceled that day.",
          }),
          pending: figuresSchema.meta({ description: "The day's orders still Pending." }),
        })
        .meta({ description: "The day's orders." }),
      products: z.array(productFiguresSchema).max(10_000).meta({
        description: "Best-selling first; canceled orders left out.",
      }),
      sms: z
        .strictObject({
          sent: countSchema.meta({
            description: "Messages sent that day.",
          }),
          failed: countSchema.meta({ description: "Messages that failed for good that day." }),
          suppressed: countSchema.meta({ description: "Messages not sent on purpose that day." }),
          suppressed_by_reason: z.array(suppressionSchema).max(64).meta({ description: "Most frequent first." }),
          cost: z.array(smsCostSchema).max(16).meta({ description: "The SMS cost, per currency." }),
          cost_unknown: countSchema.meta({ description: "Sent messages with no cost reported." }),
        })
        .meta({
          description: "Every SMS that became final that day.",
        }),
    })
    .meta({ description: "How the shop's day went.", examples: [exampleReport] }),
);
export type DailyReportResponse = z.infer<typeof dailyReportSchema>;

/** Without its byte-order mark, which the body starts with: invisible in a document. */
export const exampleCsv =
  "order_number,placed_at,status,status_at,status_by,reason,customer,phone_number,item,order_amount,currency,line,product_id,product_name,quantity,unit_price,line_amount,confirmation_sms\r\n" +
  "LA20240115103000,2024-01-15 13:30:00,Completed,2024-01-15 14:05:12,shop,,alice,'+254712345678,Laptop,1200.00,KES,1,,,,,1200.00,sent\r\n";

/** The export as one text: what the streamed chunks add up to. */
export const ordersCsvSchema = z.string().max(2_000_000_000).meta({
  description:
    "RFC 4180 CSV in UTF-8 with a byte-order mark and a header row; a cell that could run as a formula starts with an apostrophe.",
});
