/**
 * Order payloads: one schema per payload gives the type, the validation and the OpenAPI component.
 * Request schemas are exactly as strict as the server (a test feeds their boundary values to both).
 */
import { z } from "zod";
import { documentedAs, named } from "../http/contract.js";
import { AMOUNT_JSON_SCHEMA, AMOUNT_MAX_LENGTH, AMOUNT_MESSAGES, parseAmount } from "../platform/money.js";
import { PRODUCT_ID_PATTERN, PRODUCT_NAME_MAX, productIdSchema } from "../products/schemas.js";
import { examplePendingSmsState, exampleSmsState, smsStateSchema } from "../sms/schemas.js";
import { ORDER_ID_PATTERN, ORDER_NUMBER_PATTERN } from "./ids.js";

const ORDER_STATUSES = ["Pending", "Completed", "Canceled"] as const;
export const orderStatusSchema = named(
  "OrderStatus",
  z.enum(ORDER_STATUSES).meta({ description: "Pending until completed or canceled." }),
);
export type OrderStatus = z.infer<typeof orderStatusSchema>;

const historyEntrySchema = named(
  "OrderHistoryEntry",
  z
    .strictObject({
      at: z.iso.datetime().max(40),
      status: orderStatusSchema,
      by: z.enum(["customer", "shop"]).meta({ description: "Who moved the order there." }),
      reason: z.string().max(200).nullable().meta({ description: "The reason given, if any." }),
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
  .meta({ description: "One line of text, trimmed.", example: "Laptop" });

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
/** The schema's own description says read-only fields are ignored: each field says it only by `readOnly`. */
const ignored = { readOnly: true };
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
    description: "Read-only here.",
  }),
};

const orderCreateSchema = named(
  "OrderCreate",
  z.strictObject({ item: itemSchema, amount: amountInputSchema, ...ignoredOrderFields }).meta({
    description: "A new order; read-only fields are ignored.",
    examples: [{ item: "Laptop", amount: 1200 }],
  }),
);
const freeTextCreateSchema = orderCreateSchema.transform(({ item, amount }) => ({ item, amountMinor: amount }));

const orderUpdateSchema = named(
  "OrderUpdate",
  z.strictObject({ item: itemSchema, amount: amountInputSchema, ...ignoredOrderFields }).meta({
    description: "A Pending order's new item and amount (PUT).",
    examples: [{ item: "Gaming laptop", amount: "1500.00" }],
  }),
);
const freeTextUpdateSchema = orderUpdateSchema.transform(({ item, amount }) => ({ item, amountMinor: amount }));

const orderPatchSchema = named(
  "OrderPatch",
  z
    .strictObject({
      item: itemSchema.optional(),
      amount: amountInputSchema.optional(),
      status: z.literal("Canceled", "The owner may only set the status to Canceled.").optional().meta({
        description: "The owner may cancel a Pending order.",
      }),
      ...readOnlyOrderFields,
    })
    .meta({
      description: "A partial update, or a cancellation.",
      examples: [{ status: "Canceled" }],
    }),
);
const freeTextPatchSchema = orderPatchSchema.transform(({ item, amount, status }) => ({
  item,
  amountMinor: amount,
  status,
}));

/** The most lines one order may have, and the most units of one product per line. */
export const MAX_LINES = 20;
export const MAX_QUANTITY = 999;

const exampleLineRequests = [
  { product_id: "Xq3m8RkT2bW9zLp4N7cD", quantity: 2 },
  { product_id: "Hn4Tg7Lw2QpZ9kVbR3sY", quantity: 1 },
];

const lineRequestSchema = named(
  "OrderLineRequest",
  z
    .strictObject({
      product_id: productIdSchema.meta({ description: "A product on sale (GET /products/)." }),
      quantity: z
        .number("Enter the quantity as a whole number.")
        .int("Enter the quantity as a whole number.")
        .min(1, "Order at least 1.")
        .max(MAX_QUANTITY, `Order at most ${MAX_QUANTITY} of one product.`)
        .meta({ format: "int32", example: 2 }),
      name: z.string().max(PRODUCT_NAME_MAX).optional().meta(ignored),
      unit_price: z.string().max(11).optional().meta(ignored),
      line_total: z.string().max(11).optional().meta(ignored),
    })
    .meta({
      description: "How many of which product.",
    }),
);

const linesSchema = z
  .array(lineRequestSchema, "Send lines as a list of {product_id, quantity}.")
  .min(1, "Order at least one product.")
  .max(MAX_LINES, `Use at most ${MAX_LINES} lines.`)
  .superRefine((lines, context) => {
    const first = new Map<string, number>();
    lines.forEach((line, index) => {
      const earlier = first.get(line.product_id);
      if (earlier === undefined) first.set(line.product_id, index);
      else {
        context.addIssue({
          code: "custom",
          path: [index, "product_id"],
          message: `This product is already on line ${earlier + 1}: use one line per product.`,
        });
      }
    });
  })
  .meta({ description: "One per product." });

/** In an order from the catalogue the shop computes these; a client may send them back and they are ignored. */
const computedFields = {
  item: z
    .string()
    .max(255)
    .optional()
    .meta({ ...ignored, description: "The lines' summary." }),
  amount: z
    .string()
    .max(11)
    .optional()
    .meta({ ...ignored, description: "The lines' sum." }),
};

const fromLines = ({ lines }: { lines: { product_id: string; quantity: number }[] }) => ({
  lines: lines.map((line) => ({ productId: line.product_id, quantity: line.quantity })),
});

const linesCreateSchema = named(
  "OrderFromLines",
  z.strictObject({ lines: linesSchema, ...computedFields, ...ignoredOrderFields }).meta({
    description: "A new order from the catalogue; read-only fields are ignored.",
    examples: [{ lines: exampleLineRequests }],
  }),
).transform(fromLines);

const linesUpdateSchema = named(
  "OrderLinesUpdate",
  z.strictObject({ lines: linesSchema, ...computedFields, ...ignoredOrderFields }).meta({
    description: "A Pending order's new lines (PUT), at today's prices.",
  }),
).transform(fromLines);

const linesPatchSchema = named(
  "OrderLinesPatch",
  z.strictObject({ lines: linesSchema, ...computedFields, ...readOnlyOrderFields }).meta({
    description: "A Pending order's new lines (PATCH), at today's prices.",
  }),
).transform(fromLines);

/**
 * A body of either form: the original free text, or lines from the catalogue. The form is chosen by
 * whether the body has `lines`, and a refusal names the fields of that form only (a union would
 * answer "matches neither"). The document shows both forms (anyOf), which never overlap: the free-text
 * form refuses `lines`, the other requires it.
 */
function eitherForm<FreeText extends z.ZodType, Lines extends z.ZodType>(
  freeText: FreeText,
  lines: Lines,
  examples: unknown[],
) {
  // A transform of its own (not unknown().transform()): the document then shows what it pipes into.
  return z
    .transform((body: unknown, context) => {
      const form = typeof body === "object" && body !== null && "lines" in body ? lines : freeText;
      const result = form.safeParse(body);
      if (result.success) return body;
      for (const issue of result.error.issues) {
        // Forwarded as the router reports them; each names its field (unknown keys one by one).
        if (issue.code === "unrecognized_keys") {
          for (const key of issue.keys) {
            context.addIssue({ code: "custom", path: [...issue.path, key], message: "This field is not allowed." });
          }
        } else {
          context.addIssue({ code: "custom", path: issue.path, message: issue.message });
        }
      }
      return z.NEVER;
    })
    .pipe(z.union([freeText, lines]).meta({ examples }));
}

export const createOrderRequestSchema = eitherForm(freeTextCreateSchema, linesCreateSchema, [
  { item: "Laptop", amount: 1200 },
  { lines: exampleLineRequests },
]);
export type CreateOrderInput = z.output<typeof createOrderRequestSchema>;

export const replaceOrderRequestSchema = eitherForm(freeTextUpdateSchema, linesUpdateSchema, [
  { item: "Gaming laptop", amount: "1500.00" },
  { lines: [{ product_id: "Xq3m8RkT2bW9zLp4N7cD", quantity: 3 }] },
]);
export type ReplaceOrderInput = z.output<typeof replaceOrderRequestSchema>;

export const patchOrderRequestSchema = eitherForm(freeTextPatchSchema, linesPatchSchema, [
  { status: "Canceled" },
  { lines: [{ product_id: "Xq3m8RkT2bW9zLp4N7cD", quantity: 3 }] },
]);
export type PatchOrderInput = z.output<typeof patchOrderRequestSchema>;

/** What a client asks for in lines: which product, how many. */
export type LineRequest = { productId: string; quantity: number };

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

const orderLineSchema = named(
  "OrderLine",
  z
    .strictObject({
      product_id: z.string().max(64).regex(PRODUCT_ID_PATTERN),
      name: z.string().max(PRODUCT_NAME_MAX).meta({ description: "The product's name when placed." }),
      quantity: z.number().int().min(1).max(MAX_QUANTITY).meta({ format: "int32" }),
      unit_price: z
        .string()
        .max(11)
        .regex(/^\d{1,8}\.\d{2}$/)
        .meta({ description: "The price of one unit when placed." }),
      line_total: z
        .string()
        .max(11)
        .regex(/^\d{1,8}\.\d{2}$/)
        .meta({ description: "quantity x unit_price." }),
    })
    .meta({
      description: "One line of an order, as placed.",
    }),
);

export const exampleCatalogueOrder = {
  ...exampleOrder,
  id: "QpX2v9LmT4wZr8KbN3sD",
  item: "2 x Maize flour 2 kg, 1 x Cooking oil 1 L",
  amount: "740.00",
  order_number: "MA20240115103000",
  lines: [
    {
      product_id: "Xq3m8RkT2bW9zLp4N7cD",
      name: "Maize flour 2 kg",
      quantity: 2,
      unit_price: "210.00",
      line_total: "420.00",
    },
    {
      product_id: "Hn4Tg7Lw2QpZ9kVbR3sY",
      name: "Cooking oil 1 L",
      quantity: 1,
      unit_price: "320.00",
      line_total: "320.00",
    },
  ],
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
        .regex(/^\d{1,8}\.\d{2}$/),
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
        description: "Oldest first.",
      }),
      lines: z.array(orderLineSchema).min(1).max(MAX_LINES).optional().meta({
        description: "Catalogue orders only.",
      }),
    })
    .meta({ description: "A customer's order.", examples: [exampleOrder, exampleCatalogueOrder] }),
);
export type OrderResponse = z.infer<typeof orderSchema>;

/** An order just placed, its SMS not sent yet: a list's example, short. */
export const exampleNewOrder = { ...exampleOrder, sms: examplePendingSmsState } as const;

export const orderListSchema = z
  .array(orderSchema)
  .max(100)
  .meta({ examples: [[exampleNewOrder]] });

export { AMOUNT_MAX_LENGTH, ORDER_ID_PATTERN, ORDER_NUMBER_PATTERN };
