/** The text of the order confirmation SMS. */
import { formatAmount } from "../orders/money.js";
import type { OrderDocument } from "../orders/order-document.js";

export function confirmationMessage(
  order: Pick<OrderDocument, "customer" | "order_number" | "item" | "amount_minor">,
): string {
  return (
    `Dear ${order.customer.username}, your order #${order.order_number} for ${order.item} ` +
    `amounting to ${formatAmount(order.amount_minor)} has been received.`
  );
}
