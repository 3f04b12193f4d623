/**
 * What to show a person for a failed request: one message, and one per field the API named.
 *
 * The API's problem codes are typed from the generated client: every code any operation documents
 * (openapi.yaml lists them per operation and status), so a message for a code the API never sends
 * does not compile.
 */
import { isApiProblem, type paths } from "@customer-orders/client";
import type { Messages } from "./i18n/en.js";

type Method = "get" | "put" | "post" | "delete" | "patch";
type Operation = { [Path in keyof paths]: { [M in Method]: paths[Path][M] }[Method] }[keyof paths];
type AnswerOf<O> = O extends { responses: infer Answers } ? Answers[keyof Answers] : never;
type CodeOf<Answer> = Answer extends { content: { "application/problem+json": { code: infer Code } } } ? Code : never;

/** Every problem `code` the API documents. */
export type ErrorCode = CodeOf<AnswerOf<Operation>>;

export interface Shown {
  message: string;
  fields: Record<string, string>;
  code: string | undefined;
}

/** A failure the app found before asking anyone (offline, a field it checked itself). */
export class LocalProblem extends Error {
  constructor(
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = "LocalProblem";
  }
}

/**
 * What a person saw is no longer what is stored: the same answer as the API's 412, found before the
 * change was sent (where the page had no ETag for what it showed and read the current state first).
 */
export class StaleView<Current = unknown> extends Error {
  readonly code = "precondition_failed";
  constructor(readonly current: Current) {
    super("The order changed since it was shown.");
    this.name = "StaleView";
  }
}

/** The request never got an answer: the network is down (fetch fails with a TypeError). */
export function isOffline(error: unknown): boolean {
  return error instanceof TypeError;
}

function knownMessage(table: Record<string, string>, code: string): string | undefined {
  return Object.hasOwn(table, code) ? table[code] : undefined;
}

export function shown(error: unknown, t: Messages): Shown {
  if (error instanceof LocalProblem) return { message: error.message, fields: error.fields, code: undefined };
  if (error instanceof StaleView) return { message: t.problems.precondition_failed, fields: {}, code: error.code };
  if (isApiProblem(error)) {
    const { problem } = error;
    const fields: Record<string, string> = {};
    for (const entry of problem.errors ?? []) fields[entry.field] ??= entry.message;
    const message =
      knownMessage(t.problems, error.code) ??
      (Object.keys(fields).length > 0 ? t.problem.fields : (problem.detail ?? t.problem.unknown));
    return { message, fields, code: error.code };
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === "string") {
    const message = knownMessage(t.authProblems, code);
    if (message) return { message, fields: {}, code };
  }
  if (error instanceof TypeError) return { message: t.problem.offline, fields: {}, code: undefined };
  return { message: t.problem.unknown, fields: {}, code: undefined };
}
