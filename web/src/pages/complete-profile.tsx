/** After signing in with Google: the username and number the API needs before any order. */
import { unwrap } from "@customer-orders/client";
import { useState } from "preact/hooks";
import { useSubmit } from "../hooks/use-submit.js";
import { useI18n } from "../i18n/i18n.js";
import { shown } from "../problems.js";
import { go } from "../router.js";
import { useSession } from "../session.js";
import { usePageTitle } from "../shop.js";
import { ProblemAlert } from "../ui.js";
import { PhoneField, UsernameField } from "./parts/profile-fields.js";

export function CompleteProfile() {
  const { api, reloadProfile } = useSession();
  const { t, language } = useI18n();
  usePageTitle(t.completeProfile.title);
  const [username, setUsername] = useState("");
  const [phone, setPhone] = useState("");
  const { busy, error, submit } = useSubmit();
  const fields = error === undefined ? {} : shown(error, t).fields;
  return (
    <section aria-labelledby="profile-title" class="card narrow">
      <h1 id="profile-title">{t.completeProfile.title}</h1>
      <p>{t.completeProfile.intro}</p>
      <ProblemAlert error={error} />
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit(async () => {
            unwrap(await api.api.PUT("/me/", { body: { username, phone_number: phone.trim(), language } }));
            await reloadProfile();
            go("/verify");
          });
        }}
      >
        <UsernameField value={username} onValue={setUsername} error={fields.username} />
        <PhoneField value={phone} onValue={setPhone} error={fields.phone_number} />
        <button type="submit" class="primary" disabled={busy}>
          {busy ? t.completeProfile.saving : t.completeProfile.save}
        </button>
      </form>
    </section>
  );
}
