/** An SMS's state as the API shows it (schemas.ts describes the shape; this module loads no schema code). */
import type { SmsDelivery } from "./message.js";
import type { SmsStateResponse } from "./schemas.js";

/** An SMS's state as the API shows it. */
export function presentSms(sms: SmsDelivery): SmsStateResponse {
  return {
    status: sms.status,
    attempts: sms.attempts,
    channel: sms.channel,
    message_id: sms.message_id,
    cost: sms.cost,
    error_code: sms.error_code,
    error_message: sms.error_message,
    updated_at: sms.updated_at ? sms.updated_at.toDate().toISOString() : null,
    delivery_status: sms.delivery_status ?? null,
    delivery_failure_reason: sms.delivery_failure_reason ?? null,
  };
}
