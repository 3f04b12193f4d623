/**
 * The profile's fields, the same in registration and in completing a profile. The number goes as it
 * was typed (`0712 345 678`): the API reads it in the shop's region and answers it in E.164.
 */
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
