/** Why a message was not sent on purpose, as recorded in its `sms.error_code`, and what to tell the customer. */
export type BudgetReason =
  | "sms_budget_account_hour"
  | "sms_budget_account_day"
  | "sms_budget_number_hour"
  | "sms_budget_number_day"
  | "sms_budget_project_day"
  | "sms_budget_codes_day"
  | "sms_budget_replies_number_day"
  | "sms_budget_replies_day"
  | "sms_budget_alerts_day";

export type SuppressionReason = BudgetReason | "phone_not_verified" | "opted_out" | "destination_not_allowed";

export const SUPPRESSION_MESSAGES: Record<SuppressionReason, string> = {
  sms_budget_account_hour: "Not sent: this account reached its SMS limit for the hour.",
  sms_budget_account_day: "Not sent: this account reached its SMS limit for the day.",
  sms_budget_number_hour: "Not sent: this phone number reached its SMS limit for the hour.",
  sms_budget_number_day: "Not sent: this phone number reached its SMS limit for the day.",
  sms_budget_project_day: "Not sent: the shop reached its SMS limit for the day.",
  sms_budget_codes_day: "Not sent: the shop reached its limit of verification codes for the day.",
  sms_budget_replies_number_day: "Not sent: this phone number reached its limit of replies to texts for the day.",
  sms_budget_replies_day: "Not sent: the shop reached its limit of replies to texts for the day.",
  sms_budget_alerts_day: "Not sent: the shop reached its limit of new-order alerts to its own numbers for the day.",
  phone_not_verified: "Not sent: the phone number is not proven. Verify it (POST /me/phone/code/) to get SMS.",
  opted_out: "Not sent: this number asked for no more SMS (STOP). Send START to get them again.",
  destination_not_allowed: "Not sent: SMS cannot go to this number (only mobile numbers the shop serves).",
};
