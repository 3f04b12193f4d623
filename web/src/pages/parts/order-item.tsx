/** One order in the customer's list: what it is, its state and its SMS, and Edit and Cancel while Pending. */
import { useI18n } from "../../i18n/i18n.js";
import type { Based } from "../../orders/changes.js";
import type { LiveOrder } from "../../orders/live.js";
import { customerSmsText } from "../../orders/sms.js";
import { StatusBadge } from "../../ui.js";
import { OrderActions } from "./order-actions.js";

export function OrderItem({ order, onChanged }: { order: LiveOrder; onChanged: (changed: Based) => void }) {
  const { t, money, when } = useI18n();
  return (
    <li class="order" aria-labelledby={`order-${order.id}`}>
      <div class="order-head">
        <h3 id={`order-${order.id}`}>
          <a href={`#/orders/${order.id}`}>{order.item}</a>
        </h3>
        <StatusBadge status={order.status} />
      </div>
      <p class="order-meta">
        <span class="money">{money(order.amount, order.currency)}</span> · #{order.order_number} ·{" "}
        {when(order.created_at)}
      </p>
      <p class="sms" aria-live="polite">
        {customerSmsText(order.sms, t)}
      </p>
      <OrderActions order={order} onChanged={onChanged} />
    </li>
  );
}
