/**
 * Proving the number: a code by SMS, typed back. Until then no other SMS goes to it.
 *
 * A code asked for is remembered for this tab until it expires, so a reload still says it was sent.
 * Once the number is proven this page says so instead of offering a code, and proving it replaces
 * the page in history, so Back does not lead here again.
 */
import { unwrap, type PhoneCodeSent } from "@customer-orders/client";
import { useState } from "preact/hooks";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import { LocalProblem, shown } from "../problems.js";
import { replace } from "../router.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Alert, Field, ProblemAlert } from "../ui.js";

const SENT_KEY = "phone-code-sent";

function rememberedCode(uid: string): PhoneCodeSent | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(SENT_KEY) ?? "null") as (PhoneCodeSent & { uid: string }) | null;
    if (!saved || saved.uid !== uid || Date.parse(saved.expires_at) <= Date.now()) return undefined;
    return { phone_number: saved.phone_number, expires_at: saved.expires_at };
  } catch {
    return undefined;
  }
}

function rememberCode(uid: string, sent: PhoneCodeSent | undefined): void {
  try {
    if (sent) sessionStorage.setItem(SENT_KEY, JSON.stringify({ ...sent, uid }));
    else sessionStorage.removeItem(SENT_KEY);
  } catch {
    // Not remembered across a reload; the page still shows it now.
  }
}

export function VerifyPhone() {
  const { api, user, profile, reloadProfile } = useSession();
  const { t, time } = useI18n();
  usePageTitle(t.verifyPhone.title);
  const uid = user?.uid ?? "";
  const [sent, setSent] = useState<PhoneCodeSent | undefined>(() => rememberedCode(uid));
  const [code, setCode] = useState("");
  const sending = useSubmit();
  const verifying = useSubmit();
  const number = typeof profile === "object" ? profile.phone_number : t.verifyPhone.yourNumber;

  if (typeof profile === "object" && profile.phone_verified) {
    return (
      <section aria-labelledby="verify-title" class="card narrow">
        <h1 id="verify-title">{t.verifyPhone.title}</h1>
        <Alert kind="success">{t.verifyPhone.proven(profile.phone_number)}</Alert>
        <p>
          <a href="#/orders">{t.verifyPhone.toOrders}</a>
        </p>
      </section>
    );
  }

  const codeError = verifying.error === undefined ? undefined : shown(verifying.error, t).fields.code;
  return (
    <section aria-labelledby="verify-title" class="card narrow">
      <h1 id="verify-title">{t.verifyPhone.title}</h1>
      <p>{t.verifyPhone.intro(number)}</p>
      <ProblemAlert error={sending.error} />
      {sent && (
        <Alert key={sent.expires_at} kind="info">
          {t.verifyPhone.sent(sent.phone_number, time(sent.expires_at))}
        </Alert>
      )}
      <button
        type="button"
        disabled={sending.busy}
        onClick={() => {
          // A new code makes the last one's problem moot.
          verifying.clear();
          void sending.submit(async () => {
            const next = unwrap(await api.api.POST("/me/phone/code/"));
            rememberCode(uid, next);
            setSent(next);
          });
        }}
      >
        {sending.busy ? t.verifyPhone.sending : sent ? t.verifyPhone.sendNew : t.verifyPhone.send}
      </button>
      <ProblemAlert error={verifying.error} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void verifying.submit(async () => {
            const typed = code.trim();
            if (!/^\d{6}$/.test(typed)) {
              throw new LocalProblem(t.problem.fields, { code: t.verifyPhone.codeFormat });
            }
            unwrap(await api.api.POST("/me/phone/verify/", { body: { code: typed } }));
            rememberCode(uid, undefined);
            await reloadProfile();
            replace("/orders");
          });
        }}
      >
        <Field
          id="code"
          label={t.verifyPhone.code}
          inputMode="numeric"
          autocomplete="one-time-code"
          maxLength={6}
          required
          value={code}
          onValue={setCode}
          error={codeError}
        />
        <button type="submit" class="primary" disabled={verifying.busy}>
          {verifying.busy ? t.verifyPhone.checking : t.verifyPhone.prove}
        </button>
      </form>
      <p>
        <a href="#/orders">{t.verifyPhone.notNow}</a>
        {t.verifyPhone.notNowRest}
      </p>
    </section>
  );
}
