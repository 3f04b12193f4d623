/**
 * The committed openapi.yaml, loaded once, with an ajv that resolves its $refs: for tests that check
 * the document itself (its examples, its request schemas) rather than a response.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { parse } from "yaml";

export const DOCUMENT_ID = "document";

export type JsonObject = Record<string, unknown>;

export const openApiDocument = parse(
  readFileSync(resolve(__dirname, "../../../openapi.yaml"), "utf8"),
) as JsonObject & {
  paths: Record<string, Record<string, JsonObject>>;
  components: Record<string, Record<string, JsonObject>>;
};

// ajv-formats ships CommonJS with a default export; either shape works here.
const addFormats = (addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin;

/**
 * multipleOf with a decimal step (an amount's 0.01) needs ajv's float tolerance, as every validator of
 * JSON numbers does; the document's readOnly fields are allowed in requests (the API ignores them).
 */
function newAjv(coerceTypes: boolean): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true, multipleOfPrecision: 9, coerceTypes });
  addFormats(ajv);
  ajv.addKeyword({ keyword: "example" });
  ajv.addSchema(openApiDocument, DOCUMENT_ID);
  return ajv;
}

const plain = newAjv(false);
/** Query and header values arrive as text: validated as a server would read them. */
const coercing = newAjv(true);

export function pointer(...parts: string[]): string {
  return parts
    .map((part) => part.replace(/~/g, "~0").replace(/\//g, "~1"))
    .map(encodeURIComponent)
    .join("/");
}

const cache = new Map<string, ValidateFunction>();

/** A validator for the schema at a JSON pointer inside the document (or an inline schema). */
export function validatorAt(path: string[], options: { coerce?: boolean } = {}): ValidateFunction {
  const key = `${options.coerce ? "c" : "p"}:${path.join("/")}`;
  let validate = cache.get(key);
  if (!validate) {
    validate = (options.coerce ? coercing : plain).compile({ $ref: `${DOCUMENT_ID}#/${pointer(...path)}` });
    cache.set(key, validate);
  }
  return validate;
}

export function errorsText(validate: ValidateFunction): string {
  return plain.errorsText(validate.errors);
}

/** Follows local $refs to what they name. */
export function dereference(value: unknown): unknown {
  let current = value;
  for (let depth = 0; depth < 10; depth++) {
    const ref = (current as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== "string") return current;
    let target: unknown = openApiDocument;
    for (const part of ref.replace(/^#\//, "").split("/")) target = (target as JsonObject)[decodeURIComponent(part)];
    current = target;
  }
  return current;
}
