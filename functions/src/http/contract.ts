/**
 * The vocabulary of the API contract: named schemas (OpenAPI components), named parameters and
 * named response headers. Resources declare theirs with these helpers next to their operations; the
 * OpenAPI document and the request validation both read them, so a name, a limit or a pattern is
 * written once.
 */
import { z } from "zod";

/**
 * Names `schema` as the component `components/schemas/<id>` of the document (and a `$ref` wherever it
 * is used). Use the returned schema: zod's metadata makes a copy that carries the name.
 */
export function named<Schema extends z.ZodType>(id: string, schema: Schema): Schema {
  return schema.meta({ id });
}

/**
 * What a schema's JSON Schema is, where the converter cannot see it (a transform that parses, say).
 * The document uses this instead of the converted form; a test checks the two agree on boundary values.
 */
export const documentedSchemas = new WeakMap<z.ZodType, Record<string, unknown>>();

export function documentedAs<Schema extends z.ZodType>(schema: Schema, jsonSchema: Record<string, unknown>): Schema {
  documentedSchemas.set(schema, jsonSchema);
  return schema;
}

export type ParameterLocation = "path" | "query" | "header";

export interface Parameter<Name extends string = string, Schema extends z.ZodType = z.ZodType> {
  /** The component name (`components/parameters/<id>`), e.g. OrderId. */
  id: string;
  /** The name on the wire: path segment, query key or header name. */
  name: Name;
  in: ParameterLocation;
  schema: Schema;
  description: string;
  required: boolean;
  example?: unknown;
}

export function parameter<Name extends string, Schema extends z.ZodType>(
  spec: Parameter<Name, Schema>,
): Parameter<Name, Schema> {
  return spec;
}

export interface ResponseHeader<Name extends string = string> {
  /** The component name (`components/headers/<id>`). */
  id: string;
  name: Name;
  description: string;
  schema: z.ZodType;
  example?: unknown;
}

export function responseHeader<Name extends string>(spec: ResponseHeader<Name>): ResponseHeader<Name> {
  return spec;
}

/** Header names as they appear on the wire, for typed replies. */
export type HeaderName<H extends readonly ResponseHeader[]> = H[number]["name"];
