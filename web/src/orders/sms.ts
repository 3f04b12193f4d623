/**
 * An SMS's state in honest words: what the customer can expect on their phone, and what staff can
 * tell a customer who asks. "Sent" means the provider took it; only a delivery report says it arrived.
 */
import type { SmsState } from "@customer-orders/client";
import type { Messages } from "../i18n/en.js";

type Sms = Pick<SmsState, "status" | "error_code" | "delivery_status">;

/** Delivery reports that are final and good, and those that are final and bad (Africa's Talking's words). */
const DELIVERED = new Set(["Success"]);
const UNDELIVERED = new Set(["Failed", "Rejected"]);

/** The confirmation SMS of an order, as its customer reads it. */
export function customerSmsText(sms: Sms, t: Messages): string {
  const words = t.sms;
  if (sms.delivery_status && DELIVERED.has(sms.delivery_status)) return words.delivered;
  if (sms.delivery_status && UNDELIVERED.has(sms.delivery_status)) return words.notDelivered;
  switch (sms.status) {
    case "pending":
    case "sending":
      return words.waiting;
    case "sent":
      return words.sent;
    case "outbox":
      return words.outbox;
    case "failed":
      return words.failed;
    case "suppressed":
      switch (sms.error_code) {
        case "phone_not_verified":
          return words.notProven;
        case "sms_budget_account_hour":
        case "sms_budget_number_hour":
          return words.hourLimit;
        case "sms_budget_account_day":
        case "sms_budget_number_day":
          return words.dayLimit;
        case "sms_budget_project_day":
          return words.shopLimit;
        default:
          return words.notSent;
      }
  }
}

/** Any SMS to a customer (the confirmation, a status notice), as staff read it. */
export function staffSmsText(sms: Sms, t: Messages): string {
  const words = t.staffSms;
  if (sms.delivery_status) {
    if (DELIVERED.has(sms.delivery_status)) return words.delivered;
    if (UNDELIVERED.has(sms.delivery_status)) return words.notDelivered(sms.delivery_status);
  }
  switch (sms.status) {
    case "pending":
    case "sending":
      return words.waiting;
    case "sent":
      return words.sent;
    case "outbox":
      return words.outbox;
    case "failed":
      return words.failed(sms.error_code ?? "?");
    case "suppressed":
      switch (sms.error_code) {
        case "phone_not_verified":
          return words.notProven;
        case "sms_budget_account_hour":
          return words.accountHour;
        case "sms_budget_account_day":
          return words.accountDay;
        case "sms_budget_number_hour":
          return words.numberHour;
        case "sms_budget_number_day":
          return words.numberDay;
        case "sms_budget_project_day":
          return words.shopDay;
        case "opted_out":
          return words.optedOut;
        default:
          return words.notSent(sms.error_code ?? "?");
      }
  }
}

/** Whether an SMS may still change (so a page showing it should keep watching). */
export function smsSettled(sms: Sms): boolean {
  if (sms.status === "pending" || sms.status === "sending") return false;
  if (sms.status === "sent")
    return Boolean(sms.delivery_status && (DELIVERED.has(sms.delivery_status) || UNDELIVERED.has(sms.delivery_status)));
  return true;
}
