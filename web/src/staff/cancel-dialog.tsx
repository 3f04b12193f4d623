/** Asks before an order is canceled, and why: a modal dialog (Escape or "Keep it" leaves the order be). */
import { useEffect, useRef, useState } from "preact/hooks";
import { useI18n } from "../i18n/i18n.js";

export function CancelDialog({
  number,
  busy,
  onCancel,
  onKeep,
}: {
  number: string;
  busy: boolean;
  onCancel: (reason: string) => void;
  onKeep: () => void;
}) {
  const { t } = useI18n();
  const dialog = useRef<HTMLDialogElement>(null);
  const [reason, setReason] = useState("");
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => {
      element?.close();
    };
  }, []);
  return (
    <dialog
      ref={dialog}
      class="dialog"
      aria-labelledby="cancel-title"
      aria-describedby="cancel-text"
      onCancel={(event) => {
        event.preventDefault();
        onKeep();
      }}
    >
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const given = reason.trim();
          if (!given) {
            setMissing(true);
            return;
          }
          onCancel(given);
        }}
      >
        <h2 id="cancel-title">{t.staff.cancelTitle(number)}</h2>
        <p id="cancel-text">{t.staff.cancelText}</p>
        <div class="field">
          <label for="cancel-reason">{t.staff.reason}</label>
          <p class="hint" id="cancel-reason-hint">
            {t.staff.reasonHint}
          </p>
          <textarea
            id="cancel-reason"
            name="reason"
            rows={3}
            maxLength={200}
            value={reason}
            aria-invalid={missing ? "true" : undefined}
            aria-describedby={missing ? "cancel-reason-hint cancel-reason-error" : "cancel-reason-hint"}
            onInput={(event) => {
              setReason(event.currentTarget.value);
              setMissing(false);
            }}
          />
          {missing && (
            <p class="field-error" id="cancel-reason-error">
              {t.staff.reasonRequired}
            </p>
          )}
        </div>
        <div class="actions">
          <button type="submit" class="danger" disabled={busy}>
            {t.staff.confirmCancel}
          </button>
          <button type="button" onClick={onKeep}>
            {t.staff.keep}
          </button>
        </div>
      </form>
    </dialog>
  );
}
