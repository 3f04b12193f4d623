/**
 * Live order state from Firestore: each order on the page is watched where the security rules let
 * its owner (and staff) read it, so a status change or an SMS delivery shows without polling. The
 * API gave the page; the listeners only bring later changes of the fields that move.
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
  sms: {
    status: Order["sms"]["status"];
    error_code: string | null;
    delivery_status?: string | null;
    updated_at: Timestamp | null;
  };
}

export interface LiveOrder extends Order {
  /** The ETag to send with a change: the stored version. */
  etag: string;
}

function amountOf(minor: number): string {
  return `${String(Math.trunc(minor / 100))}.${String(Math.abs(minor % 100)).padStart(2, "0")}`;
}

function merged(order: LiveOrder, stored: StoredOrder): LiveOrder {
  return {
    ...order,
    item: stored.item,
    amount: amountOf(stored.amount_minor),
    status: stored.status,
    updated_at: stored.updated_at.toDate().toISOString(),
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

/** The page's orders, kept current by one listener per order. */
export function useLiveOrders(firestore: () => Promise<Firestore>, uid: string, page: LiveOrder[]): LiveOrder[] {
  const [live, setLive] = useState<Record<string, StoredOrder>>({});
  const ids = page.map((order) => order.id).join(",");
  useEffect(() => {
    setLive({});
    let stopped = false;
    const stops: Unsubscribe[] = [];
    void Promise.all([firestore(), import("./firestore.js")]).then(([db, { doc, onSnapshot }]) => {
      if (stopped) return;
      for (const order of page) {
        stops.push(
          onSnapshot(doc(db, "users", uid, "orders", order.id), (snapshot) => {
            const stored = snapshot.data() as StoredOrder | undefined;
            if (stored) setLive((current) => ({ ...current, [order.id]: stored }));
          }),
        );
      }
    });
    return () => {
      stopped = true;
      for (const stop of stops) stop();
    };
    // The listeners follow the set of orders on the page, not each re-render of it.
  }, [firestore, uid, ids]);
  return page.map((order) => {
    const stored = live[order.id];
    return stored ? merged(order, stored) : order;
  });
}
