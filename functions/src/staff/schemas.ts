/** Staff payloads. */
import { z } from "zod";
import { named } from "../http/contract.js";
import { exampleOrder, orderSchema, orderStatusSchema } from "../orders/schemas.js";
import { smsStateSchema } from "../sms/schemas.js";

export const staffStatusChangeSchema = named(
  "StaffStatusChange",
  z
    .strictObject({
      status: z.enum(["Completed", "Canceled"], "Staff may set Completed or Canceled."),
    })
    .meta({ description: "Where staff move a Pending order.", examples: [{ status: "Completed" }] }),
);

const auditEntrySchema = named(
  "AuditEntry",
  z
    .strictObject({
      by: z.string().max(30).meta({ description: "The staff member's username." }),
      at: z.iso.datetime().max(40),
      from: orderStatusSchema,
      to: orderStatusSchema,
    })
    .meta({ description: "One status change made by staff." }),
);

const customerSchema = named(
  "Customer",
  z
    .strictObject({ uid: z.string().max(128), username: z.string().max(30), phone_number: z.string().max(16) })
    .meta({ description: "Who placed the order, as captured when it was placed." }),
);

const statusMessageSchema = named(
  "StatusMessage",
  z
    .strictObject({
      to_status: z.enum(["Completed", "Canceled"]),
      sms: smsStateSchema,
    })
    .meta({ description: "The SMS that told the customer of a status change, and where it stands." }),
);

const exampleStaffOrder = {
  ...exampleOrder,
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
        description:
          "The status SMS sent to the customer and their delivery state. Present when one order is read by its number; lists leave it out.",
      }),
    })
    .meta({ description: "An order as staff see it.", examples: [exampleStaffOrder] }),
);
export type StaffOrderResponse = z.infer<typeof staffOrderSchema>;

export const staffOrderListSchema = z
  .array(staffOrderSchema)
  .max(100)
  .meta({ examples: [[exampleStaffOrder]] });
