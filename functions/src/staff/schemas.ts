/** Staff payloads. */
import { z } from "zod";
import { named } from "../http/contract.js";
import { exampleNewOrder, orderSchema, orderStatusSchema } from "../orders/schemas.js";
import { smsStateSchema } from "../sms/schemas.js";

export const staffStatusChangeSchema = named(
  "StaffStatusChange",
  z
    .strictObject({
      status: z.enum(["Completed", "Canceled"], "Staff may set Completed or Canceled."),
      reason: z
        .string("Give the reason as text.")
        .max(200, "Use at most 200 characters.")
        // eslint-disable-next-line no-control-regex -- matching control characters is the point
        .regex(/^(?=[\s\S]*\S)[^\x00-\x1F\x7F-\x9F]*$/, "Give the reason as one line of text.")
        .trim()
        .optional()
        .meta({
          description: "Why; shown to the customer.",
          example: "Out of stock",
        }),
    })
    .meta({
      description: "Where staff move a Pending order, and why.",
      examples: [{ status: "Completed" }, { status: "Canceled", reason: "Out of stock" }],
    }),
);

const auditEntrySchema = named(
  "AuditEntry",
  z
    .strictObject({
      by: z.string().max(30).meta({ description: "The staff member's username." }),
      at: z.iso.datetime().max(40),
      from: orderStatusSchema,
      to: orderStatusSchema,
      reason: z.string().max(200).nullable().meta({ description: "The reason staff gave, if any." }),
    })
    .meta({ description: "One status change made by staff." }),
);

const customerSchema = named(
  "Customer",
  z
    .strictObject({
      uid: z.string().max(128),
      username: z.string().max(30),
      phone_number: z.string().max(16),
      sms_opted_out: z.boolean().optional().meta({
        description: "Whether the number said STOP (one order's read only).",
      }),
      sms_opted_out_at: z.iso.datetime().max(40).nullable().optional().meta({
        description: "When the number last said STOP or START.",
      }),
    })
    .meta({
      description: "Who placed the order.",
    }),
);

const statusMessageSchema = named(
  "StatusMessage",
  z
    .strictObject({
      to_status: z.enum(["Completed", "Canceled"]),
      sms: smsStateSchema,
    })
    .meta({ description: "A status change's SMS." }),
);

const exampleStaffOrder = {
  ...exampleNewOrder,
  customer: { uid: "QuxZcLSweUgmbrm6p6D3cEkrQIGz", username: "alice", phone_number: "+254712345678" },
  audit: [],
};

/** What staff see of an order: the order, whose it is, and every status change made to it. */
export const staffOrderSchema = named(
  "StaffOrder",
  orderSchema
    .extend({
      customer: customerSchema,
      audit: z.array(auditEntrySchema).max(20),
      status_messages: z.array(statusMessageSchema).max(2).optional().meta({
        description: "Status SMS sent (one order's read only).",
      }),
    })
    .meta({ description: "An order as staff see it.", examples: [exampleStaffOrder] }),
);
export type StaffOrderResponse = z.infer<typeof staffOrderSchema>;

export const staffOrderListSchema = z
  .array(staffOrderSchema)
  .max(100)
  .meta({ examples: [[exampleStaffOrder]] });
