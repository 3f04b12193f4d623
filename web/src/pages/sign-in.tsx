/** Signing in with email and password, or with Google. */
import { GoogleAuthProvider, signInWithEmailAndPassword, signInWithPopup } from "firebase/auth";
import { useEffect, useLayoutEffect, useState } from "preact/hooks";
import { claimFirstSignIn } from "../first-sign-in.js";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import { currentPath, go } from "../router.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Field, ProblemAlert } from "../ui.js";

/** Pages a signed-out person may be on; after signing in from one of them, the app opens its home. */
export const PUBLIC_PATHS = ["/", "/register", "/reset-password"];

function afterSignIn(): void {
  // A page asked for by its URL (an order's, say) opens once signed in; the sign-in pages lead home.
  if (PUBLIC_PATHS.includes(currentPath())) go("/");
}

export function SignIn() {
  const { services } = useSession();
  const { t } = useI18n();
  usePageTitle(t.signIn.title);
  // What was typed into the first paint's form before the app arrived (index.html), once.
  const [first] = useState(claimFirstSignIn);
  const [email, setEmail] = useState(first?.email ?? "");
  const [password, setPassword] = useState(first?.password ?? "");
  const { busy, error, submit } = useSubmit();
  const signIn = () => {
    void submit(async () => {
      await signInWithEmailAndPassword(services.auth, email.trim(), password);
      afterSignIn();
    });
  };
  // Before the first paint: the field being typed in keeps focus and caret across the hand-over.
  useLayoutEffect(() => {
    if (!first?.focus) return;
    const input = document.getElementById(first.focus.id);
    if (!(input instanceof HTMLInputElement)) return;
    input.focus();
    const caret = first.focus.caret;
    // Only text-like inputs have a caret to place (an email field answers null).
    if (caret !== null) input.setSelectionRange(caret, caret);
  }, [first]);
  // Sign in was pressed before the app could act: it is sent now, with what was typed.
  useEffect(() => {
    // Once, for the hand-over; later sends come from the form.
    if (first?.sent) signIn();
  }, [first]);
  return (
    <section aria-labelledby="sign-in-title" class="card narrow">
      <h1 id="sign-in-title">{t.signIn.title}</h1>
      <ProblemAlert error={error} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          signIn();
        }}
      >
        <Field
          id="email"
          label={t.fields.email}
          type="email"
          autocomplete="email"
          required
          value={email}
          onValue={setEmail}
        />
        <Field
          id="password"
          label={t.fields.password}
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onValue={setPassword}
        />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t.signIn.busy : t.signIn.submit}
        </button>
      </form>
      <p>
        <a href="#/reset-password">{t.signIn.forgot}</a>
      </p>
      <p class="or">{t.signIn.or}</p>
      <button
        type="button"
        disabled={busy}
        onClick={() => {
          void submit(async () => {
            await signInWithPopup(services.auth, new GoogleAuthProvider());
            afterSignIn();
          });
        }}
      >
        {t.signIn.google}
      </button>
      <p>
        {t.signIn.newHere} <a href="#/register">{t.signIn.register}</a>
      </p>
    </section>
  );
}
