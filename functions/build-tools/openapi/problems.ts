/**
 * Problem answers in the document: every code's meaning once (the `ProblemCode` schema), and for
 * each operation and status the codes it can answer, narrowed from `ProblemCode`. A set of codes
 * that several operations answer (or a single code) is one shared response in components/responses;
 * a set only one operation answers stays in that operation. A generated client therefore types
 * `code` per operation and status, and a code the operation cannot answer does not compile.
 */
import { STATUS_CODES } from "node:http";
import { ERROR_CODES, type ErrorCode } from "../../src/http/error-codes.js";
import type { ResponseHeader } from "../../src/http/contract.js";
import { errorsOf, type AnyOperation } from "../../src/http/operations.js";

type Json = Record<string, unknown>;

export const PROBLEM_CODE = "ProblemCode";
const SCHEMAS = "#/components/schemas/";
const RESPONSES = "#/components/responses/";

const ALL_CODES = Object.keys(ERROR_CODES) as ErrorCode[];

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

const statusText = (status: number): string => STATUS_CODES[status] ?? `Status ${status}`;

/** The one schema of every code: its values, and each one's status and meaning, written once. */
export function problemCodeSchema(): Json {
  const lines = ALL_CODES.map((code) => `- \`${code}\` (${ERROR_CODES[code].status}): ${ERROR_CODES[code].meaning}`);
  return {
    type: "string",
    maxLength: 64,
    enum: [...ALL_CODES],
    description: `Stable; each operation names the codes it can answer, per status.\n\n${lines.join("\n")}`,
  };
}

/** Every code an operation can answer, by status, in catalogue order; statuses ascending. */
export function errorsByStatus(operation: AnyOperation): Map<number, ErrorCode[]> {
  const codes = new Set(errorsOf(operation));
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of ALL_CODES) {
    if (!codes.has(code)) continue;
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

export interface ProblemHeaders {
  /** A component reference for a response header, required or not. */
  ref(header: ResponseHeader, required: boolean): Json;
  wwwAuthenticate: ResponseHeader;
  retryAfter: ResponseHeader;
  rateLimit: readonly ResponseHeader[];
}

interface ProblemSchemas {
  problem: string;
  validationProblem: string;
}

const key = (status: number, codes: readonly ErrorCode[]) => `${status}:${codes.join(",")}`;

/** Names and builds the problem answers of a set of operations. */
export function problemResponses(
  operations: readonly AnyOperation[],
  schemas: ProblemSchemas,
  headers: ProblemHeaders,
): {
  components: Record<string, Json>;
  /** The answer of one operation for one status: a reference, or the response itself. */
  responseFor(status: number, codes: readonly ErrorCode[]): Json;
} {
  const users = new Map<string, { status: number; codes: ErrorCode[]; count: number }>();
  for (const operation of operations) {
    for (const [status, codes] of errorsByStatus(operation)) {
      const entry = users.get(key(status, codes)) ?? { status, codes, count: 0 };
      entry.count++;
      users.set(key(status, codes), entry);
    }
  }
  // A single code is named after the code; per status, the set of several codes most operations answer
  // after the status; another set shared by several operations after its codes (or, when it adds to
  // the status's usual set, after the status and what it adds). A set one operation answers stays inline.
  const mostCommon = new Map<number, string>();
  for (const [id, entry] of [...users].sort(([a], [b]) => a.localeCompare(b))) {
    if (entry.codes.length < 2) continue;
    const current = mostCommon.get(entry.status);
    if (current === undefined || (users.get(current)?.count ?? 0) < entry.count) mostCommon.set(entry.status, id);
  }
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const [id, entry] of users) {
    const common = mostCommon.get(entry.status);
    const commonCodes = common === undefined ? [] : (users.get(common)?.codes ?? []);
    let name: string | undefined;
    if (entry.codes.length === 1) name = pascal(entry.codes[0] ?? "");
    else if (entry.count < 2) name = undefined;
    else if (id === common) name = pascal(statusText(entry.status));
    else if (commonCodes.every((code) => entry.codes.includes(code)))
      name = [statusText(entry.status), ...entry.codes.filter((code) => !commonCodes.includes(code))]
        .map(pascal)
        .join("Or");
    else name = entry.codes.map(pascal).join("Or");
    if (name === undefined) continue;
    if (taken.has(name)) throw new Error(`Two problem answers would both be named ${name}`);
    taken.add(name);
    names.set(id, name);
  }

  const build = (status: number, codes: readonly ErrorCode[]): Json => {
    const responseHeaders: Json = {};
    if (status === 401) responseHeaders["WWW-Authenticate"] = headers.ref(headers.wwwAuthenticate, true);
    if (status === 429 || status === 503) responseHeaders["Retry-After"] = headers.ref(headers.retryAfter, true);
    // Firebase Auth's own throttling (too_many_attempts) says when to retry, not how many are left.
    if (status === 429)
      for (const header of headers.rateLimit) responseHeaders[header.name] = headers.ref(header, false);
    const onlyValidation = codes.length === 1 && codes[0] === "validation_error";
    const schema = onlyValidation
      ? { $ref: `${SCHEMAS}${schemas.validationProblem}` }
      : {
          allOf: [
            { $ref: `${SCHEMAS}${schemas.problem}` },
            { properties: { code: { type: "string", enum: [...codes] } } },
          ],
        };
    return {
      // The codes are the schema's enum, and ProblemCode says what each means: the status's name is enough here.
      description: STATUS_CODES[status] ?? String(status),
      ...(Object.keys(responseHeaders).length > 0 ? { headers: responseHeaders } : {}),
      content: { "application/problem+json": { schema } },
    };
  };

  const components: Record<string, Json> = {};
  for (const [id, name] of [...names].sort(([, a], [, b]) => a.localeCompare(b))) {
    const entry = users.get(id);
    if (entry) components[name] = build(entry.status, entry.codes);
  }
  return {
    components,
    responseFor: (status, codes) => {
      const name = names.get(key(status, codes));
      return name === undefined ? build(status, codes) : { $ref: `${RESPONSES}${name}` };
    },
  };
}
