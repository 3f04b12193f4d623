/**
 * The confirmation SMS an order carries, composed from what the order and its customer's profile say:
 * in the customer's language, and suppressed (recorded, never sent) to a number nobody proved.
 */
import { formatAmount } from "../platform/money.js";
import { newMessage, suppressedMessage, type MessageDraft, type SmsMessage } from "../sms/message.js";
import { SUPPRESSION_MESSAGES } from "../sms/suppression.js";
import { confirmationText } from "../texts/sms-texts.js";
import type { OrderDocument } from "./order-document.js";

export function confirmationOf(
  order: Pick<OrderDocument, "customer" | "order_number" | "item" | "amount_minor">,
  phoneVerified: boolean,
  now: Date,
): SmsMessage {
  const draft: MessageDraft = {
    kind: "order_confirmation",
    to: order.customer.phone_number,
    account: order.customer.uid,
    text: confirmationText(
      {
        username: order.customer.username,
        orderNumber: order.order_number,
        item: order.item,
        amount: formatAmount(order.amount_minor),
      },
      order.customer.language ?? "en",
    ),
  };
  return phoneVerified
    ? newMessage(draft, now)
    : suppressedMessage(draft, now, "phone_not_verified", SUPPRESSION_MESSAGES.phone_not_verified);
}
