/**
 * One setting of the functions: its name, description, default and parser, declared once. Each is
 * also declared to firebase-functions as a param (or secret), so `firebase deploy` knows it, asks for
 * it or reads it from functions/.env, .env.<project> and (emulator only) .env.local.
 *
 * Plain TypeScript, no schema library: every function instance loads this at its cold start.
 */
import { defineInt, defineSecret, defineString } from "firebase-functions/params";

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };
export type Parser<T> = (raw: string) => Parsed<T>;

export interface Setting<T> {
  name: string;
  description: string;
  /** The raw value used when the environment has none; a setting without one is required. */
  default: string | undefined;
  secret: boolean;
  parse: Parser<T>;
  /**
   * A value of the right type that stands in while a configuration with problems is being read, so
   * that every problem is found in one pass; it never reaches a running function.
   */
  placeholder: T;
}

export const text =
  (options: { required?: string; pattern?: RegExp; patternProblem?: string } = {}): Parser<string> =>
  (raw) => {
    const value = raw.trim();
    if (options.required !== undefined && value === "") return { ok: false, problem: options.required };
    if (options.pattern && value !== "" && !options.pattern.test(value)) {
      return { ok: false, problem: options.patternProblem ?? "has an invalid value" };
    }
    return { ok: true, value };
  };

export const positiveInteger: Parser<number> = (raw) => {
  const value = Number(raw.trim());
  return Number.isSafeInteger(value) && value > 0 && raw.trim() !== ""
    ? { ok: true, value }
    : { ok: false, problem: "must be a whole number greater than 0" };
};

/** A comma-separated list whose every entry passes `entry`. */
export function listOf(entry: Parser<string> = (raw) => ({ ok: true, value: raw })): Parser<string[]> {
  return (raw) => {
    const values: string[] = [];
    for (const part of raw.split(",")) {
      const trimmed = part.trim();
      if (trimmed === "") continue;
      const parsed = entry(trimmed);
      if (!parsed.ok) return parsed;
      values.push(parsed.value);
    }
    return { ok: true, value: values };
  };
}

export function oneOf<const T extends string>(...values: T[]): Parser<T> {
  return (raw) => {
    const trimmed = raw.trim();
    const value = values.find((candidate) => candidate === trimmed);
    return value === undefined ? { ok: false, problem: `must be one of ${values.join(", ")}` } : { ok: true, value };
  };
}

interface Declaration<T> {
  description: string;
  default?: string;
  parse: Parser<T>;
  /** NoInfer: the parser fixes the type (a oneOf's literals), the placeholder must fit it. */
  placeholder: NoInfer<T>;
}

export function stringSetting<T>(name: string, declaration: Declaration<T>): Setting<T> {
  defineString(name, {
    description: declaration.description,
    ...(declaration.default === undefined ? {} : { default: declaration.default }),
  });
  return { name, secret: false, default: declaration.default, ...declaration };
}

export function intSetting(name: string, declaration: { description: string; default: number }): Setting<number> {
  defineInt(name, declaration);
  return {
    name,
    description: declaration.description,
    default: String(declaration.default),
    secret: false,
    parse: positiveInteger,
    placeholder: declaration.default,
  };
}

/** A secret lives in Cloud Secret Manager; the functions that read it bind it (see secretParam). */
export function secretSetting(name: string, description: string): Setting<string> & { param: SecretParam } {
  return {
    name,
    description,
    default: undefined,
    secret: true,
    parse: text(),
    placeholder: "",
    param: defineSecret(name),
  };
}

export type SecretParam = ReturnType<typeof defineSecret>;
