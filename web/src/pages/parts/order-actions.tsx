/**
 * Edit and Cancel of a Pending order, in the list and on the order's page. An edit or a cancel is
 * based on the state shown when it was begun, and sends that state's ETag. The result is told right
 * here, so focus and the page stay where the person is.
 */
import { isApiProblem } from "@customer-orders/client";
import { useEffect, useRef, useState } from "preact/hooks";
import { useSubmit } from "../../hooks/use-submit.js";
import { useI18n } from "../../i18n/i18n.js";
import { basisOf, changeOrder, OrderChanged, type Based } from "../../orders/changes.js";
import type { LiveOrder } from "../../orders/live.js";
import { shown } from "../../problems.js";
import { useSession } from "../../session.js";
import { Alert, Field, ProblemAlert } from "../../ui.js";

type Step =
  | { kind: "idle" }
  | { kind: "editing"; basis: Based; item: string; amount: string }
  | { kind: "confirming"; basis: Based };

/** Edit and Cancel for a Pending order, and what became of them. */
export function OrderActions({ order, onChanged }: { order: LiveOrder; onChanged: (changed: Based) => void }) {
  const { api } = useSession();
  const { t } = useI18n();
  const [step, setStep] = useState<Step>({ kind: "idle" });
  const [done, setDone] = useState<{ text: string; at: string } | undefined>(undefined);
  const action = useSubmit();
  const form = useRef<HTMLFormElement>(null);
  const editing = step.kind === "editing";
  useEffect(() => {
    if (editing) form.current?.querySelector("input")?.focus();
  }, [editing]);

  /** Begins a step from the state shown; a stale view shows the current state instead. */
  const begin = (next: (basis: Based) => Step) =>
    action.submit(async () => {
      setDone(undefined);
      try {
        setStep(next(await basisOf(api, order)));
      } catch (error) {
        if (error instanceof OrderChanged) onChanged(error.current);
        throw error;
      }
    });

  const change = (basis: Based, body: { item?: string; amount?: string; status?: "Canceled" }, text: string) =>
    action.submit(async () => {
      let changed: Based;
      try {
        changed = await changeOrder(api, basis, body);
      } catch (error) {
        // Changed meanwhile: the list shows it as it is now (live); begin again from there.
        if (isApiProblem(error) && error.code === "precondition_failed") setStep({ kind: "idle" });
        throw error;
      }
      setStep({ kind: "idle" });
      setDone({ text, at: new Date().toISOString() });
      onChanged(changed);
    });

  const fields = action.error === undefined ? {} : shown(action.error, t).fields;
  return (
    <div class="order-actions">
      <ProblemAlert error={action.error} />
      {done && (
        <Alert key={done.at} kind="success">
          {done.text}
        </Alert>
      )}
      {order.status === "Pending" && step.kind === "idle" && (
        <div class="actions">
          <button
            type="button"
            disabled={action.busy}
            onClick={() =>
              void begin((basis) => ({ kind: "editing", basis, item: basis.order.item, amount: basis.order.amount }))
            }
          >
            {t.order.edit}
          </button>
          <button
            type="button"
            disabled={action.busy}
            onClick={() => void begin((basis) => ({ kind: "confirming", basis }))}
          >
            {t.order.cancel}
          </button>
        </div>
      )}
      {step.kind === "confirming" && (
        <div class="actions" role="group" aria-label={t.order.confirmGroup}>
          <span>{t.order.confirmCancel}</span>
          <button
            type="button"
            class="danger"
            disabled={action.busy}
            onClick={() => void change(step.basis, { status: "Canceled" }, t.order.canceled)}
          >
            {t.order.yesCancel}
          </button>
          <button
            type="button"
            onClick={() => {
              setStep({ kind: "idle" });
            }}
          >
            {t.order.keep}
          </button>
        </div>
      )}
      {step.kind === "editing" && (
        <form
          ref={form}
          class="edit"
          onSubmit={(event) => {
            event.preventDefault();
            void change(step.basis, { item: step.item, amount: step.amount.trim() }, t.order.saved);
          }}
        >
          <Field
            id={`item-${order.id}`}
            label={t.order.item}
            required
            value={step.item}
            onValue={(item) => {
              setStep({ ...step, item });
            }}
            error={fields.item}
          />
          <Field
            id={`amount-${order.id}`}
            label={t.order.amount}
            inputMode="decimal"
            required
            value={step.amount}
            onValue={(amount) => {
              setStep({ ...step, amount });
            }}
            error={fields.amount}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={action.busy}>
              {t.order.save}
            </button>
            <button
              type="button"
              onClick={() => {
                setStep({ kind: "idle" });
              }}
            >
              {t.order.discard}
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
