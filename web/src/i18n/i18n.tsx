/**
 * The app's language: English or Swahili, with dates and amounts as Kenya writes them (en-KE, sw-KE).
 *
 * The choice is kept on this phone (localStorage) and, for a signed-in customer whose profile has a
 * `language`, on the profile too, so the shop's SMS speak the same language as the app.
 */
import { createContext, type ComponentChildren } from "preact";
import { useContext, useEffect, useMemo, useState } from "preact/hooks";
import { en, type Messages } from "./en.js";
import { sw } from "./sw.js";

export type Language = "en" | "sw";

export const LANGUAGES: readonly Language[] = ["en", "sw"];

const MESSAGES: Record<Language, Messages> = { en, sw };
const LOCALES: Record<Language, string> = { en: "en-KE", sw: "sw-KE" };
const STORAGE_KEY = "language";

export function isLanguage(value: unknown): value is Language {
  return value === "en" || value === "sw";
}

/** The language chosen on this phone before, else the browser's if it is Swahili, else English. */
export function storedLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be blocked (private mode on some phones): fall back to the browser's language.
  }
  return navigator.languages.some((tag) => tag.toLowerCase().startsWith("sw")) ? "sw" : "en";
}

export interface I18n {
  language: Language;
  locale: string;
  t: Messages;
  setLanguage: (language: Language) => void;
  /** "1200.50" in KES as `Ksh 1,200.50`, never broken across lines. */
  money: (amount: string, currency: string) => string;
  /** An instant as a date and time of day. */
  when: (iso: string) => string;
  /** An instant as a time of day only. */
  time: (iso: string) => string;
}

export function i18nFor(language: Language, setLanguage: (language: Language) => void = () => undefined): I18n {
  const locale = LOCALES[language];
  const money = new Map<string, Intl.NumberFormat>();
  const whenFormat = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeStyle: "short" });
  return {
    language,
    locale,
    t: MESSAGES[language],
    setLanguage,
    money: (amount, currency) => {
      let format = money.get(currency);
      if (!format) {
        format = new Intl.NumberFormat(locale, { style: "currency", currency });
        money.set(currency, format);
      }
      // A no-break space keeps the currency and the number on one line.
      return format.format(Number(amount)).replace(/\s/g, "\u00a0");
    },
    when: (iso) => whenFormat.format(new Date(iso)),
    time: (iso) => timeFormat.format(new Date(iso)),
  };
}

const I18nContext = createContext<I18n>(i18nFor("en"));

export function useI18n(): I18n {
  return useContext(I18nContext);
}

/** The language for the whole app; `chosen` (a profile's language, once known) wins over the stored one. */
export function I18nProvider({
  chosen,
  onChoose,
  children,
}: {
  chosen?: Language | undefined;
  onChoose?: (language: Language) => void;
  children: ComponentChildren;
}) {
  const [language, setLanguage] = useState<Language>(storedLanguage);
  useEffect(() => {
    if (chosen) setLanguage(chosen);
  }, [chosen]);
  useEffect(() => {
    document.documentElement.lang = language;
    try {
      localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Not kept on this phone; the page still shows the choice.
    }
  }, [language]);
  const value = useMemo(
    () =>
      i18nFor(language, (next) => {
        setLanguage(next);
        onChoose?.(next);
      }),
    [language, onChoose],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}
