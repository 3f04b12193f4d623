/**
 * Checks responses against the committed openapi.yaml: the status is documented for the operation,
 * the content type is the documented one, the body validates against the documented schema, and
 * the documented required headers are there. Every response the test client receives goes through it.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormatsPlugin from "ajv-formats";
import { parse } from "yaml";

interface MediaType {
  schema?: unknown;
}
interface Ref {
  $ref?: string;
}
interface ResponseSpec extends Ref {
  content?: Record<string, MediaType>;
  headers?: Record<string, { required?: boolean } & Ref>;
}
interface Operation {
  responses: Record<string, ResponseSpec>;
}
type PathItem = Partial<Record<string, Operation>>;
interface Document {
  paths: Record<string, PathItem>;
  components: Record<string, Record<string, unknown>>;
}

export interface ObservedResponse {
  method: string;
  /** The path below the API base, e.g. /orders/abc/. */
  path: string;
  status: number;
  contentType: string | null;
  headers: Headers;
  text: string;
}

const SPEC_ID = "openapi";
const documentText = readFileSync(resolve(__dirname, "../../../openapi.yaml"), "utf8");
const spec = parse(documentText) as Document;

const ajv = new Ajv2020({ strict: false, allErrors: true });
// ajv-formats ships CommonJS with a default export; either shape works here.
const addFormats = (addFormatsPlugin as unknown as { default?: typeof addFormatsPlugin }).default ?? addFormatsPlugin;
addFormats(ajv);
ajv.addSchema(spec, SPEC_ID);

const pointer = (...parts: string[]) =>
  parts.map((part) => encodeURIComponent(part.replace(/~/g, "~0").replace(/\//g, "~1"))).join("/");

const validators = new Map<string, ValidateFunction>();
function validatorFor(...parts: string[]): ValidateFunction {
  const ref = `${SPEC_ID}#/${pointer(...parts)}`;
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: ref });
    validators.set(ref, validate);
  }
  return validate;
}

/** A documented path template for a concrete path, trailing slash optional as the API has it. */
function matchPath(path: string): string | undefined {
  const normalised = path.endsWith("/") ? path : `${path}/`;
  for (const template of Object.keys(spec.paths)) {
    const pattern = new RegExp(
      `^${template
        .replace(/\/$/, "")
        .replace(/\{[^}]+\}/g, "[^/]+")
        .replace(/\./g, "\\.")}/?$`,
    );
    if (pattern.test(normalised) || pattern.test(path)) return template;
  }
  return undefined;
}

/** Follows a local `$ref` (#/components/...) to what it names, and says where that is. */
function dereference<T extends Ref>(item: T, path: string[]): { value: T; path: string[] } {
  if (!item.$ref) return { value: item, path };
  const parts = item.$ref.replace(/^#\//, "").split("/");
  let value: unknown = spec;
  for (const part of parts) value = (value as Record<string, unknown>)[part];
  return dereference(value as T, parts);
}

const mediaTypeOf = (contentType: string | null) => (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";

function problemViolations(observed: ObservedResponse, expectedStatus: number): string[] {
  const violations: string[] = [];
  if (observed.status !== expectedStatus) violations.push(`expected ${expectedStatus}, got ${observed.status}`);
  if (mediaTypeOf(observed.contentType) !== "application/problem+json") {
    violations.push(`content type ${observed.contentType ?? "none"} is not application/problem+json`);
    return violations;
  }
  const validate = validatorFor("components", "schemas", "Problem");
  if (!validate(JSON.parse(observed.text))) violations.push(ajv.errorsText(validate.errors));
  return violations;
}

/** The document says once, in its description, that every answer carries this header. */
const EVERY_ANSWER_HEADER = "X-Request-Id";

/** Everything about the response that the contract does not allow; empty when it conforms. */
export function contractViolations(observed: ObservedResponse): string[] {
  const missing = observed.headers.has(EVERY_ANSWER_HEADER)
    ? []
    : [`required header ${EVERY_ANSWER_HEADER} is missing`];
  return [...missing, ...documentedViolations(observed)];
}

function documentedViolations(observed: ObservedResponse): string[] {
  const method = observed.method.toLowerCase();
  const template = matchPath(observed.path);
  if (!template) return problemViolations(observed, 404);
  const operation = spec.paths[template]?.[method];
  if (!operation) return problemViolations(observed, 405);

  const status = String(observed.status);
  const declared = operation.responses[status];
  if (!declared) {
    return [`${observed.method} ${template} answered ${status}, which the contract does not document`];
  }
  const { value: response, path: responsePath } = dereference(declared, [
    "paths",
    template,
    method,
    "responses",
    status,
  ]);
  const violations: string[] = [];
  for (const [name, headerOrRef] of Object.entries(response.headers ?? {})) {
    const header = dereference(headerOrRef, []).value;
    if (header.required && !observed.headers.has(name)) violations.push(`required header ${name} is missing`);
  }
  const documented = Object.keys(response.content ?? {});
  if (documented.length === 0) {
    if (observed.text.length > 0) violations.push(`a ${status} answer has no documented body, got one`);
    return violations;
  }
  const mediaType = mediaTypeOf(observed.contentType);
  if (!documented.includes(mediaType)) {
    violations.push(`content type ${observed.contentType ?? "none"} is not one of ${documented.join(", ")}`);
    return violations;
  }
  const validate = validatorFor(...responsePath, "content", mediaType, "schema");
  const body: unknown = mediaType.endsWith("json") ? JSON.parse(observed.text) : observed.text;
  if (!validate(body)) violations.push(`body: ${ajv.errorsText(validate.errors)}`);
  return violations;
}
