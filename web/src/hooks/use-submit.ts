/** Runs a form's submission one at a time, keeping what went wrong so the form can show it. */
import { useState } from "preact/hooks";

export interface Submission {
  busy: boolean;
  /** What the last submission failed with; undefined after a success or before any. */
  error: unknown;
  submit: (work: () => Promise<void>) => Promise<void>;
  /** Forgets the last failure (another action of the page made it moot). */
  clear: () => void;
}

export function useSubmit(): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const submit = async (work: () => Promise<void>) => {
    if (busy) return;
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (caught) {
      setError(caught ?? new Error("failed"));
    } finally {
      setBusy(false);
    }
  };
  return {
    busy,
    error,
    submit,
    clear: () => {
      setError(undefined);
    },
  };
}
