/**
 * The hand-over from index.html's first paint (web/first-paint/) to the app: what was typed into the
 * static sign-in form before the app's code arrived, whether it was already sent, and which field
 * had focus, so the app's own form carries on exactly there.
 */

export interface FirstSignIn {
  email: string;
  password: string;
  /** Sign in was pressed before the app could act on it; the app sends it at once. */
  sent: boolean;
  /** The field the person was typing in, with the caret where it was. */
  focus?: { id: string; caret: number | null };
}

/**
 * localStorage's mark that someone is signed in on this phone. The first paint (web/first-paint/inline.js)
 * reads it to show "Loading…" instead of a sign-in form the app would only take away again.
 */
export const SIGNED_IN_KEY = "signed-in";

let waiting: FirstSignIn | undefined;

/** Reads the first paint's form, if it is showing; main.tsx calls it just before rendering over it. */
export function takeFirstSignIn(root: ParentNode): void {
  const form = root.querySelector<HTMLFormElement>("#first-sign-in:not([hidden]) form");
  if (!form) return;
  const value = (id: string) => form.querySelector<HTMLInputElement>(`#${id}`)?.value ?? "";
  const active = document.activeElement;
  waiting = {
    email: value("email"),
    password: value("password"),
    sent: form.hasAttribute("data-sent"),
    focus:
      active instanceof HTMLInputElement && form.contains(active)
        ? { id: active.id, caret: active.selectionStart }
        : undefined,
  };
}

/** The sign-in page takes what was typed, once. */
export function claimFirstSignIn(): FirstSignIn | undefined {
  const claimed = waiting;
  waiting = undefined;
  return claimed;
}

/** Keeps the mark in step with Firebase's session. */
export function rememberSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_KEY, "1");
    else localStorage.removeItem(SIGNED_IN_KEY);
  } catch {
    // Storage can be blocked: the first paint then shows the form, and the app replaces it.
  }
}
