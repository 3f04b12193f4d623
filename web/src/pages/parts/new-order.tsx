/**
 * Placing an order: one Idempotency-Key per order meant, so a double tap or a retry after a lost
 * answer makes one order. Offline, nothing is sent: the form keeps the order and says it needs a
 * connection (a queued order sent hours later, when the person may have ordered by phone meanwhile,
 * would surprise more than it helps); placing it again when back online reuses the same key.
 */
import { unwrap, type Order } from "@customer-orders/client";
import { useState } from "preact/hooks";
import { newIdempotencyKey } from "../../api.js";
import { useSubmit } from "../../hooks/use-submit.js";
import { useI18n } from "../../i18n/i18n.js";
import { isOffline, LocalProblem, shown } from "../../problems.js";
import { useSession } from "../../session.js";
import { Alert, Field, ProblemAlert } from "../../ui.js";

/** The API's limit on an item's length. */
export const ITEM_MAX = 255;

export function NewOrder({ onPlaced }: { onPlaced: (order: Order) => void }) {
  const { api, profile } = useSession();
  const { t } = useI18n();
  const [item, setItem] = useState("");
  const [amount, setAmount] = useState("");
  const [key, setKey] = useState(newIdempotencyKey);
  const [placed, setPlaced] = useState<Order | undefined>(undefined);
  const { busy, error, submit } = useSubmit();
  const fields = error === undefined ? {} : shown(error, t).fields;
  const tooLong = item.length > ITEM_MAX;
  const proven = typeof profile === "object" && profile.phone_verified;
  // A changed order is another order: it gets a key of its own.
  const edit = (set: (value: string) => void) => (value: string) => {
    set(value);
    setKey(newIdempotencyKey());
  };
  return (
    <section aria-labelledby="new-order-title" class="card">
      <h2 id="new-order-title">{t.newOrder.title}</h2>
      <ProblemAlert error={error} />
      {placed && (
        <Alert key={placed.id} kind="success">
          {t.newOrder.placed(placed.order_number)} {proven ? t.newOrder.placedSms : t.newOrder.placedNoSms}{" "}
          <a href={`#/orders/${placed.id}`}>{t.newOrder.seeOrder}</a>
        </Alert>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setPlaced(undefined);
          void submit(async () => {
            if (tooLong) {
              throw new LocalProblem(t.problem.fields, { item: t.newOrder.itemTooLong(item.length, ITEM_MAX) });
            }
            let order: Order;
            try {
              order = unwrap(
                await api.api.POST("/orders/", {
                  params: { header: { "Idempotency-Key": key } },
                  body: { item, amount: amount.trim() },
                }),
              );
            } catch (caught) {
              throw isOffline(caught) ? new LocalProblem(t.newOrder.offline) : caught;
            }
            setPlaced(order);
            setItem("");
            setAmount("");
            setKey(newIdempotencyKey());
            onPlaced(order);
          });
        }}
      >
        <div class="row">
          <Field
            id="item"
            label={t.newOrder.item}
            required
            value={item}
            onValue={edit(setItem)}
            liveHint={item.length > ITEM_MAX - 55 ? t.newOrder.itemCount(item.length, ITEM_MAX) : undefined}
            error={tooLong ? t.newOrder.itemTooLong(item.length, ITEM_MAX) : fields.item}
          />
          <Field
            id="amount"
            label={t.newOrder.amount}
            inputMode="decimal"
            hint={t.newOrder.amountHint}
            required
            value={amount}
            onValue={edit(setAmount)}
            error={fields.amount}
          />
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t.newOrder.placing : t.newOrder.place}
        </button>
      </form>
    </section>
  );
}
