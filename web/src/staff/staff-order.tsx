/**
 * One order as staff see it: the customer, the order, the SMS sent about it (kept current: the
 * order's own state by a Firestore listener, the status notices by asking again until they settle),
 * the audit trail, and Complete or Cancel (Cancel asks first, with a reason).
 */
import { isApiProblem } from "@customer-orders/client";
import { useEffect, useRef, useState } from "preact/hooks";
import { useLoad } from "../hooks/use-load.js";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import { useLive } from "../orders/live.js";
import { smsSettled, staffSmsText } from "../orders/sms.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Alert, Loading, ProblemAlert, StatusBadge } from "../ui.js";
import { CancelDialog } from "./cancel-dialog.js";
import { changeStatus, readStaffOrder, type StaffBased, type StatusChange } from "./staff-changes.js";

/** How often, and how many times at most, the page asks again while a status notice is on its way. */
const NOTICE_POLL_MS = 2_000;
const NOTICE_POLLS = 60;

/**
 * The version of the order shown changed by someone else (a live update, not this page's own
 * change): the page says so, since a decision may have been begun on the state before.
 */
function useChangedWhileShown(order: { item: string; amount: string; status: string } | undefined): {
  changed: string | undefined;
  mine: () => void;
} {
  const seen = useRef<string | undefined>(undefined);
  const own = useRef(false);
  const [changed, setChanged] = useState<string | undefined>(undefined);
  const shown = order ? JSON.stringify([order.item, order.amount, order.status]) : undefined;
  useEffect(() => {
    if (shown === undefined) return;
    if (seen.current !== undefined && seen.current !== shown) {
      if (own.current) own.current = false;
      else setChanged(shown);
    }
    seen.current = shown;
  }, [shown]);
  return {
    changed,
    /** The next change shown is this page's own. */
    mine: () => {
      own.current = true;
      setChanged(undefined);
    },
  };
}

export function StaffOrderPage({ number }: { number: string }) {
  const { api, services } = useSession();
  const { t, money, when } = useI18n();
  usePageTitle(t.staff.detailTitle(number));
  const loaded = useLoad((signal) => readStaffOrder(api, number, signal), [number]);
  const [order] = useLive(
    services.firestore,
    loaded.data
      ? [
          {
            order: { ...loaded.data.order, etag: loaded.data.etag },
            place: { uid: loaded.data.order.customer.uid, id: loaded.data.order.id },
          },
        ]
      : [],
  );
  const [done, setDone] = useState<{ text: string; at: string } | undefined>(undefined);
  const changedLive = useChangedWhileShown(order);
  const [cancelling, setCancelling] = useState(false);
  const action = useSubmit();

  // Status notices live beside the order, out of the listener's reach: ask again until they settle.
  const unsettled = (loaded.data?.order.status_messages ?? []).some((message) => !smsSettled(message.sms));
  const polls = useRef(0);
  useEffect(() => {
    if (!unsettled || polls.current >= NOTICE_POLLS) return undefined;
    const timer = setTimeout(() => {
      polls.current++;
      loaded.reload();
    }, NOTICE_POLL_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [unsettled, loaded.data, loaded.reload]);

  const change = (status: StatusChange["status"], reason?: string) =>
    action.submit(async () => {
      if (!order?.etag) return;
      setDone(undefined);
      const changed: StaffBased = await changeStatus(
        api,
        { order, etag: order.etag },
        { status, ...(reason ? { reason } : {}) },
      );
      setCancelling(false);
      polls.current = 0;
      changedLive.mine();
      loaded.update(() => changed);
      // The answer to a change carries no status notices: read the order again for the one just made.
      loaded.reload();
      setDone({ text: t.staff.now(number, t.status[changed.order.status]), at: new Date().toISOString() });
    });

  const missing = isApiProblem(loaded.error) && loaded.error.code === "order_not_found";
  const stale = isApiProblem(action.error) && action.error.code === "precondition_failed";
  return (
    <section class="card" aria-labelledby="detail-title">
      <p>
        <a href="#/staff">{t.staff.back}</a>
      </p>
      <h1 id="detail-title">{t.staff.detailTitle(number)}</h1>
      {loaded.loading && !order && <Loading>{t.staff.loading}</Loading>}
      {missing ? <Alert>{t.staff.notFound(number)}</Alert> : <ProblemAlert error={loaded.error} />}
      <ProblemAlert error={action.error}>
        {stale && (
          <>
            {" "}
            <button
              type="button"
              onClick={() => {
                action.clear();
                loaded.reload();
              }}
            >
              {t.staff.reload}
            </button>
          </>
        )}
      </ProblemAlert>
      {done && (
        <Alert key={done.at} kind="success">
          {done.text}
        </Alert>
      )}
      {changedLive.changed && (
        <Alert key={changedLive.changed} kind="info">
          {t.staff.changed(number)}
        </Alert>
      )}
      {order && (
        <>
          <dl class="facts">
            <dt>{t.staff.customer}</dt>
            <dd>
              {order.customer.username}, <span class="nowrap">{order.customer.phone_number}</span>
              {order.customer.sms_opted_out && (
                <>
                  {" "}
                  <span class="badge unproven" id="customer-sms-opted-out">
                    {t.staff.optedOut}
                  </span>
                </>
              )}
            </dd>
            <dt>{t.staff.item}</dt>
            <dd class="item-name">{order.item}</dd>
            <dt>{t.staff.amount}</dt>
            <dd class="money">{money(order.amount, order.currency)}</dd>
            <dt>{t.staff.placed}</dt>
            <dd>{when(order.created_at)}</dd>
            <dt>{t.staff.status}</dt>
            <dd aria-live="polite">
              <StatusBadge status={order.status} />
            </dd>
          </dl>
          {order.status === "Pending" && (
            <div class="actions">
              <button type="button" class="primary" disabled={action.busy} onClick={() => void change("Completed")}>
                {t.staff.completeOrder}
              </button>
              <button
                type="button"
                class="danger"
                disabled={action.busy}
                onClick={() => {
                  setCancelling(true);
                }}
              >
                {t.staff.cancelOrder}
              </button>
            </div>
          )}
          {cancelling && (
            <CancelDialog
              number={number}
              busy={action.busy}
              onCancel={(reason) => void change("Canceled", reason)}
              onKeep={() => {
                setCancelling(false);
              }}
            />
          )}
          <h2>{t.staff.smsTitle}</h2>
          <ul class="sms-list" aria-live="polite">
            <li>
              {t.staff.confirmation}: {staffSmsText(order.sms, t)}
              {order.sms.cost ? ` · ${t.staff.cost(order.sms.cost)}` : ""}
            </li>
            {(order.status_messages ?? []).map((message) => (
              <li key={message.to_status}>
                {t.staff.notice(t.status[message.to_status])}: {staffSmsText(message.sms, t)}
              </li>
            ))}
          </ul>
          <h2>{t.staff.audit}</h2>
          {order.audit.length === 0 ? (
            <p>{t.staff.noAudit}</p>
          ) : (
            <ol class="audit">
              {order.audit.map((entry) => (
                <li key={entry.at}>
                  {t.staff.auditEntry(when(entry.at), entry.by, t.status[entry.from], t.status[entry.to])}
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
