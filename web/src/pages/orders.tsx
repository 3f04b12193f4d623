/**
 * The customer's orders: place one, page through them by status, edit or cancel a Pending one, live.
 * Offline, the last orders this phone saw are shown, marked as such.
 */
import { nextCursor, unwrap, type Order } from "@customer-orders/client";
import { useState } from "preact/hooks";
import { useLoad } from "../hooks/use-load.js";
import { useI18n } from "../i18n/i18n.js";
import type { Based } from "../orders/changes.js";
import { useLive, type LiveOrder } from "../orders/live.js";
import { savedOffline, saveOffline } from "../offline.js";
import { isOffline } from "../problems.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Loading, Pager, ProblemAlert } from "../ui.js";
import { NewOrder } from "./parts/new-order.js";
import { OrderItem } from "./parts/order-item.js";

const PAGE_SIZE = 10;
type StatusFilter = "" | Order["status"];

interface Page {
  orders: LiveOrder[];
  next: string | undefined;
  /** Set when the page comes from what this phone saved, not from the shop. */
  savedAt?: string;
}

const withoutEtag = (order: Order): LiveOrder => ({ ...order, etag: undefined });

export function Orders() {
  const { api, user, profile } = useSession();
  const { t, when } = useI18n();
  usePageTitle(t.orders.title);
  const uid = user?.uid ?? "";
  const [status, setStatus] = useState<StatusFilter>("");
  // The cursors of the pages before this one, so "Newer" can go back.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const first = !status && !cursor;

  const page = useLoad(
    async (signal): Promise<Page> => {
      try {
        const result = await api.api.GET("/orders/", {
          params: { query: { limit: PAGE_SIZE, ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) } },
          signal,
        });
        const orders = unwrap(result);
        if (first) saveOffline(uid, "orders", orders);
        return { orders: orders.map(withoutEtag), next: nextCursor(result.response.headers.get("Link")) };
      } catch (error) {
        const saved = first && isOffline(error) ? savedOffline<Order[]>(uid, "orders") : undefined;
        if (!saved) throw error;
        return { orders: saved.value.map(withoutEtag), next: undefined, savedAt: saved.saved_at };
      }
    },
    [uid, status, cursor],
  );

  const onChanged = ({ order, etag }: Based) => {
    page.update(
      (current) =>
        current && {
          ...current,
          orders: current.orders.map((shown) => (shown.id === order.id ? { ...order, etag } : shown)),
        },
    );
  };

  return (
    <div class="orders">
      {typeof profile === "object" && !profile.phone_verified && (
        <p class="notice">
          {t.orders.unprovenNotice} <a href="#/verify">{t.orders.proveNow}</a>
        </p>
      )}
      <NewOrder
        onPlaced={() => {
          if (first) page.reload();
          else {
            setStatus("");
            setCursors([undefined]);
          }
        }}
      />
      <section aria-labelledby="orders-title" class="card">
        <h2 id="orders-title">{t.orders.title}</h2>
        <div class="toolbar">
          <label for="status-filter">{t.orders.show}</label>
          <select
            id="status-filter"
            value={status}
            onChange={(event) => {
              setStatus(event.currentTarget.value as StatusFilter);
              setCursors([undefined]);
            }}
          >
            <option value="">{t.orders.all}</option>
            <option value="Pending">{t.status.Pending}</option>
            <option value="Completed">{t.status.Completed}</option>
            <option value="Canceled">{t.status.Canceled}</option>
          </select>
        </div>
        <ProblemAlert error={page.error} />
        {page.data?.savedAt && <p class="notice saved">{t.orders.cached(when(page.data.savedAt))}</p>}
        {page.loading && <Loading>{t.orders.loading}</Loading>}
        {page.data && (
          <OrderList
            uid={uid}
            page={page.data}
            busy={page.loading}
            empty={status ? t.orders.emptyFiltered[status] : t.orders.empty}
            onChanged={onChanged}
          />
        )}
        <Pager cursors={cursors} next={page.data?.next} onCursors={setCursors} />
      </section>
    </div>
  );
}

function OrderList({
  uid,
  page,
  busy,
  empty,
  onChanged,
}: {
  uid: string;
  page: Page;
  busy: boolean;
  empty: string;
  onChanged: (changed: Based) => void;
}) {
  const { services } = useSession();
  // What this phone saved is not watched: it is shown as it was saved.
  const watched = page.savedAt ? [] : page.orders.map((order) => ({ order, place: { uid, id: order.id } }));
  const live = useLive(services.firestore, watched);
  const orders = page.savedAt ? page.orders : live;
  if (orders.length === 0) return busy ? null : <p>{empty}</p>;
  return (
    <ul class="order-list" aria-busy={busy ? "true" : undefined}>
      {orders.map((order) => (
        <OrderItem key={order.id} order={order} onChanged={onChanged} />
      ))}
    </ul>
  );
}
