/** Small building blocks every page uses: labelled fields with their errors, alerts, money and dates. */
import type { ComponentChildren, InputHTMLAttributes } from "preact";
import { useEffect, useRef } from "preact/hooks";

type FieldType = "text" | "email" | "password" | "tel" | "date" | "search";

/** Preact types each input type with the roles it allows; a narrowed literal per branch satisfies that. */
function typeAttribute(type: FieldType): InputHTMLAttributes {
  switch (type) {
    case "email":
      return { type };
    case "password":
      return { type };
    case "tel":
      return { type };
    case "date":
      return { type };
    case "search":
      return { type };
    case "text":
      return { type };
  }
}

interface FieldProps {
  id: string;
  type?: FieldType;
  autocomplete?: string;
  inputMode?: "text" | "numeric" | "decimal" | "tel" | "email";
  maxLength?: number;
  pattern?: string;
  required?: boolean;
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: string;
}

/** An input with its label, an optional hint, and the error the API gave for it (announced). */
export function Field({ id, label, value, onValue, error, hint, type = "text", ...input }: FieldProps) {
  const described = [hint ? `${id}-hint` : "", error ? `${id}-error` : ""].filter(Boolean).join(" ");
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      <input
        {...input}
        {...typeAttribute(type)}
        id={id}
        name={id}
        value={value}
        onInput={(event) => {
          onValue(event.currentTarget.value);
        }}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={described || undefined}
      />
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/** A message about the whole form or page; takes focus when it appears so it is read out. */
export function Alert({
  kind = "error",
  children,
}: {
  kind?: "error" | "info" | "success";
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, [children]);
  return (
    <div ref={ref} class={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"} tabIndex={-1}>
      {children}
    </div>
  );
}

export function formatMoney(amount: string, currency: string): string {
  return `${currency} ${Number(amount).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

interface SmsLike {
  status: string;
  delivery_status?: string | null;
  error_code?: string | null;
}

/** An SMS's state in words a customer or staff member reads at a glance. */
export function smsText(sms: SmsLike): string {
  if (sms.delivery_status) {
    return sms.delivery_status === "Success" ? "SMS delivered" : `SMS not delivered (${sms.delivery_status})`;
  }
  switch (sms.status) {
    case "pending":
    case "sending":
      return "SMS on its way";
    case "sent":
      return "SMS sent";
    case "outbox":
      return "SMS sent (local outbox)";
    case "failed":
      return "SMS failed";
    case "suppressed":
      return sms.error_code === "phone_not_verified" ? "No SMS: phone number not proven" : "No SMS: limit reached";
    default:
      return `SMS ${sms.status}`;
  }
}

/**
 * Newer and Older for a list paged by cursor: `cursors` holds the cursor of every page up to the one
 * shown (undefined for the first), so Newer goes back without asking the API for a previous link.
 */
export function Pager({
  cursors,
  next,
  onCursors,
}: {
  cursors: (string | undefined)[];
  next: string | undefined;
  onCursors: (cursors: (string | undefined)[]) => void;
}) {
  return (
    <nav class="pager" aria-label="Pages of orders">
      <button
        type="button"
        disabled={cursors.length === 1}
        onClick={() => {
          onCursors(cursors.slice(0, -1));
        }}
      >
        Newer
      </button>
      <button
        type="button"
        disabled={!next}
        onClick={() => {
          if (next) onCursors([...cursors, next]);
        }}
      >
        Older
      </button>
    </nav>
  );
}
