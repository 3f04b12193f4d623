/** Creating an account: the API makes it, the app signs in, asks Firebase to verify the email, then the phone. */
import { createApiClient, unwrap } from "@customer-orders/client";
import { sendEmailVerification, signInWithEmailAndPassword } from "firebase/auth";
import { useState } from "preact/hooks";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import { shown } from "../problems.js";
import { go } from "../router.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { Field, ProblemAlert } from "../ui.js";
import { PhoneField, UsernameField } from "./parts/profile-fields.js";

/** Where Firebase's email links come back to: this site, which opens them (see router.ts). */
export function emailLinkSettings(): { url: string } {
  return { url: `${location.origin}/` };
}

export function Register() {
  const { services, api } = useSession();
  const { t, language } = useI18n();
  usePageTitle(t.register.title);
  const [username, setUsername] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [phone, setPhone] = useState("");
  const { busy, error, submit } = useSubmit();
  const fields = error === undefined ? {} : shown(error, t).fields;
  return (
    <section aria-labelledby="register-title" class="card narrow">
      <h1 id="register-title">{t.register.title}</h1>
      <ProblemAlert error={error} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            unwrap(
              await api.api.POST("/register/", {
                body: { username, email: email.trim(), password, phone_number: phone.trim() },
              }),
            );
            // The new profile speaks the language it was registered in (SMS included) before the app
            // signs in and follows the profile's language.
            const { token } = unwrap(await api.api.POST("/login/", { body: { email: email.trim(), password } }));
            unwrap(
              await createApiClient({ baseUrl: "/api", token: () => token }).api.PATCH("/me/", { body: { language } }),
            );
            const { user } = await signInWithEmailAndPassword(services.auth, email.trim(), password);
            go("/verify");
            // The account works without it; the profile page offers the link again.
            void sendEmailVerification(user, emailLinkSettings()).catch(() => undefined);
          });
        }}
      >
        <UsernameField value={username} onValue={setUsername} error={fields.username} />
        <Field
          id="email"
          label={t.fields.email}
          type="email"
          autocomplete="email"
          required
          value={email}
          onValue={setEmail}
          error={fields.email}
        />
        <Field
          id="password"
          label={t.fields.password}
          type="password"
          autocomplete="new-password"
          hint={t.fields.passwordHint}
          required
          value={password}
          onValue={setPassword}
          error={fields.password}
        />
        <PhoneField value={phone} onValue={setPhone} error={fields.phone_number} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t.register.busy : t.register.submit}
        </button>
      </form>
      <p>
        {t.register.haveAccount} <a href="#/">{t.register.signIn}</a>
      </p>
    </section>
  );
}
