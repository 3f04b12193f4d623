/** Order payloads: one schema per payload gives the type, the validation and the OpenAPI document. */
import { z } from "zod";
import { AMOUNT_MESSAGES, parseAmount } from "./money.js";

export const ORDER_STATUSES = ["Pending", "Completed", "Canceled"] as const;
export const orderStatusSchema = z.enum(ORDER_STATUSES);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

export const SMS_STATUSES = ["pending", "sending", "sent", "failed", "outbox"] as const;

const itemSchema = z
  .string("Enter the item as text.")
  .trim()
  .min(1, "Enter the item.")
  .max(255, "Use at most 255 characters.");

/** Accepts 1200, 1200.5 or "1200.50" and yields integer minor units. */
export const amountInputSchema = z
  .union([z.number(), z.string()], 'Enter a number, such as 1200 or "1200.00".')
  .transform((value, context) => {
    const parsed = parseAmount(value);
    if (!parsed.ok) {
      context.addIssue({ code: "custom", message: AMOUNT_MESSAGES[parsed.problem] });
      return z.NEVER;
    }
    return parsed.minorUnits;
  });

/**
 * Fields of an order that the server owns. A client may send them back (GET-modify-PUT works), and
 * they are ignored; fields nobody knows are rejected by name.
 */
const readOnlyFields = {
  id: z.unknown().optional(),
  order_number: z.unknown().optional(),
  currency: z.unknown().optional(),
  created_at: z.unknown().optional(),
  updated_at: z.unknown().optional(),
  sms: z.unknown().optional(),
};

export const createOrderRequestSchema = z
  .object({ item: itemSchema, amount: amountInputSchema, status: z.unknown().optional(), ...readOnlyFields })
  .strict()
  .transform(({ item, amount }) => ({ item, amountMinor: amount }));
export type CreateOrderInput = z.output<typeof createOrderRequestSchema>;

export const replaceOrderRequestSchema = createOrderRequestSchema;
export type ReplaceOrderInput = CreateOrderInput;

export const patchOrderRequestSchema = z
  .object({
    item: itemSchema.optional(),
    amount: amountInputSchema.optional(),
    status: orderStatusSchema.optional(),
    ...readOnlyFields,
  })
  .strict()
  .transform(({ item, amount, status }) => ({ item, amountMinor: amount, status }));
export type PatchOrderInput = z.output<typeof patchOrderRequestSchema>;

/** Page size of every list: 20 unless asked, at most 100. */
export const pageLimitSchema = z.coerce
  .number("Enter a whole number.")
  .int("Enter a whole number.")
  .min(1, "Use at least 1.")
  .max(100, "Use at most 100.")
  .default(20);

export const listOrdersQuerySchema = z
  .object({
    status: orderStatusSchema.optional(),
    limit: pageLimitSchema,
    cursor: z.string().max(512).optional(),
  })
  .strict();
export type ListOrdersQuery = z.output<typeof listOrdersQuerySchema>;

/** Response shapes are strict: a field the contract does not name is a contract violation. */
export const smsStateSchema = z.strictObject({
  status: z.enum(SMS_STATUSES),
  attempts: z.number().int().min(0),
  channel: z.enum(["africastalking", "outbox"]).nullable(),
  message_id: z.string().nullable(),
  cost: z.string().nullable(),
  error_code: z.string().nullable(),
  error_message: z.string().nullable(),
  updated_at: z.iso.datetime().nullable(),
  /** The latest delivery report from the provider, if any came. */
  delivery_status: z.string().nullable(),
  delivery_failure_reason: z.string().nullable(),
});

export const orderSchema = z.strictObject({
  id: z.string(),
  item: z.string(),
  amount: z.string().regex(/^\d{1,8}\.\d{2}$/),
  currency: z.string().regex(/^[A-Z]{3}$/),
  order_number: z.string().regex(/^[A-Z]{2}\d{14}(-[2-9A-HJ-NP-Z]{4})?$/),
  status: orderStatusSchema,
  created_at: z.iso.datetime(),
  updated_at: z.iso.datetime(),
  sms: smsStateSchema,
});
export type OrderResponse = z.infer<typeof orderSchema>;

export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(255, "Use an Idempotency-Key of at most 255 characters.")
  .regex(/^[\x21-\x7e]+$/, "Use printable ASCII characters without spaces in the Idempotency-Key.");
