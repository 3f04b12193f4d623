/** The profile's fields, the same in registration, completing a profile and the profile page. */
import { useI18n } from "../../i18n/i18n.js";
import { Field } from "../../ui.js";

interface ValueProps {
  value: string;
  onValue: (value: string) => void;
  error: string | undefined;
}

export function UsernameField(props: ValueProps) {
  const { t } = useI18n();
  return <Field id="username" label={t.fields.username} autocomplete="username" required {...props} />;
}

export function PhoneField(props: ValueProps) {
  const { t } = useI18n();
  return (
    <Field
      id="phone_number"
      label={t.fields.phone}
      type="tel"
      inputMode="tel"
      autocomplete="tel"
      hint={t.fields.phoneHint}
      required
      {...props}
    />
  );
}

/**
 * A Kenyan number as people type it (`0712 345 678`, `712345678`, `254712345678`, `+254 712 345 678`)
 * in the international form the API reads. Anything else goes as typed, for the API to judge.
 */
export function phoneForApi(typed: string): string {
  const compact = typed.replace(/[\s().-]/g, "");
  if (/^0[17]\d{8}$/.test(compact)) return `+254${compact.slice(1)}`;
  if (/^[17]\d{8}$/.test(compact)) return `+254${compact}`;
  if (/^254[17]\d{8}$/.test(compact)) return `+${compact}`;
  return typed.trim();
}
