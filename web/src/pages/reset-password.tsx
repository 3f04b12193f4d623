/** Asking for a link to choose a new password. The answer is the same whether or not the email has an account. */
import { sendPasswordResetEmail } from "firebase/auth";
import { useState } from "preact/hooks";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Alert, Field, ProblemAlert } from "../ui.js";
import { emailLinkSettings } from "./register.js";

/** Firebase's answer for an unknown email, where email enumeration protection is off: not a failure to show. */
const UNKNOWN_EMAIL = "auth/user-not-found";

export function ResetPassword() {
  const { services } = useSession();
  const { t, language } = useI18n();
  usePageTitle(t.resetPassword.title);
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState<string | undefined>(undefined);
  const { busy, error, submit } = useSubmit();
  return (
    <section aria-labelledby="reset-title" class="card narrow">
      <h1 id="reset-title">{t.resetPassword.title}</h1>
      <p>{t.resetPassword.intro}</p>
      <ProblemAlert error={error} />
      {sent && (
        <Alert key={sent} kind="success">
          {t.resetPassword.sent}
        </Alert>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSent(undefined);
          void submit(async () => {
            services.auth.languageCode = language;
            try {
              await sendPasswordResetEmail(services.auth, email.trim(), emailLinkSettings());
            } catch (caught) {
              if ((caught as { code?: unknown } | null)?.code !== UNKNOWN_EMAIL) throw caught;
            }
            setSent(new Date().toISOString());
          });
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
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t.resetPassword.sending : t.resetPassword.send}
        </button>
      </form>
      <p>
        <a href="#/">{t.resetPassword.back}</a>
      </p>
    </section>
  );
}
