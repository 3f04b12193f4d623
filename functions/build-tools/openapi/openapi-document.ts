/**
 * The OpenAPI 3.1 document, generated from the operations tables: every path, parameter, body,
 * response, header and error code comes from an operation's declaration, and every schema from the
 * zod schema that validates it (zod's own JSON Schema conversion). `npm run openapi` writes it to
 * openapi.yaml; a test fails when the committed file differs.
 *
 * Build-time code: it lives outside functions/src, so neither the functions bundle nor the runtime
 * tree holds it; the api function serves the file the build produced.
 */
import { z } from "zod";
import { documentedSchemas, type Parameter, type ResponseHeader } from "../../src/http/contract.js";
import {
  problemSchema,
  rateLimitHeaders,
  requestIdHeader,
  retryAfterHeader,
  validationProblemSchema,
  wwwAuthenticateHeader,
} from "../../src/http/common-contract.js";
import { deprecationHeaders, deprecationValue, sunsetValue, successorLink } from "../../src/http/deprecation.js";
import type { AnyOperation, ResponseSpec } from "../../src/http/operations.js";
import { AMOUNT_JSON_SCHEMA } from "../../src/platform/money.js";
import { allOperations } from "../../src/resources.js";
import { DOCUMENTED_ISSUER } from "../../src/docs/server-url.js";
import { API_VERSION } from "./api-version.js";
import { errorsByStatus, PROBLEM_CODE, problemCodeSchema, problemResponses } from "./problems.js";
import {
  addEnumType,
  aliasIdenticalComponents,
  exampleOf,
  constraintsCopy,
  dropPropertyExamplesShownWhole,
  hoistFragment,
  mergePatterns,
  schemaAt,
  walkSchemas,
} from "./schema-passes.js";

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

/**
 * Fragments that recur in place, named once: a time and a day as every schema here has them (zod's
 * ISO date-time and date, each spelling out its grammar in a 300-character pattern) and an email address.
 */
function sharedFragments(): Record<string, Json> {
  const converted = (schema: z.ZodType) => stripHeader(z.toJSONSchema(schema));
  return {
    Email: { ...converted(z.email().max(254)), description: "An email address.", example: "alice@example.com" },
    Timestamp: {
      ...converted(z.iso.datetime().max(40)),
      description: "An instant, in UTC: ISO 8601 (RFC 3339) with `Z`.",
      example: "2024-01-15T10:30:00.000Z",
    },
    CalendarDate: {
      ...converted(z.iso.date().max(10)),
      description: "A day, YYYY-MM-DD, on the shop's calendar.",
      example: "2024-01-15",
    },
  };
}
const OPENID = "firebaseOpenId";

/**
 * Values that recur under many names (a price, a count, a product's id), named where they first
 * appear: the constraints at `at` become the component, with the description given here, or the
 * one at `at` where every copy says the same. Each place keeps what it says of itself.
 */
const RECURRING: readonly { name: string; at: string; description?: string; own?: true }[] = [
  {
    name: "Money",
    at: "Product/properties/price",
    description: "An amount: a string with 2 decimals.",
  },
  {
    name: "MoneyInput",
    at: "ProductCreate/properties/price",
    description: AMOUNT_JSON_SCHEMA.description,
  },
  { name: "Currency", at: "Order/properties/currency", description: "ISO 4217." },
  { name: "Count", at: "SuppressionCount/properties/count", description: "A count, 0 or more." },
  { name: "ResourceId", at: "Product/properties/id", description: "A Firestore document id." },
  {
    name: "Stock",
    at: "Product/properties/stock",
    description: "Units on hand, or null: not counted.",
  },
  { name: "PhoneNumberInput", at: "Registration/properties/phone_number", own: true },
  { name: "Username", at: "Registration/properties/username", own: true },
];

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

// `required: false` is OpenAPI's default, so only a required header or parameter says it.
function headerObject(header: ResponseHeader, required: boolean, used: Map<string, Io>): Json {
  return {
    description: header.description,
    ...(required ? { required } : {}),
    schema: inlineSchema(header.schema, "output", used),
    ...(header.example === undefined ? {} : { example: header.example }),
  };
}

function parameterObject(parameter: Parameter, used: Map<string, Io>): Json {
  const schema = inlineSchema(parameter.schema, "input", used);
  return {
    name: parameter.name,
    in: parameter.in,
    ...(parameter.required ? { required: true } : {}),
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

interface Builder {
  used: Map<string, Io>;
  parameters: Record<string, Json>;
  headers: Record<string, Json>;
  /** Media types of success answers whose example comes from their schema, once schemas are known. */
  derivedExamples: { where: string; media: Json }[];
}

function headerRef(builder: Builder, header: ResponseHeader, required: boolean): Json {
  const id = required ? header.id : `${header.id}Optional`;
  builder.headers[id] ??= headerObject(header, required, builder.used);
  return { $ref: `#/components/headers/${id}` };
}

/** The deprecation headers of a deprecated operation's answers, with its own values as examples. */
function deprecationHeaderObjects(builder: Builder, operation: AnyOperation): Json {
  const deprecation = operation.deprecated;
  if (!deprecation) return {};
  const [deprecated, sunset, link] = deprecationHeaders;
  const examples = [
    deprecationValue(deprecation),
    sunsetValue(deprecation),
    successorLink(operation.path, operation.path, deprecation),
  ];
  return Object.fromEntries(
    [deprecated, sunset, link].map((header, index) => [
      header.name,
      { ...headerObject(header, true, builder.used), example: examples[index] },
    ]),
  );
}

type ProblemAnswers = ReturnType<typeof problemResponses>;

function operationObject(builder: Builder, operation: AnyOperation, problems: ProblemAnswers): Json {
  const parameters = [...(operation.params ?? []), ...(operation.query ?? []), ...(operation.headers ?? [])].map(
    (parameter) => {
      builder.parameters[parameter.id] ??= parameterObject(parameter, builder.used);
      return { $ref: `#/components/parameters/${parameter.id}` };
    },
  );

  const responses: Json = {};
  for (const [statusText, spec] of Object.entries<ResponseSpec>(operation.responses)) {
    const headers: Json = {};
    for (const header of spec.headers ?? []) headers[header.name] = headerRef(builder, header, true);
    for (const header of spec.optionalHeaders ?? []) headers[header.name] = headerRef(builder, header, false);
    if (operation.rateLimit)
      for (const header of rateLimitHeaders) headers[header.name] = headerRef(builder, header, true);
    Object.assign(headers, deprecationHeaderObjects(builder, operation));
    const response: Json = { description: spec.description, ...(Object.keys(headers).length > 0 ? { headers } : {}) };
    if (spec.body) {
      const schema = inlineSchema(spec.body, "output", builder.used);
      // An unnamed schema's examples are the answer's: written once, as the media type's example.
      const { examples, example: own, ...unnamed } = schema as Json & { examples?: unknown[]; example?: unknown };
      const example = spec.example ?? own ?? examples?.[0];
      response.content = Object.fromEntries(
        mediaTypes(spec).map((type) => {
          const media: Json = { schema: unnamed };
          if (example === undefined)
            builder.derivedExamples.push({ where: `${operation.operationId} ${statusText} ${type}`, media });
          else media.example = example;
          return [type, media];
        }),
      );
    }
    responses[statusText] = response;
  }
  for (const [status, codes] of errorsByStatus(operation)) {
    responses[String(status)] = problems.responseFor(status, codes);
  }

  const deprecation = operation.deprecated;
  const notes = [
    operation.description ?? operation.summary,
    ...(deprecation
      ? [
          `Deprecated since ${deprecation.since}; it may stop answering from ${deprecation.sunset}. Every answer says so in \`Deprecation\` and \`Sunset\`, with a \`Link\` to \`${deprecation.successor}\`.`,
        ]
      : []),
  ];
  const body = operation.body;
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    description: notes.join("\n\n"),
    tags: [...operation.tags],
    ...(deprecation ? { deprecated: true } : {}),
    // Signed-in by default (the document's `security`); public operations say they need nothing.
    ...(operation.access === "public" ? { security: [] } : {}),
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

export type OpenApiDocument = Json & {
  info: Json & { version: string };
  paths: Record<string, Record<string, Json>>;
  components: Json & { schemas: Record<string, Json>; responses: Record<string, Json> };
};

/** What a browser loads: pages, scripts and stylesheets. */
const PAGE_TYPES = new Set(["text/html", "text/javascript", "text/css"]);

/**
 * The docs viewers' pages and their assets are served like operations but are no part of the API: a
 * client of the API has no use for them, nor a generated SDK for a method per stylesheet. The
 * document's own description names them.
 */
function isPage(operation: AnyOperation): boolean {
  const types = Object.values<ResponseSpec>(operation.responses).flatMap((spec) => (spec.body ? mediaTypes(spec) : []));
  return types.length > 0 && types.every((type) => PAGE_TYPES.has(type));
}

/** The API's operations, in the registry's order (functions/src/resources.ts), less the viewers' pages. */
export async function documentedOperations(): Promise<AnyOperation[]> {
  return (await allOperations()).filter((operation) => !isPage(operation));
}

/** The components the chosen ones reach, added until none is missing. */
function closeOverReferences(
  schemas: Record<string, Json>,
  inputs: Record<string, Json>,
  outputs: Record<string, Json>,
): void {
  let added = true;
  while (added) {
    added = false;
    for (const match of JSON.stringify(schemas).matchAll(/#\/components\/schemas\/([A-Za-z0-9]+)/g)) {
      const id = match[1] ?? "";
      if (schemas[id]) continue;
      const found = outputs[id] ?? inputs[id];
      if (!found) throw new Error(`The schema ${id} is referenced but not named`);
      schemas[id] = found;
      added = true;
    }
  }
}

/** What a schema reference names, for an example of it: `Order`, or `OrderList` for an array of them. */
function exampleName(schema: unknown): string | undefined {
  const { $ref, type, items } = schema as { $ref?: string; type?: string; items?: { $ref?: string } };
  if ($ref) return $ref.slice(SCHEMA_PREFIX.length);
  if (type === "array" && items?.$ref) return `${items.$ref.slice(SCHEMA_PREFIX.length)}List`;
  return undefined;
}

/**
 * Gives each success answer without an example of its own one made of its schema's examples. An
 * example used by several answers is written once, in components/examples, and referenced.
 */
function successExamples(document: OpenApiDocument, derived: Builder["derivedExamples"]): Record<string, Json> {
  const found = derived.map(({ where, media }) => {
    const value = exampleOf(document, media.schema);
    if (value === undefined) throw new Error(`${where}: give the answer's schema an example (meta examples)`);
    return { media, value, name: exampleName(media.schema), text: JSON.stringify(value) };
  });
  const uses = new Map<string, number>();
  for (const { text } of found) uses.set(text, (uses.get(text) ?? 0) + 1);
  const examples: Record<string, Json> = {};
  for (const { media, value, name, text } of found) {
    if (name === undefined || (uses.get(text) ?? 0) < 2) {
      media.example = value;
      // Written once: the answer's copy is the one tools read, so the schema's identical copy goes.
      const own = media.schema as { $ref?: string } | undefined;
      const schema = own?.$ref ? document.components.schemas[own.$ref.slice(SCHEMA_PREFIX.length)] : undefined;
      if (schema && JSON.stringify((schema.examples as unknown[] | undefined)?.[0]) === text) delete schema.examples;
      continue;
    }
    const existing = examples[name];
    if (existing && JSON.stringify(existing.value) !== text) throw new Error(`Two examples would be named ${name}`);
    examples[name] = { value };
    media.examples = { [name]: { $ref: `#/components/examples/${name}` } };
    // Written once: the schema's own copy of the same example goes.
    const schema = document.components.schemas[name];
    if (schema && JSON.stringify((schema.examples as unknown[] | undefined)?.[0]) === text) delete schema.examples;
  }
  return Object.fromEntries(Object.entries(examples).sort(([a], [b]) => a.localeCompare(b)));
}

export async function buildOpenApiDocument(operations?: readonly AnyOperation[]): Promise<OpenApiDocument> {
  return documentFor(operations ?? (await documentedOperations()));
}

function documentFor(operations: readonly AnyOperation[]): OpenApiDocument {
  const builder: Builder = { used: new Map(), parameters: {}, headers: {}, derivedExamples: [] };
  builder.used.set(PROBLEM, "output");
  builder.used.set(VALIDATION_PROBLEM, "output");
  const problems = problemResponses(
    operations,
    { problem: PROBLEM, validationProblem: VALIDATION_PROBLEM },
    {
      ref: (header, required) => headerRef(builder, header, required),
      wwwAuthenticate: wwwAuthenticateHeader,
      retryAfter: retryAfterHeader,
      rateLimit: rateLimitHeaders,
    },
  );

  const paths: Record<string, Record<string, Json>> = {};
  for (const operation of operations) {
    paths[operation.path] ??= {};
    (paths[operation.path] as Record<string, Json>)[operation.method] = operationObject(builder, operation, problems);
  }

  const inputs = componentSchemas("input");
  const outputs = componentSchemas("output");
  const schemas: Record<string, Json> = {};
  for (const id of [...builder.used.keys()].sort()) {
    // A component is converted for the direction it is used in.
    const chosen = builder.used.get(id) === "input" ? inputs[id] : outputs[id];
    if (!chosen) throw new Error(`The schema ${id} is used but not named`);
    schemas[id] = chosen;
  }
  closeOverReferences(schemas, inputs, outputs);

  // Each code's meaning once: a problem's `code` is a ProblemCode, which each answer narrows.
  schemas[PROBLEM_CODE] = problemCodeSchema();
  const problemProperties = (schemas[PROBLEM] as { properties?: Record<string, Json> } | undefined)?.properties;
  if (!problemProperties?.code) throw new Error(`${PROBLEM} has no code`);
  problemProperties.code = { $ref: `${SCHEMA_PREFIX}${PROBLEM_CODE}` };
  const sortedSchemas = Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));

  const document: OpenApiDocument = {
    openapi: "3.1.0",
    info: {
      title: "Customer orders API",
      version: API_VERSION,
      summary: "Customers' orders on Firebase, with an SMS for each.",
      description:
        "Customers register (or sign in with Google or another OpenID Connect provider) and manage their orders, each confirmed by SMS; staff fulfil them.\n\n" +
        "Errors are RFC 9457 problems with a stable `code` (see `ProblemCode`); each operation names its codes per status. Every path also works without its trailing slash. Swagger UI is at `/docs/`, ReDoc at `/redoc/`.\n\n" +
        `Every answer carries \`X-Request-Id\`. ${requestIdHeader.description}\n\n` +
        "Versions follow semantic versioning (CHANGELOG.md); a deprecated operation says so in every answer.",
      contact: { name: "Customer orders API maintainers" },
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [
      {
        url: "https://{site}.web.app/api",
        description: "Production, through Firebase Hosting",
        "x-internal": false,
        variables: { site: { default: "your-project-id", description: "The Hosting site" } },
      },
      {
        url: "https://{region}-{project}.cloudfunctions.net/api/api",
        description: "Production, the `api` function itself",
        "x-internal": false,
        variables: {
          region: { default: "us-central1", description: "FUNCTIONS_REGION" },
          project: { default: "your-project-id", description: "The Firebase project id" },
        },
      },
    ],
    security: [{ [BEARER]: [] }, { [OPENID]: [] }],
    tags: [
      { name: "Accounts", description: "Sign-in and the caller's profile." },
      { name: "Catalogue", description: "The shop's products, prices and stock." },
      { name: "Orders", description: "The caller's own orders." },
      { name: "Staff", description: "For users with the staff role." },
      { name: "Notifications", description: "Callbacks from the SMS provider." },
      { name: "Operations", description: "Health, this document and its viewers." },
    ],
    paths,
    components: {
      schemas: sortedSchemas,
      parameters: builder.parameters,
      headers: builder.headers,
      responses: problems.components,
      securitySchemes: {
        [BEARER]: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "A Firebase ID token: `token` from `POST /login/` or `POST /token/refresh/`, or from a Firebase client SDK sign-in. Staff routes need the claim `role: staff`. Checked as RFC8725 advises.",
        },
        [OPENID]: {
          type: "openIdConnect",
          openIdConnectUrl: `${DOCUMENTED_ISSUER}/.well-known/openid-configuration`,
          description: "The issuer of bearerAuth's tokens.",
        },
      },
    },
  };

  for (const part of [document.paths, document.components])
    walkSchemas(part, (node) => {
      mergePatterns(node);
      addEnumType(node);
    });

  for (const [name, fragment] of Object.entries(sharedFragments())) {
    if (document.components.schemas[name]) throw new Error(`A schema is already named ${name}`);
    if (hoistFragment([document.paths, document.components], name, fragment))
      document.components.schemas[name] = fragment;
  }
  for (const { name, at, description, own } of RECURRING) {
    if (document.components.schemas[name]) throw new Error(`A schema is already named ${name}`);
    const source = schemaAt(document.components.schemas, at);
    // A document of some operations only (a test's) may not have it.
    if (!source) continue;
    const fragment = constraintsCopy(source);
    if (own) Object.assign(fragment, { description: source.description, example: source.example });
    else fragment.description = description;
    if (hoistFragment([document.paths, document.components], name, fragment))
      document.components.schemas[name] = fragment;
  }
  aliasIdenticalComponents(document.components.schemas);
  document.components.schemas = Object.fromEntries(
    Object.entries(document.components.schemas).sort(([a], [b]) => a.localeCompare(b)),
  );
  document.components.examples = successExamples(document, builder.derivedExamples);
  dropPropertyExamplesShownWhole(document);
  return document;
}
