/**
 * One order's own page (#/orders/<id>): what was ordered, the amount, the status and its story, kept
 * current live, with Edit and Cancel while it is Pending.
 */
import { isApiProblem } from "@customer-orders/client";
import { useLoad } from "../hooks/use-load.js";
import { useI18n } from "../i18n/i18n.js";
import { readOrder, type Based } from "../orders/changes.js";
import { useLive } from "../orders/live.js";
import { storyOf, type StoryOrder } from "../orders/story.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Alert, Loading, ProblemAlert, StatusBadge } from "../ui.js";
import { OrderActions } from "./parts/order-actions.js";

export function OrderPage({ id }: { id: string }) {
  const { api, user, services } = useSession();
  const { t } = useI18n();
  const loaded = useLoad((signal) => readOrder(api, id, signal), [id]);
  const watched = loaded.data
    ? [{ order: { ...loaded.data.order, etag: loaded.data.etag }, place: { uid: user?.uid ?? "", id } }]
    : [];
  const [order] = useLive<StoryOrder>(services.firestore, watched);
  usePageTitle(order ? t.order.title(order.order_number) : t.orders.title);
  const missing = isApiProblem(loaded.error) && loaded.error.code === "order_not_found";
  return (
    <section class="card order-page" aria-labelledby="order-title">
      <p>
        <a href="#/orders">{t.order.back}</a>
      </p>
      {!order && <h1 id="order-title">{loaded.loading ? t.frame.loading : t.orders.title}</h1>}
      {loaded.loading && !order && <Loading>{t.frame.loading}</Loading>}
      {missing ? <Alert>{t.order.notFound}</Alert> : <ProblemAlert error={loaded.error} />}
      {order && (
        <OrderStory
          order={order}
          onChanged={(changed: Based) => {
            loaded.update(() => changed);
          }}
        />
      )}
    </section>
  );
}

function OrderStory({
  order,
  onChanged,
}: {
  order: StoryOrder & { etag: string | undefined };
  onChanged: (changed: Based) => void;
}) {
  const { t, money, when } = useI18n();
  const story = storyOf(order, t);
  return (
    <>
      <h1 id="order-title">{t.order.title(order.order_number)}</h1>
      <dl class="facts">
        <dt>{t.order.item}</dt>
        <dd class="item-name">{order.item}</dd>
        <dt>{t.order.amount}</dt>
        <dd class="money">{money(order.amount, order.currency)}</dd>
        <dt>{t.order.status}</dt>
        <dd aria-live="polite">
          <StatusBadge status={order.status} />
        </dd>
        <dt>{t.order.placed}</dt>
        <dd>{when(order.created_at)}</dd>
      </dl>
      {order.lines && order.lines.length > 0 && (
        <>
          <h2>{t.order.lines}</h2>
          <table class="lines">
            <thead>
              <tr>
                <th scope="col">{t.order.product}</th>
                <th scope="col">{t.order.quantity}</th>
                <th scope="col">{t.order.unitPrice}</th>
                <th scope="col">{t.order.lineTotal}</th>
              </tr>
            </thead>
            <tbody>
              {order.lines.map((line) => (
                <tr key={line.product_id}>
                  <td>{line.name}</td>
                  <td>{line.quantity}</td>
                  <td class="money">{money(line.unit_price, order.currency)}</td>
                  <td class="money">{money(line.line_total, order.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <OrderActions order={order} onChanged={onChanged} />
      <h2>{t.order.story}</h2>
      <ol class="story" aria-live="polite">
        {story.map((event) => (
          <li key={`${event.text}-${event.at ?? ""}`} class={`event event-${event.tone}`}>
            <span class="event-text">{event.text}</span>
            {event.at && (
              <>
                {" "}
                <time dateTime={event.at}>{when(event.at)}</time>
              </>
            )}
            {event.detail && <p class="event-detail">{event.detail}</p>}
          </li>
        ))}
      </ol>
    </>
  );
}
