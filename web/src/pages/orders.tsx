/** The customer's orders: place one, page through them by status, edit or cancel a Pending one, live. */
import { nextCursor, unwrap, type Order } from "@customer-orders/client";
import { useCallback, useEffect, useState } from "preact/hooks";
import { newIdempotencyKey, shown, type Shown } from "../api.js";
import { useLiveOrders, type LiveOrder } from "../live.js";
import { useSession } from "../session.js";
import { Alert, Field, formatMoney, formatWhen, Pager, smsText } from "../ui.js";

const PAGE_SIZE = 10;
type StatusFilter = "" | Order["status"];

interface Page {
  orders: LiveOrder[];
  next: string | undefined;
}

export function Orders() {
  const { api, user, profile } = useSession();
  const [status, setStatus] = useState<StatusFilter>("");
  // The cursors of the pages before this one, so "Newer" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState<Page | undefined>(undefined);
  const [loadProblem, setLoadProblem] = useState<Shown | undefined>(undefined);
  const cursor = cursors[cursors.length - 1];

  const load = useCallback(async () => {
    setLoadProblem(undefined);
    try {
      const result = await api.api.GET("/orders/", {
        params: { query: { limit: PAGE_SIZE, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } },
      });
      const orders = unwrap(result).map((order) => ({ ...order, etag: "" }));
      setPage({ orders, next: nextCursor(result.response.headers.get("Link")) });
    } catch (error) {
      setLoadProblem(shown(error));
    }
  }, [api, status, cursor]);

  useEffect(() => {
    void load();
  }, [load]);

  const firstPage = () => {
    setCursors([undefined]);
  };

  return (
    <div class="orders">
      {typeof profile === "object" && !profile.phone_verified && (
        <p class="notice">
          Your mobile number is not proven yet, so no SMS goes to it. <a href="#/verify">Prove it now</a>.
        </p>
      )}
      <NewOrder
        onPlaced={() => {
          if (cursors.length === 1 && !status) void load();
          else {
            setStatus("");
            firstPage();
          }
        }}
      />
      <section aria-labelledby="orders-title" class="card">
        <h2 id="orders-title">Your orders</h2>
        <div class="toolbar">
          <label for="status-filter">Show</label>
          <select
            id="status-filter"
            value={status}
            onChange={(event) => {
              setStatus(event.currentTarget.value as StatusFilter);
              firstPage();
            }}
          >
            <option value="">All orders</option>
            <option value="Pending">Pending</option>
            <option value="Completed">Completed</option>
            <option value="Canceled">Canceled</option>
          </select>
        </div>
        {loadProblem && <Alert>{loadProblem.message}</Alert>}
        {page && user && (
          <OrderList
            uid={user.uid}
            orders={page.orders}
            onChanged={() => {
              void load();
            }}
          />
        )}
        <Pager cursors={cursors} next={page?.next} onCursors={setCursors} />
      </section>
    </div>
  );
}

function NewOrder({ onPlaced }: { onPlaced: () => void }) {
  const { api } = useSession();
  const [item, setItem] = useState("");
  const [amount, setAmount] = useState("");
  // One key per order meant: a double tap or a retry after a lost answer makes one order.
  const [key, setKey] = useState(newIdempotencyKey);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Shown | undefined>(undefined);
  const [placed, setPlaced] = useState<string | undefined>(undefined);
  return (
    <section aria-labelledby="new-order-title" class="card">
      <h2 id="new-order-title">Place an order</h2>
      {problem && <Alert>{problem.message}</Alert>}
      {placed && <Alert kind="success">Order {placed} placed. We'll text you when it's confirmed.</Alert>}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (busy) return;
          setBusy(true);
          setProblem(undefined);
          setPlaced(undefined);
          void (async () => {
            try {
              const order = unwrap(
                await api.api.POST("/orders/", {
                  params: { header: { "Idempotency-Key": key } },
                  body: { item, amount: amount.trim() },
                }),
              );
              setPlaced(order.order_number);
              setItem("");
              setAmount("");
              setKey(newIdempotencyKey());
              onPlaced();
            } catch (error) {
              setProblem(shown(error));
            } finally {
              setBusy(false);
            }
          })();
        }}
      >
        <div class="row">
          <Field
            id="item"
            label="Item"
            required
            maxLength={255}
            value={item}
            onValue={(value) => {
              setItem(value);
              setKey(newIdempotencyKey());
            }}
            error={problem?.fields.item}
          />
          <Field
            id="amount"
            label="Amount"
            inputMode="decimal"
            hint="e.g. 1200 or 1200.50"
            required
            value={amount}
            onValue={(value) => {
              setAmount(value);
              setKey(newIdempotencyKey());
            }}
            error={problem?.fields.amount}
          />
        </div>
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Placing…" : "Place order"}
        </button>
      </form>
    </section>
  );
}

function OrderList({ uid, orders, onChanged }: { uid: string; orders: LiveOrder[]; onChanged: () => void }) {
  const { services } = useSession();
  const live = useLiveOrders(services.firestore, uid, orders);
  if (live.length === 0) return <p>No orders here yet.</p>;
  return (
    <ul class="order-list">
      {live.map((order) => (
        <OrderItem key={order.id} order={order} onChanged={onChanged} />
      ))}
    </ul>
  );
}

function OrderItem({ order, onChanged }: { order: LiveOrder; onChanged: () => void }) {
  const { api } = useSession();
  const [editing, setEditing] = useState(false);
  const [confirmCancel, setConfirmCancel] = useState(false);
  const [item, setItem] = useState(order.item);
  const [amount, setAmount] = useState(order.amount);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Shown | undefined>(undefined);
  const etag = order.etag || undefined;

  const change = async (body: { item?: string; amount?: string; status?: "Canceled" }) => {
    setBusy(true);
    setProblem(undefined);
    try {
      unwrap(
        await api.api.PATCH("/orders/{id}/", {
          params: { path: { id: order.id }, header: etag ? { "If-Match": etag } : {} },
          body,
        }),
      );
      setEditing(false);
      setConfirmCancel(false);
      onChanged();
    } catch (error) {
      setProblem(shown(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class="order" aria-labelledby={`order-${order.id}`}>
      <div class="order-head">
        <h3 id={`order-${order.id}`}>{order.item}</h3>
        <span class={`badge status-${order.status.toLowerCase()}`}>{order.status}</span>
      </div>
      <p class="order-meta">
        {formatMoney(order.amount, order.currency)} · #{order.order_number} · {formatWhen(order.created_at)}
      </p>
      <p class="sms" aria-live="polite">
        {smsText(order.sms)}
      </p>
      {problem && <Alert>{problem.message}</Alert>}
      {order.status === "Pending" && !editing && !confirmCancel && (
        <div class="actions">
          <button
            type="button"
            onClick={() => {
              setItem(order.item);
              setAmount(order.amount);
              setEditing(true);
            }}
          >
            Edit
          </button>
          <button
            type="button"
            onClick={() => {
              setConfirmCancel(true);
            }}
          >
            Cancel order
          </button>
        </div>
      )}
      {confirmCancel && (
        <div class="actions" role="group" aria-label="Confirm cancelling">
          <span>Cancel this order?</span>
          <button type="button" class="danger" disabled={busy} onClick={() => void change({ status: "Canceled" })}>
            Yes, cancel it
          </button>
          <button
            type="button"
            onClick={() => {
              setConfirmCancel(false);
            }}
          >
            Keep it
          </button>
        </div>
      )}
      {editing && (
        <form
          class="edit"
          onSubmit={(event) => {
            event.preventDefault();
            void change({ item, amount: amount.trim() });
          }}
        >
          <Field
            id={`item-${order.id}`}
            label="Item"
            required
            value={item}
            onValue={setItem}
            error={problem?.fields.item}
          />
          <Field
            id={`amount-${order.id}`}
            label="Amount"
            inputMode="decimal"
            required
            value={amount}
            onValue={setAmount}
            error={problem?.fields.amount}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              Save
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(false);
              }}
            >
              Discard
            </button>
          </div>
        </form>
      )}
    </li>
  );
}
