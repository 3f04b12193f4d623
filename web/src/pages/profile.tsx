/**
 * The customer's profile: who they are, whether their email and number are proven, their language.
 *
 * The email is shown verified when either the API (which reads the account on every request) or the
 * signed-in SDK says so.
 */
import { sendEmailVerification } from "firebase/auth";
import { useState } from "preact/hooks";
import { useSubmit } from "../hooks/use-submit.js";
import { isLanguage, LANGUAGES, useI18n } from "../i18n/i18n.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Alert, ProblemAlert } from "../ui.js";
import { emailLinkSettings } from "./register.js";

export function Profile() {
  const { services, user, profile, updateProfile } = useSession();
  const { t, language, setLanguage } = useI18n();
  usePageTitle(t.profile.title);
  const [linkSent, setLinkSent] = useState<string | undefined>(undefined);
  const sending = useSubmit();
  const smsChoice = useSubmit();
  if (!user || typeof profile !== "object") return null;
  const email = user.email ?? profile.email ?? "";
  // The API reads the account on every request; the SDK's copy may be from before a link was opened.
  const emailVerified = profile.email_verified || user.emailVerified;
  return (
    <section aria-labelledby="profile-title" class="card narrow">
      <h1 id="profile-title">{t.profile.title}</h1>
      <dl class="facts">
        <dt>{t.fields.username}</dt>
        <dd>{profile.username}</dd>
        <dt>{t.fields.email}</dt>
        <dd>
          {email}{" "}
          <span class={`badge ${emailVerified ? "proven" : "unproven"}`} id="email-state">
            {emailVerified ? t.profile.emailVerified : t.profile.emailNotVerified}
          </span>
        </dd>
        <dt>{t.fields.phone}</dt>
        <dd>
          {profile.phone_number}{" "}
          <span class={`badge ${profile.phone_verified ? "proven" : "unproven"}`} id="phone-state">
            {profile.phone_verified ? t.profile.phoneProven : t.profile.phoneNotProven}
          </span>
          {!profile.phone_verified && (
            <>
              {" "}
              <a href="#/verify">{t.profile.proveNow}</a>
            </>
          )}
        </dd>
      </dl>
      {!emailVerified && (
        <>
          <ProblemAlert error={sending.error} />
          {linkSent && (
            <Alert key={linkSent} kind="info">
              {t.profile.verificationSent(email)}
            </Alert>
          )}
          <button
            type="button"
            disabled={sending.busy}
            onClick={() => {
              void sending.submit(async () => {
                services.auth.languageCode = language;
                await sendEmailVerification(user, emailLinkSettings());
                setLinkSent(new Date().toISOString());
              });
            }}
          >
            {sending.busy ? t.profile.sendingVerification : t.profile.sendVerification}
          </button>
        </>
      )}
      <div class="field">
        <label for="profile-language">{t.language.label}</label>
        <p class="hint" id="profile-language-hint">
          {t.profile.languageHint}
        </p>
        <select
          id="profile-language"
          aria-describedby="profile-language-hint"
          value={language}
          onChange={(event) => {
            const chosen = event.currentTarget.value;
            if (isLanguage(chosen)) setLanguage(chosen);
          }}
        >
          {LANGUAGES.map((option) => (
            <option key={option} value={option} lang={option}>
              {t.language[option]}
            </option>
          ))}
        </select>
      </div>
      <fieldset class="field">
        <legend>{t.profile.smsTitle}</legend>
        <ProblemAlert error={smsChoice.error} />
        <p class="hint" id="profile-sms-state" aria-live="polite">
          {profile.sms_opted_out ? t.profile.smsOff : t.profile.smsOn}
        </p>
        <button
          type="button"
          aria-describedby="profile-sms-state"
          disabled={smsChoice.busy}
          onClick={() => {
            void smsChoice.submit(() => updateProfile({ sms_opted_out: !profile.sms_opted_out }));
          }}
        >
          {profile.sms_opted_out ? t.profile.smsStart : t.profile.smsStop}
        </button>
      </fieldset>
    </section>
  );
}
