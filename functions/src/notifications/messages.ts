/** The one home of the SMS texts the business sends. */
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

export function statusMessage(
  order: Pick<OrderDocument, "customer" | "order_number">,
  to: "Completed" | "Canceled",
): string {
  const outcome = to === "Completed" ? "has been completed" : "has been canceled";
  return `Dear ${order.customer.username}, your order #${order.order_number} ${outcome}.`;
}
