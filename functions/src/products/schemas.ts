/**
 * Product payloads: one schema per payload gives the type, the validation and the OpenAPI component.
 * Request schemas are exactly as strict as the server.
 */
import { z } from "zod";
import { documentedAs, named } from "../http/contract.js";
import { AMOUNT_JSON_SCHEMA, AMOUNT_MESSAGES, parseAmount } from "../platform/money.js";

/** Firestore document ids as this API makes them: 20 letters and digits; up to 64 are accepted. */
export const PRODUCT_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;
export const PRODUCT_NAME_MAX = 80;
export const STOCK_MAX = 1_000_000;

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const ONE_LINE_NOT_BLANK = /^(?=[\s\S]*\S)[^\x00-\x1F\x7F-\x9F]*$/;
// Line breaks are allowed in a description, other control characters are not.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const TEXT_WITH_LINE_BREAKS = /^[^\x00-\x09\x0B\x0C\x0E-\x1F\x7F-\x9F]*$/;

export const productIdSchema = z
  .string()
  .max(64)
  .regex(PRODUCT_ID_PATTERN, "Use a product id as GET /products/ gives it.");

const nameSchema = z
  .string("Enter the name as text.")
  .max(PRODUCT_NAME_MAX, `Use at most ${PRODUCT_NAME_MAX} characters.`)
  .regex(ONE_LINE_NOT_BLANK, {
    error: (issue) =>
      /\S/.test(String(issue.input)) ? "Use one line of text, without control characters." : "Enter the name.",
  })
  .trim()
  .meta({ description: "One line, trimmed.", example: "Maize flour 2 kg" });

const descriptionSchema = z
  .string("Enter the description as text, or null.")
  .max(500, "Use at most 500 characters.")
  .regex(TEXT_WITH_LINE_BREAKS, "Use text without control characters (line breaks are fine).")
  .trim()
  .nullable()
  .meta({ description: "Empty or null: none.", example: "Sifted, fortified." });

/** Accepts 120, 120.5 or "120.50" and yields integer minor units, like an order's amount. */
const priceInputSchema = documentedAs(
  z.union([z.number(), z.string()], 'Enter a price, such as 120 or "120.00".').transform((value, context) => {
    const parsed = parseAmount(value);
    if (!parsed.ok) {
      context.addIssue({ code: "custom", message: AMOUNT_MESSAGES[parsed.problem] });
      return z.NEVER;
    }
    return parsed.minorUnits;
  }),
  {
    ...AMOUNT_JSON_SCHEMA,
    description: "The price of one unit.",
    examples: [120, "120.50"],
  },
);

const stockInputSchema = z
  .number("Enter the stock as a whole number, or null when the shop does not count it.")
  .int("Enter the stock as a whole number.")
  .min(0, "Stock cannot be below 0.")
  .max(STOCK_MAX, `Use at most ${STOCK_MAX}.`)
  .meta({ format: "int32" })
  .nullable()
  .meta({
    description: "Units on hand, or null: not counted.",
    example: 40,
  });

const activeSchema = z.boolean("Use true or false.").meta({
  description: "False archives it.",
});

/** The schema's own description says read-only fields are ignored: each field says it only by `readOnly`. */
const ignored = { readOnly: true };
const readOnlyProductFields = {
  id: z.string().max(64).optional().meta(ignored),
  currency: z.string().max(3).optional().meta(ignored),
  in_stock: z.boolean().optional().meta(ignored),
  created_at: z.iso.datetime().max(40).optional().meta(ignored),
  updated_at: z.iso.datetime().max(40).optional().meta(ignored),
};

const emptyToNull = (text: string | null | undefined) => (text === "" ? null : text);

export const createProductRequestSchema = named(
  "ProductCreate",
  z
    .strictObject({
      name: nameSchema,
      description: descriptionSchema.optional(),
      price: priceInputSchema,
      stock: stockInputSchema,
      active: activeSchema.optional(),
      ...readOnlyProductFields,
    })
    .meta({
      description: "A new product; read-only fields are ignored.",
      examples: [{ name: "Maize flour 2 kg", price: "210.00", stock: 40 }],
    }),
).transform(({ name, description, price, stock, active }) => ({
  name,
  description: emptyToNull(description) ?? null,
  priceMinor: price,
  stock,
  active: active ?? true,
}));
export type CreateProductInput = z.output<typeof createProductRequestSchema>;

export const patchProductRequestSchema = named(
  "ProductPatch",
  z
    .strictObject({
      name: nameSchema.optional(),
      description: descriptionSchema.optional(),
      price: priceInputSchema.optional(),
      stock: stockInputSchema.optional(),
      active: activeSchema.optional(),
      ...readOnlyProductFields,
      changes: z.array(z.unknown()).max(50).optional().meta(ignored),
    })
    .meta({
      description: "A partial change of a product; `stock` sets the units on hand.",
      examples: [{ price: "220.00" }, { stock: 60 }, { active: false }],
    }),
).transform(({ name, description, price, stock, active }) => ({
  name,
  description: emptyToNull(description),
  priceMinor: price,
  stock,
  active,
}));
export type PatchProductInput = z.output<typeof patchProductRequestSchema>;

const productFields = {
  id: z.string().max(64).regex(PRODUCT_ID_PATTERN),
  name: z.string().max(PRODUCT_NAME_MAX),
  description: z.string().max(500).nullable(),
  price: z
    .string()
    .max(11)
    .regex(/^\d{1,8}\.\d{2}$/)
    .meta({ description: "The price of one unit." }),
  currency: z
    .string()
    .length(3)
    .regex(/^[A-Z]{3}$/)
    .meta({ description: "ISO 4217." }),
  stock: z.number().int().min(0).max(STOCK_MAX).meta({ format: "int32" }).nullable().meta({
    description: "Units on hand, or null: not counted.",
  }),
  in_stock: z.boolean().meta({ description: "Whether one unit can be ordered now." }),
  created_at: z.iso.datetime().max(40),
  updated_at: z.iso.datetime().max(40),
};

export const exampleProduct = {
  id: "Xq3m8RkT2bW9zLp4N7cD",
  name: "Maize flour 2 kg",
  description: "Sifted, fortified.",
  price: "210.00",
  currency: "KES",
  stock: 40,
  in_stock: true,
  created_at: "2024-01-15T09:00:00.000Z",
  updated_at: "2024-01-15T09:00:00.000Z",
} as const;

export const productSchema = named(
  "Product",
  z.strictObject(productFields).meta({ description: "A product on sale.", examples: [exampleProduct] }),
);
export type ProductResponse = z.infer<typeof productSchema>;

export const productListSchema = z
  .array(productSchema)
  .max(100)
  .meta({ examples: [[exampleProduct]] });

const recordedValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

const productChangeSchema = named(
  "ProductChange",
  z
    .strictObject({
      kind: z.enum(["created", "updated"]),
      at: z.iso.datetime().max(40),
      by: z.string().max(30).meta({ description: "The staff member's username." }),
      fields: z
        .array(
          z.strictObject({
            field: z.enum(["name", "description", "price", "stock", "active"]),
            from: recordedValue,
            to: recordedValue,
          }),
        )
        .min(1)
        .max(5),
    })
    .meta({ description: "One change staff made to a product." }),
);
export type ProductChangeResponse = z.infer<typeof productChangeSchema>;

const exampleStaffProduct = {
  ...exampleProduct,
  active: true,
  changes: [
    {
      kind: "created",
      at: "2024-01-15T09:00:00.000Z",
      by: "wanjiku",
      fields: [
        { field: "name", from: null, to: "Maize flour 2 kg" },
        { field: "description", from: null, to: "Sifted, fortified." },
        { field: "price", from: null, to: "210.00" },
        { field: "stock", from: null, to: 40 },
        { field: "active", from: null, to: true },
      ],
    },
  ],
};

export const staffProductSchema = named(
  "StaffProduct",
  z
    .strictObject({
      ...productFields,
      active: z.boolean().meta({ description: "False once archived." }),
      changes: z.array(productChangeSchema).max(50).optional().meta({
        description: "Latest first (50); one product's read only.",
      }),
    })
    .meta({ description: "A product as staff see it.", examples: [exampleStaffProduct] }),
);
export type StaffProductResponse = z.infer<typeof staffProductSchema>;

export const staffProductListSchema = z
  .array(staffProductSchema)
  .max(100)
  .meta({ examples: [[{ ...exampleProduct, active: true }]] });
