/**
 * Live order state from Firestore: each order on the page is watched where the security rules let
 * its owner (and staff) read it, so a status change or an SMS delivery shows without polling. The
 * API gave the page; the listeners only bring later changes of the fields that move, and the stored
 * version, which is the order's ETag: what is shown and the ETag a change sends always go together.
 */
import type { Order } from "@customer-orders/client";
import type { Firestore, Timestamp, Unsubscribe } from "firebase/firestore";
import { useEffect, useState } from "preact/hooks";

/** The stored fields the page shows (the stored document is written only by the API). */
interface StoredOrder {
  item: string;
  amount_minor: number;
  status: Order["status"];
  version: number;
  updated_at: Timestamp;
  history?: { at: Timestamp; status: Order["status"]; by: "customer" | "shop"; reason: string | null }[];
  sms: {
    status: Order["sms"]["status"];
    error_code: string | null;
    delivery_status?: string | null;
    updated_at: Timestamp | null;
  };
}

/** An order as a page shows it, with the ETag of exactly that state when the page knows it. */
export type LiveOrder<Shown extends Order = Order> = Shown & {
  /** The ETag of the state shown; undefined until known (the API's lists carry none). */
  etag: string | undefined;
};

function amountOf(minor: number): string {
  return `${String(Math.trunc(minor / 100))}.${String(Math.abs(minor % 100)).padStart(2, "0")}`;
}

function merged<Shown extends Order>(order: LiveOrder<Shown>, stored: StoredOrder): LiveOrder<Shown> {
  return {
    ...order,
    item: stored.item,
    amount: amountOf(stored.amount_minor),
    status: stored.status,
    updated_at: stored.updated_at.toDate().toISOString(),
    history: stored.history
      ? stored.history.map((entry) => ({ ...entry, at: entry.at.toDate().toISOString() }))
      : order.history,
    etag: `"${String(stored.version)}"`,
    sms: {
      ...order.sms,
      status: stored.sms.status,
      error_code: stored.sms.error_code,
      delivery_status: stored.sms.delivery_status ?? null,
      updated_at: stored.sms.updated_at ? stored.sms.updated_at.toDate().toISOString() : null,
    },
  };
}

/** How long a refused listener first waits before it listens again; each refusal doubles it, to a minute. */
const RELISTEN_MS = 3_000;
const RELISTEN_MAX_MS = 60_000;

/** Where an order is stored: its owner's uid and its id. */
export interface OrderPlace {
  uid: string;
  id: string;
}

/**
 * The orders given, each kept current by a listener on its stored document. A listener's state
 * replaces the given one only when it is newer (a higher version, or the same version with newer SMS
 * state), so an answer the page just got from the API is never rolled back by a late snapshot.
 */
export function useLive<Shown extends Order>(
  firestore: () => Promise<Firestore>,
  orders: { order: LiveOrder<Shown>; place: OrderPlace }[],
): LiveOrder<Shown>[] {
  const [live, setLive] = useState<Record<string, StoredOrder>>({});
  const ids = orders.map(({ place }) => `${place.uid}/${place.id}`).join(",");
  useEffect(() => {
    setLive({});
    let stopped = false;
    const stops: Unsubscribe[] = [];
    const retries: ReturnType<typeof setTimeout>[] = [];
    void Promise.all([firestore(), import("../firestore.js")]).then(([db, { doc, onSnapshot }]) => {
      const listen = (place: OrderPlace, refusals = 0) => {
        if (stopped) return;
        stops.push(
          onSnapshot(
            doc(db, "users", place.uid, "orders", place.id),
            (snapshot) => {
              const stored = snapshot.data() as StoredOrder | undefined;
              if (stored) setLive((current) => ({ ...current, [place.id]: stored }));
            },
            // A listener that fails is over (the SDK retries a lost connection itself; this is a
            // refusal, which a busy backend can give for a moment): the page keeps what the API gave
            // it and listens again after a pause that grows, so it does not stop following the order.
            () => {
              retries.push(
                setTimeout(
                  () => {
                    listen(place, refusals + 1);
                  },
                  Math.min(RELISTEN_MAX_MS, RELISTEN_MS * 2 ** refusals),
                ),
              );
            },
          ),
        );
      };
      for (const { place } of orders) listen(place);
    });
    return () => {
      stopped = true;
      for (const retry of retries) clearTimeout(retry);
      for (const stop of stops) stop();
    };
    // The listeners follow the set of orders shown, not each re-render of it.
  }, [firestore, ids]);
  return orders.map(({ order }) => {
    const stored = live[order.id];
    if (!stored) return order;
    const shownVersion = order.etag ? Number(order.etag.replace(/"/g, "")) : -1;
    return stored.version >= shownVersion ? merged(order, stored) : order;
  });
}
