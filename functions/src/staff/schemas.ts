/** Staff payloads. */
import { z } from "zod";
import { orderSchema, orderStatusSchema, pageLimitSchema } from "../orders/schemas.js";

export const staffListQuerySchema = z.strictObject({
  status: orderStatusSchema.optional(),
  from: z.iso.datetime("Use an ISO 8601 date-time, such as 2024-01-15T00:00:00Z.").optional(),
  to: z.iso.datetime("Use an ISO 8601 date-time, such as 2024-01-31T23:59:59Z.").optional(),
  limit: pageLimitSchema,
  cursor: z.string().max(1024).optional(),
});
export type StaffListQuery = z.output<typeof staffListQuerySchema>;

export const staffStatusChangeSchema = z.strictObject({
  status: z.enum(["Completed", "Canceled"], "Staff may set Completed or Canceled."),
});

export const auditEntrySchema = z.strictObject({
  by: z.string(),
  at: z.iso.datetime(),
  from: z.string(),
  to: z.string(),
});

/** What staff see of an order: the order, whose it is, and every status change made to it. */
export const staffOrderSchema = orderSchema.extend({
  customer: z.strictObject({ uid: z.string(), username: z.string(), phone_number: z.string() }),
  audit: z.array(auditEntrySchema),
});
export type StaffOrderResponse = z.infer<typeof staffOrderSchema>;
