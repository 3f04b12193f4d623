/** Every example in openapi.yaml is valid against the schema it illustrates. */
import { describe, expect, it } from "vitest";
import { dereference, errorsText, openApiDocument, validatorAt, type JsonObject } from "../support/document.js";

interface Example {
  where: string;
  value: unknown;
  schemaPath: string[];
}

/** Walks the document for examples and the schema each one belongs to. */
function examplesOf(document: typeof openApiDocument): Example[] {
  const found: Example[] = [];
  const mediaExamples = (media: JsonObject, schemaPath: string[], where: string) => {
    if ("example" in media) found.push({ where, value: media.example, schemaPath });
    for (const [name, example] of Object.entries((media.examples ?? {}) as Record<string, JsonObject>)) {
      // A shared example (components/examples) is checked against every schema that refers to it.
      found.push({
        where: `${where} (${name})`,
        value: (dereference(example) as { value?: unknown }).value,
        schemaPath,
      });
    }
  };
  const content = (holder: JsonObject, base: string[], where: string) => {
    for (const [type, media] of Object.entries((holder.content ?? {}) as Record<string, JsonObject>)) {
      mediaExamples(media, [...base, "content", type, "schema"], `${where} ${type}`);
    }
  };
  for (const [path, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const at = ["paths", path, method];
      if (operation.requestBody)
        content(operation.requestBody as JsonObject, [...at, "requestBody"], `${method} ${path} request`);
      for (const [status, response] of Object.entries(operation.responses as Record<string, JsonObject>)) {
        if (!("$ref" in response)) content(response, [...at, "responses", status], `${method} ${path} ${status}`);
      }
    }
  }
  for (const [name, response] of Object.entries(document.components.responses ?? {})) {
    content(response, ["components", "responses", name], `response ${name}`);
  }
  for (const [name, parameter] of Object.entries(document.components.parameters ?? {})) {
    if ("example" in parameter) {
      found.push({
        where: `parameter ${name}`,
        value: parameter.example,
        schemaPath: ["components", "parameters", name, "schema"],
      });
    }
  }
  for (const [name, header] of Object.entries(document.components.headers ?? {})) {
    if ("example" in header) {
      found.push({
        where: `header ${name}`,
        value: header.example,
        schemaPath: ["components", "headers", name, "schema"],
      });
    }
  }
  /** Schema-level examples, including on properties, at any depth. */
  const walk = (schema: unknown, path: string[]) => {
    if (typeof schema !== "object" || schema === null) return;
    const object = schema as JsonObject;
    for (const [index, example] of ((object.examples ?? []) as unknown[]).entries()) {
      found.push({ where: `schema ${path.join(".")} examples[${index}]`, value: example, schemaPath: path });
    }
    if ("example" in object)
      found.push({ where: `schema ${path.join(".")} example`, value: object.example, schemaPath: path });
    for (const [key, child] of Object.entries((object.properties ?? {}) as JsonObject))
      walk(child, [...path, "properties", key]);
    if (object.items) walk(object.items, [...path, "items"]);
  };
  for (const [name, schema] of Object.entries(document.components.schemas ?? {}))
    walk(schema, ["components", "schemas", name]);
  return found;
}

function invalid(examples: Example[]): string[] {
  return examples.flatMap(({ where, value, schemaPath }) => {
    // A property's example may sit beside a $ref (readOnly request fields): check against what it names.
    const schema = dereference(schemaPath.reduce<unknown>((node, key) => (node as JsonObject)[key], openApiDocument));
    if (schema === undefined) return [`${where}: no schema at ${schemaPath.join("/")}`];
    const validate = validatorAt(schemaPath);
    return validate(value) ? [] : [`${where}: ${errorsText(validate)}`];
  });
}

describe("The document's examples", () => {
  const examples = examplesOf(openApiDocument);

  it("When every example is checked against its schema, then all are valid", () => {
    expect(examples.length).toBeGreaterThan(60);
    expect(invalid(examples)).toEqual([]);
  });

  it("When the success answers are read, then each body has a media-type example (Postman and the viewers show it)", () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(openApiDocument.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation.responses as Record<string, JsonObject>)) {
          if (Number(status) >= 400) continue;
          for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, JsonObject>)) {
            if (!("example" in media) && Object.keys(media.examples ?? {}).length === 0)
              missing.push(`${method} ${path} ${status} ${type}`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("When an example is wrong, then the check says where", () => {
    const order = (openApiDocument.components.examples?.Order as { value?: JsonObject } | undefined)?.value;
    expect(order).toBeDefined();
    const broken: Example[] = [
      { where: "broken order", value: { ...order, amount: 12 }, schemaPath: ["components", "schemas", "Order"] },
    ];
    expect(invalid(broken)).toEqual([expect.stringMatching(/^broken order: /)]);
  });
});
