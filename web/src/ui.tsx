/** Small building blocks every page uses: labelled fields with their errors, alerts, badges, pagers. */
import type { Order } from "@customer-orders/client";
import type { ComponentChildren, InputHTMLAttributes } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { useI18n } from "./i18n/i18n.js";
import { shown } from "./problems.js";

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
  /** A hint that changes as the person types (a character count): read out politely. */
  liveHint?: string;
}

/** An input with its label, an optional hint, and the error the API (or the form) gave for it. */
export function Field({ id, label, value, onValue, error, hint, liveHint, type = "text", ...input }: FieldProps) {
  const described = [hint ? `${id}-hint` : "", liveHint ? `${id}-live` : "", error ? `${id}-error` : ""]
    .filter(Boolean)
    .join(" ");
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
      {liveHint && (
        <p class="hint count" id={`${id}-live`} aria-live="polite">
          {liveHint}
        </p>
      )}
      {error && (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}

/**
 * A message about the whole form or page. It takes focus once, when it appears, so it is read out
 * and in view; a page that re-renders around it (a live update, a reload) leaves focus where it is.
 * Give a new message a new `key` to have it taken as new.
 */
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
  }, []);
  return (
    <div ref={ref} class={`alert alert-${kind}`} role={kind === "error" ? "alert" : "status"} tabIndex={-1}>
      {children}
    </div>
  );
}

/** The alert for a failure a hook or a submission kept; nothing when there is none. */
export function ProblemAlert({ error, children }: { error: unknown; children?: ComponentChildren }) {
  const { t } = useI18n();
  if (error === undefined) return null;
  const { message } = shown(error, t);
  return (
    <Alert key={message}>
      {message}
      {children}
    </Alert>
  );
}

/** A polite "Loading…" that screen readers announce, for a list or page whose answer is on its way. */
export function Loading({ children }: { children: ComponentChildren }) {
  return (
    <p class="loading" role="status">
      {children}
    </p>
  );
}

export function StatusBadge({ status }: { status: Order["status"] }) {
  const { t } = useI18n();
  return <span class={`badge status-${status.toLowerCase()}`}>{t.status[status]}</span>;
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
  const { t } = useI18n();
  return (
    <nav class="pager" aria-label={t.orders.pages}>
      <button
        type="button"
        disabled={cursors.length === 1}
        onClick={() => {
          onCursors(cursors.slice(0, -1));
        }}
      >
        {t.orders.newer}
      </button>
      <button
        type="button"
        disabled={!next}
        onClick={() => {
          if (next) onCursors([...cursors, next]);
        }}
      >
        {t.orders.older}
      </button>
    </nav>
  );
}
