/**
 * The page Firebase's email links open (the email action URL set to this site): choosing a new
 * password, or verifying the email. The link's code is checked first, so an old link says so at once.
 */
import {
  applyActionCode,
  confirmPasswordReset,
  signInWithEmailAndPassword,
  verifyPasswordResetCode,
} from "firebase/auth";
import { useState } from "preact/hooks";
import { useLoad } from "../hooks/use-load.js";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import type { EmailAction as Action } from "../router.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Alert, Field, Loading, ProblemAlert } from "../ui.js";

/** Leaves the link's page for the app's home, without the code in the address or in history. */
function leave(): void {
  history.replaceState(null, "", `${location.pathname}#/`);
  dispatchEvent(new HashChangeEvent("hashchange"));
}

export function EmailAction({ action, onDone }: { action: Action; onDone: () => void }) {
  switch (action.mode) {
    case "resetPassword":
      return <ChooseNewPassword code={action.code} onDone={onDone} />;
    case "verifyEmail":
      return <VerifyEmail code={action.code} onDone={onDone} />;
    default:
      return <Unsupported onDone={onDone} />;
  }
}

function Done({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  return (
    <p>
      <button
        type="button"
        class="primary"
        onClick={() => {
          leave();
          onDone();
        }}
      >
        {t.emailAction.continue}
      </button>
    </p>
  );
}

function ChooseNewPassword({ code, onDone }: { code: string; onDone: () => void }) {
  const { services } = useSession();
  const { t } = useI18n();
  usePageTitle(t.emailAction.resetTitle);
  const link = useLoad(() => verifyPasswordResetCode(services.auth, code), [code]);
  const [password, setPassword] = useState("");
  const [done, setDone] = useState(false);
  const saving = useSubmit();
  const email = link.data;
  return (
    <section aria-labelledby="action-title" class="card narrow">
      <h1 id="action-title">{t.emailAction.resetTitle}</h1>
      {link.loading && <Loading>{t.emailAction.checking}</Loading>}
      {link.error !== undefined && <Alert>{t.emailAction.invalid}</Alert>}
      {email && !done && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void saving.submit(async () => {
              await confirmPasswordReset(services.auth, code, password);
              await signInWithEmailAndPassword(services.auth, email, password);
              setDone(true);
            });
          }}
        >
          <p>{t.emailAction.resetFor(email)}</p>
          <ProblemAlert error={saving.error} />
          <input type="email" name="email" autocomplete="username" value={email} hidden readOnly />
          <Field
            id="new-password"
            label={t.fields.newPassword}
            type="password"
            autocomplete="new-password"
            hint={t.fields.passwordHint}
            required
            value={password}
            onValue={setPassword}
          />
          <button type="submit" class="primary" disabled={saving.busy}>
            {saving.busy ? t.emailAction.resetSaving : t.emailAction.resetSave}
          </button>
        </form>
      )}
      {done && <Alert kind="success">{t.emailAction.resetDone}</Alert>}
      {(done || link.error !== undefined) && <Done onDone={onDone} />}
    </section>
  );
}

function VerifyEmail({ code, onDone }: { code: string; onDone: () => void }) {
  const { services, reloadUser } = useSession();
  const { t } = useI18n();
  usePageTitle(t.emailAction.verifyTitle);
  const applied = useLoad(async () => {
    await applyActionCode(services.auth, code);
    // Signed in on this phone: the account (and its ID token) learn that the email is verified.
    await reloadUser().catch(() => undefined);
    return services.auth.currentUser?.email ?? "";
  }, [code]);
  return (
    <section aria-labelledby="action-title" class="card narrow">
      <h1 id="action-title">{t.emailAction.verifyTitle}</h1>
      {applied.loading && <Loading>{t.emailAction.checking}</Loading>}
      {applied.error !== undefined && <Alert>{t.emailAction.invalid}</Alert>}
      {applied.data !== undefined && (
        <Alert kind="success">
          {applied.data ? t.emailAction.verified(applied.data) : t.emailAction.verifiedNoEmail}
        </Alert>
      )}
      {!applied.loading && <Done onDone={onDone} />}
    </section>
  );
}

function Unsupported({ onDone }: { onDone: () => void }) {
  const { t } = useI18n();
  usePageTitle(t.emailAction.unsupported);
  return (
    <section aria-labelledby="action-title" class="card narrow">
      <h1 id="action-title">{t.emailAction.unsupported}</h1>
      <Done onDone={onDone} />
    </section>
  );
}
