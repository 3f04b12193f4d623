/**
 * The app's language and the profile's are one: a signed-in customer's profile language (which the
 * shop's SMS speak too) sets the app's, and a switch made while signed in is saved on the profile
 * with PATCH /me/. Signed out, the choice is kept on this phone only.
 */
import type { ComponentChildren } from "preact";
import { useCallback } from "preact/hooks";
import { I18nProvider, isLanguage, type Language } from "./i18n/i18n.js";
import { useSession } from "./session.js";

export function ProfileLanguage({ children }: { children: ComponentChildren }) {
  const { profile, updateProfile } = useSession();
  const chosen = typeof profile === "object" && isLanguage(profile.language) ? profile.language : undefined;
  const hasProfile = typeof profile === "object";
  const onChoose = useCallback(
    (language: Language) => {
      // The page has already changed; if saving fails the profile keeps its old language and the
      // next sign-in shows that one.
      if (hasProfile) void updateProfile({ language }).catch(() => undefined);
    },
    [hasProfile, updateProfile],
  );
  return (
    <I18nProvider chosen={chosen} onChoose={onChoose}>
      {children}
    </I18nProvider>
  );
}
