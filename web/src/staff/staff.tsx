/**
 * The staff side: every customer's orders with filters, one order's audit trail and SMS, and the
 * status changes, each sent with the ETag of the order as it was read. Loaded only when opened.
 */
import { isApiProblem, nextCursor, unwrap, type Order, type StaffOrder } from "@customer-orders/client";
import { useCallback, useEffect, useState } from "preact/hooks";
import { shown, type Shown } from "../api.js";
import { go } from "../router.js";
import { useSession } from "../session.js";
import { Alert, Field, formatMoney, formatWhen, Pager, smsText } from "../ui.js";

const PAGE_SIZE = 20;

interface Filters {
  status: "" | Order["status"];
  from: string;
  to: string;
}

/** A date input's day as the start (or end) of that day in the browser's time zone, as ISO 8601. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? "23:59:59.999" : "00:00:00.000"}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export default function Staff({ path }: { path: string }) {
  const { staff } = useSession();
  if (!staff) {
    return (
      <section class="card narrow" aria-labelledby="staff-only-title">
        <h1 id="staff-only-title">Staff only</h1>
        <Alert>This area is for staff. Your account can see and place its own orders.</Alert>
        <p>
          <a href="#/orders">Back to your orders</a>
        </p>
      </section>
    );
  }
  const number = /^\/staff\/orders\/([A-Z0-9-]+)$/.exec(path)?.[1];
  return number ? <StaffOrderDetail number={number} /> : <StaffOrders />;
}

function StaffOrders() {
  const { api } = useSession();
  const [filters, setFilters] = useState<Filters>({ status: "Pending", from: "", to: "" });
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [orders, setOrders] = useState<StaffOrder[] | undefined>(undefined);
  const [next, setNext] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<Shown | undefined>(undefined);
  const [lookup, setLookup] = useState("");
  const cursor = cursors[cursors.length - 1];

  const load = useCallback(async () => {
    setProblem(undefined);
    try {
      const from = dayBound(filters.from, false);
      const to = dayBound(filters.to, true);
      const result = await api.api.GET("/staff/orders/", {
        params: {
          query: {
            limit: PAGE_SIZE,
            ...(filters.status ? { status: filters.status } : {}),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
            ...(cursor ? { cursor } : {}),
          },
        },
      });
      setOrders(unwrap(result));
      setNext(nextCursor(result.response.headers.get("Link")));
    } catch (error) {
      setProblem(shown(error));
    }
  }, [api, filters, cursor]);

  useEffect(() => {
    void load();
  }, [load]);

  const setFilter = (change: Partial<Filters>) => {
    setFilters({ ...filters, ...change });
    setCursors([undefined]);
  };

  return (
    <div class="staff">
      <section class="card" aria-labelledby="find-title">
        <h1 id="find-title">Orders</h1>
        <form
          class="row"
          onSubmit={(event) => {
            event.preventDefault();
            const wanted = lookup.trim().toUpperCase().replace(/^#/, "");
            if (wanted) go(`/staff/orders/${wanted}`);
          }}
        >
          <Field
            id="order-number"
            label="Order number"
            hint="Opens that order"
            value={lookup}
            onValue={setLookup}
            autocomplete="off"
          />
          <button type="submit">Open</button>
        </form>
        <div class="row filters" role="group" aria-label="Filters">
          <div class="field">
            <label for="staff-status">Status</label>
            <select
              id="staff-status"
              value={filters.status}
              onChange={(event) => {
                setFilter({ status: event.currentTarget.value as Filters["status"] });
              }}
            >
              <option value="">Any</option>
              <option value="Pending">Pending</option>
              <option value="Completed">Completed</option>
              <option value="Canceled">Canceled</option>
            </select>
          </div>
          <Field
            id="from"
            label="Placed from"
            type="date"
            value={filters.from}
            onValue={(from) => {
              setFilter({ from });
            }}
            error={problem?.fields.from}
          />
          <Field
            id="to"
            label="Placed until"
            type="date"
            value={filters.to}
            onValue={(to) => {
              setFilter({ to });
            }}
            error={problem?.fields.to}
          />
        </div>
        {problem && <Alert>{problem.message}</Alert>}
        {orders && orders.length === 0 && <p>No orders match.</p>}
        {orders && orders.length > 0 && (
          <table class="staff-table">
            <caption class="visually-hidden">Orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Customer</th>
                <th scope="col">Item</th>
                <th scope="col">Amount</th>
                <th scope="col">Status</th>
                <th scope="col">Confirmation SMS</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((order) => (
                <tr key={order.id}>
                  <td>
                    <a href={`#/staff/orders/${order.order_number}`}>#{order.order_number}</a>
                    <br />
                    <small>{formatWhen(order.created_at)}</small>
                  </td>
                  <td>
                    {order.customer.username}
                    <br />
                    <small>{order.customer.phone_number}</small>
                  </td>
                  <td>{order.item}</td>
                  <td>{formatMoney(order.amount, order.currency)}</td>
                  <td>
                    <span class={`badge status-${order.status.toLowerCase()}`}>{order.status}</span>
                  </td>
                  <td>{smsText(order.sms)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <Pager cursors={cursors} next={next} onCursors={setCursors} />
      </section>
    </div>
  );
}

function StaffOrderDetail({ number }: { number: string }) {
  const { api } = useSession();
  const [order, setOrder] = useState<StaffOrder | undefined>(undefined);
  const [etag, setEtag] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<Shown | undefined>(undefined);
  const [done, setDone] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    setProblem(undefined);
    try {
      const result = await api.api.GET("/staff/orders/{order_number}/", {
        params: { path: { order_number: number } },
      });
      setOrder(unwrap(result));
      setEtag(result.response.headers.get("ETag") ?? undefined);
    } catch (error) {
      setOrder(undefined);
      setProblem(
        isApiProblem(error) && error.code === "order_not_found"
          ? { message: `No order #${number} exists.`, fields: {}, code: error.code }
          : shown(error),
      );
    }
  }, [api, number]);

  useEffect(() => {
    void load();
  }, [load]);

  const changeStatus = async (status: "Completed" | "Canceled") => {
    setBusy(true);
    setProblem(undefined);
    setDone(undefined);
    try {
      const result = await api.api.PATCH("/staff/orders/{order_number}/", {
        params: { path: { order_number: number }, header: etag ? { "If-Match": etag } : {} },
        body: { status },
      });
      unwrap(result);
      setDone(`Order #${number} is now ${status}. The customer gets an SMS.`);
      await load();
    } catch (error) {
      setProblem(shown(error));
    } finally {
      setBusy(false);
    }
  };

  const stale = problem?.code === "precondition_failed";
  return (
    <section class="card" aria-labelledby="detail-title">
      <p>
        <a href="#/staff">← All orders</a>
      </p>
      <h1 id="detail-title">Order #{number}</h1>
      {problem && (
        <Alert>
          {problem.message}{" "}
          {stale && (
            <button type="button" onClick={() => void load()}>
              Reload order
            </button>
          )}
        </Alert>
      )}
      {done && <Alert kind="success">{done}</Alert>}
      {order && (
        <>
          <dl class="facts">
            <dt>Customer</dt>
            <dd>
              {order.customer.username}, {order.customer.phone_number}
            </dd>
            <dt>Item</dt>
            <dd>{order.item}</dd>
            <dt>Amount</dt>
            <dd>{formatMoney(order.amount, order.currency)}</dd>
            <dt>Placed</dt>
            <dd>{formatWhen(order.created_at)}</dd>
            <dt>Status</dt>
            <dd>
              <span class={`badge status-${order.status.toLowerCase()}`}>{order.status}</span>
            </dd>
          </dl>
          {order.status === "Pending" && (
            <div class="actions">
              <button type="button" class="primary" disabled={busy} onClick={() => void changeStatus("Completed")}>
                Complete order
              </button>
              <button type="button" class="danger" disabled={busy} onClick={() => void changeStatus("Canceled")}>
                Cancel order
              </button>
            </div>
          )}
          <h2>SMS</h2>
          <ul class="sms-list">
            <li>
              Confirmation: {smsText(order.sms)}
              {order.sms.cost ? ` · ${order.sms.cost}` : ""}
            </li>
            {(order.status_messages ?? []).map((message) => (
              <li key={message.to_status}>
                {message.to_status} notice: {smsText(message.sms)}
              </li>
            ))}
          </ul>
          <h2>Audit trail</h2>
          {order.audit.length === 0 ? (
            <p>No status changes yet.</p>
          ) : (
            <ol class="audit">
              {order.audit.map((entry) => (
                <li key={entry.at}>
                  {formatWhen(entry.at)}: {entry.by} changed {entry.from} to {entry.to}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
