/**
 * The OpenAPI 3.1 document, generated from the operations tables: every path, parameter, body,
 * response, header and error code comes from an operation's declaration, and every schema from the
 * zod schema that validates it (zod's own JSON Schema conversion). `npm run openapi` writes it to
 * openapi.yaml; a test fails when the committed file differs.
 *
 * Only this module and the build load it; the api function serves the file the build produced.
 */
import { STATUS_CODES } from "node:http";
import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "../http/error-codes.js";
import { documentedSchemas, type Parameter, type ResponseHeader } from "../http/contract.js";
import {
  problemSchema,
  rateLimitHeaders,
  requestIdHeader,
  retryAfterHeader,
  validationProblemSchema,
  wwwAuthenticateHeader,
} from "../http/common-contract.js";
import { errorsOf, type AnyOperation, type ResponseSpec } from "../http/operations.js";
import { OPERATION_TABLES } from "../operation-tables.js";
import { DOCUMENTED_ISSUER, DOCUMENTED_SERVER_URL } from "./server-url.js";

type Json = Record<string, unknown>;
type Io = "input" | "output";

const SCHEMA_PREFIX = "#/components/schemas/";

/** The component name a named schema was given (see http/contract.ts). */
function idOf(schema: z.ZodType): string {
  const id = (z.globalRegistry.get(schema) as { id?: unknown } | undefined)?.id;
  if (typeof id !== "string") throw new Error("A schema the document refers to by name has no name");
  return id;
}

const PROBLEM = idOf(problemSchema);
const VALIDATION_PROBLEM = idOf(validationProblemSchema);
const BEARER = "bearerAuth";
const OPENID = "firebaseOpenId";

/** Applies documentedAs() declarations, where the converter cannot see what a schema accepts. */
function applyDocumented(context: { zodSchema: unknown; jsonSchema: Json }): void {
  const documented = documentedSchemas.get(context.zodSchema as z.ZodType);
  if (!documented) return;
  for (const key of Object.keys(context.jsonSchema)) Reflect.deleteProperty(context.jsonSchema, key);
  Object.assign(context.jsonSchema, structuredClone(documented));
}

/** A JSON Schema as a document's component: without the $schema and $id a standalone one carries. */
function stripHeader(schema: Json): Json {
  const rest = { ...schema };
  delete rest.$schema;
  delete rest.$id;
  return rest;
}

/** Every named schema, converted once per direction. */
function componentSchemas(io: Io): Record<string, Json> {
  const converted = z.toJSONSchema(z.globalRegistry, {
    io,
    uri: (id) => `${SCHEMA_PREFIX}${id}`,
    unrepresentable: "any",
    override: applyDocumented,
  }) as { schemas: Record<string, Json> };
  return Object.fromEntries(Object.entries(converted.schemas).map(([id, schema]) => [id, stripHeader(schema)]));
}

/** A schema used in place: named schemas inside it become $refs to their components. */
function inlineSchema(schema: z.ZodType, io: Io, used: Map<string, Io>): Json {
  const converted = z.toJSONSchema(schema, { io, unrepresentable: "any", override: applyDocumented }) as Json;
  const text = JSON.stringify(stripHeader(converted)).replaceAll('"#/$defs/', `"${SCHEMA_PREFIX}`);
  const result = JSON.parse(text) as Json & { $defs?: Record<string, unknown> };
  for (const id of Object.keys(result.$defs ?? {})) used.set(id, io);
  const topId = (z.globalRegistry.get(schema) as { id?: string } | undefined)?.id;
  delete result.$defs;
  if (topId !== undefined) {
    used.set(topId, io);
    return { $ref: `${SCHEMA_PREFIX}${topId}` };
  }
  return result;
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join("");
}

function headerObject(header: ResponseHeader, required: boolean, used: Map<string, Io>): Json {
  return {
    description: header.description,
    required,
    schema: inlineSchema(header.schema, "output", used),
    ...(header.example === undefined ? {} : { example: header.example }),
  };
}

function parameterObject(parameter: Parameter, used: Map<string, Io>): Json {
  const schema = inlineSchema(parameter.schema, "input", used);
  return {
    name: parameter.name,
    in: parameter.in,
    required: parameter.required,
    description: parameter.description,
    schema,
    ...(parameter.example === undefined ? {} : { example: parameter.example }),
  };
}

function mediaTypes(spec: ResponseSpec): string[] {
  const declared = spec.mediaType ?? "application/json";
  return typeof declared === "string"
    ? [declared.split(";")[0] ?? declared]
    : declared.map((type) => type.split(";")[0] ?? type);
}

/** The headers an error answer carries, by status: [header, always sent]. */
function errorHeaders(status: number): [ResponseHeader, boolean][] {
  if (status === 401) return [[wwwAuthenticateHeader, true]];
  // Firebase Auth's own throttling (too_many_attempts) says when to retry, not how many are left.
  if (status === 429)
    return [[retryAfterHeader, true], ...rateLimitHeaders.map((header): [ResponseHeader, boolean] => [header, false])];
  if (status === 503) return [[retryAfterHeader, true]];
  return [];
}

interface Builder {
  used: Map<string, Io>;
  parameters: Record<string, Json>;
  headers: Record<string, Json>;
  responses: Record<string, Json>;
  /** status + codes -> how many operations answer exactly that. */
  errorCombos: Map<string, number>;
}

function headerRef(builder: Builder, header: ResponseHeader, required: boolean): Json {
  const id = required ? header.id : `${header.id}Optional`;
  builder.headers[id] ??= headerObject(header, required, builder.used);
  return { $ref: `#/components/headers/${id}` };
}

function problemSchemaFor(codes: readonly ErrorCode[]): Json {
  if (codes.length === 1 && codes[0] === "validation_error") return { $ref: `${SCHEMA_PREFIX}${VALIDATION_PROBLEM}` };
  return {
    allOf: [{ $ref: `${SCHEMA_PREFIX}${PROBLEM}` }, { type: "object", properties: { code: { enum: [...codes] } } }],
  };
}

function problemExamples(status: number, codes: readonly ErrorCode[]): Json {
  return Object.fromEntries(
    codes.map((code) => [
      code,
      {
        summary: ERROR_CODES[code].meaning,
        value: {
          type: "about:blank",
          title: STATUS_CODES[status] ?? "Error",
          status,
          detail: ERROR_CODES[code].meaning,
          code,
          ...(code === "validation_error"
            ? { errors: [{ field: "amount", message: "Use at most 2 decimal places." }] }
            : {}),
        },
      },
    ]),
  );
}

function errorResponse(builder: Builder, status: number, codes: readonly ErrorCode[]): Json {
  builder.used.set(PROBLEM, "output");
  builder.used.set(VALIDATION_PROBLEM, "output");
  const headers: Json = { "X-Request-Id": headerRef(builder, requestIdHeader, true) };
  for (const [header, required] of errorHeaders(status)) headers[header.name] = headerRef(builder, header, required);
  const meanings = codes.map((code) => `\`${code}\`: ${ERROR_CODES[code].meaning}`).join("\n- ");
  return {
    description: `${STATUS_CODES[status] ?? "Error"}.\n\n- ${meanings}`,
    headers,
    content: {
      "application/problem+json": { schema: problemSchemaFor(codes), examples: problemExamples(status, codes) },
    },
  };
}

function comboKey(status: number, codes: readonly ErrorCode[]): string {
  return `${status}:${codes.join(",")}`;
}

function errorsByStatus(operation: AnyOperation): Map<number, ErrorCode[]> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of errorsOf(operation)) {
    const status = ERROR_CODES[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  for (const [status, codes] of byStatus) {
    byStatus.set(
      status,
      (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => codes.includes(code)),
    );
  }
  return new Map([...byStatus].sort(([a], [b]) => a - b));
}

function operationObject(builder: Builder, operation: AnyOperation, sharedErrors: Map<string, string>): Json {
  const parameters = [...(operation.params ?? []), ...(operation.query ?? []), ...(operation.headers ?? [])].map(
    (parameter) => {
      builder.parameters[parameter.id] ??= parameterObject(parameter, builder.used);
      return { $ref: `#/components/parameters/${parameter.id}` };
    },
  );

  const responses: Json = {};
  for (const [statusText, spec] of Object.entries<ResponseSpec>(operation.responses)) {
    const headers: Json = { "X-Request-Id": headerRef(builder, requestIdHeader, true) };
    for (const header of spec.headers ?? []) headers[header.name] = headerRef(builder, header, true);
    for (const header of spec.optionalHeaders ?? []) headers[header.name] = headerRef(builder, header, false);
    if (operation.rateLimit)
      for (const header of rateLimitHeaders) headers[header.name] = headerRef(builder, header, true);
    const response: Json = { description: spec.description, headers };
    if (spec.body) {
      const schema = inlineSchema(spec.body, "output", builder.used);
      response.content = Object.fromEntries(
        mediaTypes(spec).map((type) => [
          type,
          { schema, ...(spec.example === undefined ? {} : { example: spec.example }) },
        ]),
      );
    }
    responses[statusText] = response;
  }
  for (const [status, codes] of errorsByStatus(operation)) {
    const shared = sharedErrors.get(comboKey(status, codes));
    responses[String(status)] = shared
      ? { $ref: `#/components/responses/${shared}` }
      : errorResponse(builder, status, codes);
  }

  const security = operation.access === "public" ? [] : [{ [BEARER]: [] }, { [OPENID]: [] }];
  const access =
    operation.access === "staff"
      ? "\n\nFor staff: the ID token must carry the custom claim `role: staff`."
      : operation.access === "customer"
        ? "\n\nNeeds `Authorization: Bearer <Firebase ID token>`."
        : "";
  const body = operation.body;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: `${operation.description ?? operation.summary}${access}`,
    tags: [...operation.tags],
    ...(operation.deprecated ? { deprecated: true } : {}),
    security,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: {
              [body.mediaType ?? "application/json"]: {
                schema: inlineSchema(body.schema, "input", builder.used),
                example: body.example,
              },
            },
          },
        }
      : {}),
    responses,
  };
}

export type OpenApiDocument = Json & { paths: Record<string, Record<string, Json>> };

/** The operations of every table, in table order. */
function allOperations(): AnyOperation[] {
  return Object.values(OPERATION_TABLES).flatMap((table) => table as readonly AnyOperation[]);
}

export function buildOpenApiDocument(operations: readonly AnyOperation[] = allOperations()): OpenApiDocument {
  const builder: Builder = { used: new Map(), parameters: {}, headers: {}, responses: {}, errorCombos: new Map() };

  // Error answers shared by several operations become components/responses, named after their status.
  for (const operation of operations) {
    for (const [status, codes] of errorsByStatus(operation)) {
      const key = comboKey(status, codes);
      builder.errorCombos.set(key, (builder.errorCombos.get(key) ?? 0) + 1);
    }
  }
  const sharedErrors = new Map<string, string>();
  const byStatus = new Map<number, [string, number][]>();
  for (const [key, count] of builder.errorCombos) {
    const status = Number(key.split(":")[0]);
    byStatus.set(status, [...(byStatus.get(status) ?? []), [key, count]]);
  }
  for (const [status, combos] of byStatus) {
    const [mostCommon] = [...combos].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    if (mostCommon && mostCommon[1] > 1)
      sharedErrors.set(mostCommon[0], pascal(STATUS_CODES[status] ?? `Status ${status}`));
  }
  for (const [key, name] of sharedErrors) {
    const [status, codes] = key.split(":") as [string, string];
    builder.responses[name] = errorResponse(builder, Number(status), codes.split(",") as ErrorCode[]);
  }

  const paths: Record<string, Record<string, Json>> = {};
  for (const operation of operations) {
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, Json>)[operation.method] = operationObject(
      builder,
      operation,
      sharedErrors,
    );
  }

  const inputs = componentSchemas("input");
  const outputs = componentSchemas("output");
  const schemas: Record<string, Json> = {};
  for (const id of [...builder.used.keys()].sort()) {
    // A component is converted for the direction it is used in; one used both ways must read the same.
    const input = inputs[id];
    const output = outputs[id];
    const chosen = builder.used.get(id) === "input" ? input : output;
    if (!chosen) throw new Error(`The schema ${id} is used but not named`);
    schemas[id] = chosen;
  }
  // Components reference each other: keep adding what the chosen ones reach.
  let added = true;
  while (added) {
    added = false;
    for (const match of JSON.stringify(schemas).matchAll(/#\/components\/schemas\/([A-Za-z0-9]+)/g)) {
      const id = match[1] ?? "";
      if (!schemas[id]) {
        const found = outputs[id] ?? inputs[id];
        if (!found) throw new Error(`The schema ${id} is referenced but not named`);
        schemas[id] = found;
        added = true;
      }
    }
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Customer orders API",
      version: "1.0.0",
      summary: "Customers' orders on Firebase, with an SMS for each.",
      description:
        "Customers register (or sign in with Google or another OpenID Connect provider and complete a profile), log in with Firebase Authentication and manage their own orders; every new order sends an order-confirmation SMS once the phone number is proven. Staff fulfil orders. Errors are RFC 9457 problems (`application/problem+json`) with a stable `code` (each operation lists its codes per status). Every path also works without its trailing slash, and every answer carries `X-Request-Id`.",
      contact: { name: "Customer orders API maintainers" },
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [
      {
        url: "https://{region}-{project}.cloudfunctions.net/api/api",
        description: "Production: the deployed `api` function",
        "x-internal": false,
        variables: {
          region: { default: "us-central1", description: "FUNCTIONS_REGION" },
          project: { default: "your-project-id", description: "The Firebase project id" },
        },
      },
      {
        url: "https://{site}.web.app/api",
        description: "Production: through the Firebase Hosting rewrite of /api/**",
        "x-internal": false,
        variables: { site: { default: "your-project-id", description: "The Hosting site" } },
      },
      { url: DOCUMENTED_SERVER_URL, description: "Local: the Firebase Emulator Suite (npm start)", "x-internal": true },
    ],
    tags: [
      { name: "Accounts", description: "Registration, sign-in, tokens and the caller's profile." },
      { name: "Catalogue", description: "The shop's products, prices and stock." },
      { name: "Orders", description: "The caller's own orders." },
      { name: "Staff", description: "Order fulfilment and the catalogue's upkeep, for users with the staff role." },
      { name: "Notifications", description: "Callbacks from the SMS provider." },
      { name: "Operations", description: "Health, this document and its viewers." },
    ],
    paths,
    components: {
      schemas,
      parameters: builder.parameters,
      headers: builder.headers,
      responses: builder.responses,
      securitySchemes: {
        [BEARER]: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "A Firebase ID token: `token` from `POST /login/` or `POST /token/refresh/`, or the ID token of a Firebase client SDK sign-in (email and password, Google, another OpenID Connect provider). Staff routes need the custom claim `role: staff`. Tokens are checked as RFC8725 advises: Firebase Admin verifies the RS256 signature against Google's keys, the issuer and audience of this project, expiry, and revocation on every request; they live one hour.",
        },
        [OPENID]: {
          type: "openIdConnect",
          openIdConnectUrl: `${DOCUMENTED_ISSUER}/.well-known/openid-configuration`,
          description:
            "Firebase Auth as the OpenID Connect issuer of the project's ID tokens (the same tokens as bearerAuth).",
        },
      },
    },
  };
}
