/**
 * Staff's desk: every customer's orders, Pending first by default, filtered by status and the day
 * they were placed, with Complete on each Pending row.
 */
import { nextCursor, unwrap, type Order, type StaffOrder } from "@customer-orders/client";
import { useEffect, useState } from "preact/hooks";
import { useLoad } from "../hooks/use-load.js";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import { staffSmsText } from "../orders/sms.js";
import { LocalProblem, shown } from "../problems.js";
import { go } from "../router.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Alert, Field, Loading, Pager, ProblemAlert, StatusBadge } from "../ui.js";
import { useNewOrders } from "./new-orders.js";
import { basisOfRow, changeStatus, StaffOrderChanged } from "./staff-changes.js";

const PAGE_SIZE = 20;

interface Filters {
  status: "" | Order["status"];
  from: string;
  to: string;
  /** A phone number or the start of a username. */
  customer: string;
}

interface Page {
  orders: StaffOrder[];
  next: string | undefined;
}

/** A date input's day as the start (or end) of that day in the browser's time zone, as ISO 8601. */
function dayBound(day: string, end: boolean): string | undefined {
  if (!day) return undefined;
  const date = new Date(`${day}T${end ? "23:59:59.999" : "00:00:00.000"}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

export function StaffOrders() {
  const { api } = useSession();
  const { t } = useI18n();
  const fresh = useNewOrders();
  usePageTitle(fresh > 0 ? `(${fresh}) ${t.staff.title}` : t.staff.title);
  const [filters, setFilters] = useState<Filters>({ status: "Pending", from: "", to: "", customer: "" });
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [lookup, setLookup] = useState("");
  const cursor = cursors[cursors.length - 1];
  // Dates as the inputs give them (YYYY-MM-DD) compare as text.
  const inverted = Boolean(filters.from && filters.to && filters.to < filters.from);

  const page = useLoad(
    async (signal): Promise<Page> => {
      if (inverted) throw new LocalProblem(t.problem.fields, { to: t.staff.inverted });
      const from = dayBound(filters.from, false);
      const to = dayBound(filters.to, true);
      const customer = filters.customer.trim();
      const result = await api.api.GET("/staff/orders/", {
        params: {
          query: {
            limit: PAGE_SIZE,
            ...(filters.status ? { status: filters.status } : {}),
            ...(from ? { from } : {}),
            ...(to ? { to } : {}),
            ...(customer ? { customer } : {}),
            ...(cursor ? { cursor } : {}),
          },
        },
        signal,
      });
      return { orders: unwrap(result), next: nextCursor(result.response.headers.get("Link")) };
    },
    [filters, cursor, inverted],
  );

  const setFilter = (change: Partial<Filters>) => {
    setFilters({ ...filters, ...change });
    setCursors([undefined]);
  };
  // A new order joins the list as it arrives (the first page holds the newest).
  const { reload } = page;
  useEffect(() => {
    if (fresh > 0) reload();
  }, [fresh, reload]);
  const fields = page.error === undefined ? {} : shown(page.error, t).fields;
  const replaceRow = (order: StaffOrder) => {
    page.update(
      (current) => current && { ...current, orders: current.orders.map((row) => (row.id === order.id ? order : row)) },
    );
  };

  return (
    <div class="staff">
      <section class="card" aria-labelledby="find-title">
        <h1 id="find-title">{t.staff.title}</h1>
        <p class="hint" role="status" id="new-orders">
          {fresh > 0 ? t.today.newOrders(fresh) : ""}
        </p>
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
            label={t.staff.lookup}
            hint={t.staff.lookupHint}
            value={lookup}
            onValue={setLookup}
            autocomplete="off"
          />
          <button type="submit">{t.staff.open}</button>
        </form>
        <div class="row filters" role="group" aria-label={t.staff.filters}>
          <div class="field">
            <label for="staff-status">{t.staff.status}</label>
            <select
              id="staff-status"
              value={filters.status}
              onChange={(event) => {
                setFilter({ status: event.currentTarget.value as Filters["status"] });
              }}
            >
              <option value="">{t.staff.any}</option>
              <option value="Pending">{t.status.Pending}</option>
              <option value="Completed">{t.status.Completed}</option>
              <option value="Canceled">{t.status.Canceled}</option>
            </select>
          </div>
          <Field
            id="from"
            label={t.staff.from}
            type="date"
            value={filters.from}
            onValue={(from) => {
              setFilter({ from });
            }}
            error={fields.from}
          />
          <Field
            id="to"
            label={t.staff.to}
            type="date"
            value={filters.to}
            onValue={(to) => {
              setFilter({ to });
            }}
            error={fields.to}
          />
          <Field
            id="customer"
            type="search"
            label={t.staff.customerSearch}
            hint={t.staff.customerSearchHint}
            value={filters.customer}
            onValue={(customer) => {
              setFilter({ customer });
            }}
            error={fields.customer}
            autocomplete="off"
          />
        </div>
        <ProblemAlert error={page.error} />
        {page.loading && <Loading>{t.staff.loading}</Loading>}
        {page.data && page.data.orders.length === 0 && !page.loading && <p>{t.staff.none}</p>}
        {page.data && page.data.orders.length > 0 && (
          <div class="table-wrap" role="region" aria-label={t.staff.tableRegion} tabIndex={0}>
            <table class="staff-table" aria-busy={page.loading ? "true" : undefined}>
              <caption class="visually-hidden">{t.staff.caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t.staff.order}</th>
                  <th scope="col">{t.staff.customer}</th>
                  <th scope="col">{t.staff.item}</th>
                  <th scope="col">{t.staff.amount}</th>
                  <th scope="col">{t.staff.status}</th>
                  <th scope="col">{t.staff.confirmationSms}</th>
                  <th scope="col">{t.staff.actions}</th>
                </tr>
              </thead>
              <tbody>
                {page.data.orders.map((order) => (
                  <StaffRow key={order.id} order={order} onChanged={replaceRow} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager cursors={cursors} next={page.data?.next} onCursors={setCursors} />
      </section>
    </div>
  );
}

function StaffRow({ order, onChanged }: { order: StaffOrder; onChanged: (order: StaffOrder) => void }) {
  const { api } = useSession();
  const { t, money, when } = useI18n();
  const completing = useSubmit();
  const [done, setDone] = useState(false);
  return (
    <tr>
      <td>
        <a href={`#/staff/orders/${order.order_number}`}>#{order.order_number}</a>
        <br />
        <small>{when(order.created_at)}</small>
      </td>
      <td>
        {order.customer.username}
        <br />
        <small class="nowrap">{order.customer.phone_number}</small>
      </td>
      <td class="item-name">{order.item}</td>
      <td class="money">{money(order.amount, order.currency)}</td>
      <td>
        <StatusBadge status={order.status} />
      </td>
      <td>{staffSmsText(order.sms, t)}</td>
      <td class="row-actions">
        {order.status === "Pending" && (
          <button
            type="button"
            class="primary"
            disabled={completing.busy}
            aria-label={t.staff.completeLabel(order.order_number)}
            onClick={() =>
              void completing.submit(async () => {
                try {
                  const changed = await changeStatus(api, await basisOfRow(api, order), { status: "Completed" });
                  setDone(true);
                  onChanged(changed.order);
                } catch (error) {
                  if (error instanceof StaffOrderChanged) onChanged(error.current.order);
                  throw error;
                }
              })
            }
          >
            {t.staff.complete}
          </button>
        )}
        {done && (
          <Alert kind="success">
            <span class="visually-hidden">{t.staff.completed(order.order_number)}</span>
            <span aria-hidden="true">✓</span>
          </Alert>
        )}
        <ProblemAlert error={completing.error} />
      </td>
    </tr>
  );
}
