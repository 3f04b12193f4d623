/**
 * Order payloads: one schema per payload gives the type, the validation and the OpenAPI component.
 * Request schemas are exactly as strict as the server (a test feeds their boundary values to both).
 */
import { z } from "zod";
import { documentedAs, named } from "../http/contract.js";
import { exampleSmsState, smsStateSchema } from "../sms/schemas.js";
import { ORDER_ID_PATTERN, ORDER_NUMBER_PATTERN } from "./ids.js";
import { AMOUNT_JSON_SCHEMA, AMOUNT_MAX_LENGTH, AMOUNT_MESSAGES, parseAmount } from "./money.js";

const ORDER_STATUSES = ["Pending", "Completed", "Canceled"] as const;
export const orderStatusSchema = named(
  "OrderStatus",
  z.enum(ORDER_STATUSES).meta({ description: "Pending until staff complete or cancel it (or its owner cancels it)." }),
);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

const historyEntrySchema = named(
  "OrderHistoryEntry",
  z
    .strictObject({
      at: z.iso.datetime().max(40),
      status: orderStatusSchema,
      by: z.enum(["customer", "shop"]).meta({ description: "Who moved the order there: its customer, or the shop." }),
      reason: z.string().max(200).nullable().meta({ description: "The reason given, when one was (a cancellation)." }),
    })
    .meta({ description: "One status the order had, and who set it." }),
);

/**
 * One line of plain text: no control characters (Unicode category Cc, line breaks included). Spelled
 * as ranges, not \p{Cc}, so the document's pattern means the same to validators without Unicode mode.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ONE_LINE_NOT_BLANK = /^(?=[\s\S]*\S)[^\x00-\x1F\x7F-\x9F]*$/;

const itemSchema = z
  .string("Enter the item as text.")
  .max(255, "Use at most 255 characters.")
  .regex(ONE_LINE_NOT_BLANK, {
    error: (issue) =>
      /\S/.test(String(issue.input)) ? "Use one line of text, without control characters." : "Enter the item.",
  })
  .trim()
  .meta({ description: "What is ordered: one line of text, not blank, trimmed.", example: "Laptop" });

/** Accepts 1200, 1200.5 or "1200.50" and yields integer minor units. */
const amountInputSchema = documentedAs(
  z.union([z.number(), z.string()], 'Enter a number, such as 1200 or "1200.00".').transform((value, context) => {
    const parsed = parseAmount(value);
    if (!parsed.ok) {
      context.addIssue({ code: "custom", message: AMOUNT_MESSAGES[parsed.problem] });
      return z.NEVER;
    }
    return parsed.minorUnits;
  }),
  AMOUNT_JSON_SCHEMA,
);

/**
 * Fields of an order that the server owns. A client may send them back (GET-modify-PUT works), and
 * they are ignored; fields nobody knows are rejected by name.
 */
const ignored = { readOnly: true, description: "Read-only: accepted (as an Order has it) and ignored." };
const readOnlyOrderFields = {
  id: z.string().max(64).optional().meta(ignored),
  order_number: z.string().max(32).optional().meta(ignored),
  currency: z.string().max(3).optional().meta(ignored),
  created_at: z.iso.datetime().max(40).optional().meta(ignored),
  updated_at: z.iso.datetime().max(40).optional().meta(ignored),
  sms: smsStateSchema.optional().meta(ignored),
  history: z.array(historyEntrySchema).max(20).optional().meta(ignored),
};
const ignoredOrderFields = {
  ...readOnlyOrderFields,
  status: orderStatusSchema.optional().meta({
    ...ignored,
    description: "Read-only here: only staff change it, or the owner with PATCH.",
  }),
};

const orderCreateSchema = named(
  "OrderCreate",
  z.strictObject({ item: itemSchema, amount: amountInputSchema, ...ignoredOrderFields }).meta({
    description:
      "A new order. Read-only fields of an Order may be present and are ignored; unknown fields are refused.",
    examples: [{ item: "Laptop", amount: 1200 }],
  }),
);
export const createOrderRequestSchema = orderCreateSchema.transform(({ item, amount }) => ({
  item,
  amountMinor: amount,
}));
export type CreateOrderInput = z.output<typeof createOrderRequestSchema>;

const orderUpdateSchema = named(
  "OrderUpdate",
  z.strictObject({ item: itemSchema, amount: amountInputSchema, ...ignoredOrderFields }).meta({
    description: "A full update of a Pending order's item and amount (PUT). Read-only fields are ignored.",
    examples: [{ item: "Gaming laptop", amount: "1500.00" }],
  }),
);
export const replaceOrderRequestSchema = orderUpdateSchema.transform(({ item, amount }) => ({
  item,
  amountMinor: amount,
}));
export type ReplaceOrderInput = z.output<typeof replaceOrderRequestSchema>;

const orderPatchSchema = named(
  "OrderPatch",
  z
    .strictObject({
      item: itemSchema.optional(),
      amount: amountInputSchema.optional(),
      status: z.literal("Canceled", "The owner may only set the status to Canceled.").optional().meta({
        description: "The owner may cancel a Pending order; other moves belong to staff.",
      }),
      ...readOnlyOrderFields,
    })
    .meta({
      description: "A partial update: item and amount while Pending, or cancelling.",
      examples: [{ status: "Canceled" }],
    }),
);
export const patchOrderRequestSchema = orderPatchSchema.transform(({ item, amount, status }) => ({
  item,
  amountMinor: amount,
  status,
}));
export type PatchOrderInput = z.output<typeof patchOrderRequestSchema>;

export const exampleOrder = {
  id: "JONMvEFzV9xG3Zeh7SSA",
  item: "Laptop",
  amount: "1200.00",
  currency: "KES",
  order_number: "LA20240115103000",
  status: "Pending",
  created_at: "2024-01-15T10:30:00.000Z",
  updated_at: "2024-01-15T10:30:00.000Z",
  sms: exampleSmsState,
  history: [{ at: "2024-01-15T10:30:00.000Z", status: "Pending", by: "customer", reason: null }],
} as const;

export const orderSchema = named(
  "Order",
  z
    .strictObject({
      id: z.string().max(64).regex(ORDER_ID_PATTERN),
      item: z.string().max(255),
      amount: z
        .string()
        .max(11)
        .regex(/^\d{1,8}\.\d{2}$/)
        .meta({ description: "Always a string with exactly 2 decimals." }),
      currency: z
        .string()
        .length(3)
        .regex(/^[A-Z]{3}$/)
        .meta({ description: "ISO 4217." }),
      order_number: z.string().max(21).regex(ORDER_NUMBER_PATTERN),
      status: orderStatusSchema,
      created_at: z.iso.datetime().max(40),
      updated_at: z.iso.datetime().max(40),
      sms: smsStateSchema,
      history: z.array(historyEntrySchema).min(1).max(20).meta({
        description: "Every status the order has had, oldest first, starting with Pending when it was placed.",
      }),
    })
    .meta({ description: "A customer's order.", examples: [exampleOrder] }),
);
export type OrderResponse = z.infer<typeof orderSchema>;

export const orderListSchema = z
  .array(orderSchema)
  .max(100)
  .meta({ examples: [[exampleOrder]] });

export { AMOUNT_MAX_LENGTH, ORDER_ID_PATTERN, ORDER_NUMBER_PATTERN };
