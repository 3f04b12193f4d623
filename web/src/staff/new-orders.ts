/**
 * Orders placed since the staff desk was opened, counted live: one Firestore listener on every
 * customer's orders (a collection-group query staff may read) newer than the moment of opening.
 * The count shows on the desk and in the tab's title, so a desk in a background tab still says so.
 */
import { useEffect, useState } from "preact/hooks";
import { useSession } from "../session.js";

export function useNewOrders(): number {
  const { services } = useSession();
  const [count, setCount] = useState(0);
  useEffect(() => {
    const opened = new Date();
    let stopped = false;
    let stop: (() => void) | undefined;
    void Promise.all([services.firestore(), import("../firestore.js")]).then(
      ([db, { collectionGroup, onSnapshot, query, Timestamp, where }]) => {
        if (stopped) return;
        stop = onSnapshot(
          query(collectionGroup(db, "orders"), where("created_at", ">", Timestamp.fromDate(opened))),
          (snapshot) => {
            setCount(snapshot.size);
          },
          // Offline or refused: the desk still works, without the count.
          () => undefined,
        );
      },
    );
    return () => {
      stopped = true;
      stop?.();
    };
  }, [services]);
  return count;
}
