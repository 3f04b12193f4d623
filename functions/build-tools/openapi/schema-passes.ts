/**
 * Touches the converter leaves for a document that generators read well: every `enum` and `const`
 * says its `type`, and a string has one `pattern` (zod writes a string with two regexes as an
 * `allOf` of pattern-only schemas, which some generators type as `unknown & unknown`). Also derives
 * the example of an answer from its schema's examples.
 */
type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** Keys whose values are data, not schemas: nothing inside them is touched. */
const DATA_KEYS = new Set(["example", "examples", "enum", "const", "default"]);

/** Keys whose values map names to schemas (a property may be called `example`). */
const NAMED_SCHEMA_KEYS = new Set(["properties", "patternProperties", "$defs", "schemas"]);

/** Applies `visit` to every object in `value`, children first, skipping example data. */
export function walkSchemas(value: unknown, visit: (node: Json) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walkSchemas(item, visit);
    return;
  }
  if (!isObject(value)) return;
  for (const [name, child] of Object.entries(value)) {
    if (NAMED_SCHEMA_KEYS.has(name) && isObject(child)) {
      for (const schema of Object.values(child)) walkSchemas(schema, visit);
    } else if (!DATA_KEYS.has(name)) {
      walkSchemas(child, visit);
    }
  }
  visit(value);
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** `type` beside an `enum` or `const` that has none, from the values it lists. */
export function addEnumType(node: Json): void {
  if (node.type !== undefined || node.$ref !== undefined) return;
  const values = Array.isArray(node.enum) ? (node.enum as unknown[]) : "const" in node ? [node.const] : undefined;
  if (!values || values.length === 0) return;
  let types = [...new Set(values.map(jsonType))];
  if (types.includes("number")) types = types.filter((type) => type !== "integer");
  node.type = types.length === 1 ? types[0] : types;
}

/** Whether `|` splits the pattern at its top level (outside groups and classes). */
function hasTopLevelAlternative(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === "\\") {
      index++;
    } else if (inClass) {
      if (char === "]") inClass = false;
    } else if (char === "[") {
      inClass = true;
    } else if (char === "(") {
      depth++;
    } else if (char === ")") {
      depth--;
    } else if (char === "|" && depth === 0) {
      return true;
    }
  }
  return false;
}

/** Anchored at the start, in one branch: it can only match at position 0. */
const startsAnchored = (pattern: string) => pattern.startsWith("^") && !hasTopLevelAlternative(pattern);

/**
 * One regular expression that matches where every one of `patterns` matches (each as JSON Schema's
 * `pattern`, which searches): a lookahead per pattern, at the start of the string. A pattern that is
 * anchored at the start is checked there directly, the last such one without a lookahead.
 */
export function combinePatterns(patterns: readonly string[]): string {
  if (patterns.length === 1) return patterns[0] ?? "";
  if (patterns.some((pattern) => /\\[1-9]|\\k</.test(pattern)))
    throw new Error(`Cannot combine patterns with back-references: ${patterns.join(" ")}`);
  const anchored = patterns.filter(startsAnchored);
  const last = anchored.at(-1);
  const lookaheads = patterns
    .filter((pattern) => pattern !== last)
    .map((pattern) => {
      if (startsAnchored(pattern)) return `(?=${pattern.slice(1)})`;
      return hasTopLevelAlternative(pattern) ? `(?=[\\s\\S]*?(?:${pattern}))` : `(?=[\\s\\S]*?${pattern})`;
    });
  return `^${lookaheads.join("")}${last === undefined ? "" : last.slice(1)}`;
}

/** Folds `allOf` members that hold only a `pattern` into the schema's own, single `pattern`. */
export function mergePatterns(node: Json): void {
  if (!Array.isArray(node.allOf)) return;
  const members = node.allOf as unknown[];
  const patternOnly = members.filter(
    (member): member is { pattern: string } =>
      isObject(member) && Object.keys(member).length === 1 && typeof member.pattern === "string",
  );
  if (patternOnly.length === 0) return;
  const patterns = [...(typeof node.pattern === "string" ? [node.pattern] : []), ...patternOnly.map((m) => m.pattern)];
  node.pattern = combinePatterns(patterns);
  const rest = members.filter((member) => !patternOnly.includes(member as { pattern: string }));
  if (rest.length > 0) node.allOf = rest;
  else delete node.allOf;
}

/** Follows a local `$ref`. */
function resolved(document: Json, node: Json): Json {
  let current = node;
  for (let depth = 0; depth < 20 && typeof current.$ref === "string"; depth++) {
    const target = schemaAt(document, current.$ref);
    if (!target) throw new Error(`Unresolved reference ${current.$ref}`);
    current = target;
  }
  return current;
}

/**
 * An example of what a schema describes, made of the examples its schemas give (the schema's own
 * first, then its properties', items' and variants'); undefined where no example is given.
 */
export function exampleOf(document: Json, schema: unknown): unknown {
  if (!isObject(schema)) return undefined;
  const node = resolved(document, schema);
  if (Array.isArray(node.examples) && node.examples.length > 0) return node.examples[0];
  if ("example" in node) return node.example;
  if ("const" in node) return node.const;
  if (Array.isArray(node.enum) && node.enum.length > 0) return node.enum[0];
  if (Array.isArray(node.allOf)) {
    const parts = node.allOf.map((member) => exampleOf(document, member));
    if (parts.every(isObject)) return Object.assign({}, ...parts) as Json;
  }
  for (const variants of [node.oneOf, node.anyOf]) {
    if (!Array.isArray(variants)) continue;
    for (const variant of variants) {
      if (isObject(variant) && variant.type === "null") continue;
      const example = exampleOf(document, variant);
      if (example !== undefined) return example;
    }
    return variants.some((variant) => isObject(variant) && variant.type === "null") ? null : undefined;
  }
  if (node.type === "array") {
    const item = exampleOf(document, node.items);
    return item === undefined ? undefined : [item];
  }
  if (isObject(node.properties)) {
    const required = new Set(Array.isArray(node.required) ? (node.required as string[]) : []);
    const example: Json = {};
    for (const [name, property] of Object.entries(node.properties)) {
      const value = exampleOf(document, property);
      if (value !== undefined) example[name] = value;
      else if (required.has(name)) return undefined;
    }
    return example;
  }
  return undefined;
}

/** Keywords that say something about a value rather than constrain it: they stay beside a `$ref`. */
const ANNOTATIONS = new Set(["description", "title", "example", "examples", "readOnly", "writeOnly", "deprecated"]);

function constraintsOf(node: Json): string {
  return JSON.stringify(
    Object.fromEntries(
      Object.entries(node)
        .filter(([name]) => !ANNOTATIONS.has(name))
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  );
}

/**
 * Names a fragment that recurs in place (a timestamp's type, format, length and zod's 300-character
 * date-time pattern): every schema with exactly its constraints becomes a `$ref` to the named
 * component, keeping its own annotations. Answers whether any was found.
 */
export function hoistFragment(parts: readonly unknown[], name: string, fragment: Json): boolean {
  const wanted = constraintsOf(fragment);
  const ref = `#/components/schemas/${name}`;
  let found = false;
  for (const part of parts) {
    walkSchemas(part, (node) => {
      if (node === fragment || node.$ref !== undefined || constraintsOf(node) !== wanted) return;
      for (const key of Object.keys(node)) {
        // An annotation the fragment already says goes too: each sentence is written once.
        const said = ANNOTATIONS.has(key) && JSON.stringify(node[key]) === JSON.stringify(fragment[key]);
        if (!ANNOTATIONS.has(key) || said) Reflect.deleteProperty(node, key);
      }
      node.$ref = ref;
      found = true;
    });
  }
  return found;
}

/** Where a schema is, as a JSON pointer into the document (`#/components/schemas/Product/properties/price`). */
export function schemaAt(document: unknown, pointer: string): Json | undefined {
  let target: unknown = document;
  for (const part of pointer.replace(/^#\//, "").split("/")) {
    target = isObject(target) ? target[part.replace(/~1/g, "/").replace(/~0/g, "~")] : undefined;
  }
  return isObject(target) ? target : undefined;
}

/** A copy of a schema's constraints, without what it says about itself: a fragment to name. */
export function constraintsCopy(node: Json): Json {
  return JSON.parse(
    JSON.stringify(Object.fromEntries(Object.entries(node).filter(([name]) => !ANNOTATIONS.has(name)))),
  ) as Json;
}

/**
 * A component with exactly the constraints of another (a full update that takes what a create takes)
 * becomes a reference to it, with its own annotations: generators make it an alias of the other.
 */
export function aliasIdenticalComponents(schemas: Record<string, Json>): void {
  const first = new Map<string, string>();
  for (const [name, schema] of Object.entries(schemas)) {
    if (schema.$ref !== undefined) continue;
    const constraints = constraintsOf(schema);
    const original = first.get(constraints);
    if (original === undefined) {
      first.set(constraints, name);
      continue;
    }
    for (const key of Object.keys(schema)) if (!ANNOTATIONS.has(key)) Reflect.deleteProperty(schema, key);
    schema.$ref = `#/components/schemas/${original}`;
  }
}

/** The component a media type's schema names directly, if it names one. */
function namedComponent(media: Json): string | undefined {
  const schema = media.schema;
  const ref = isObject(schema) ? schema.$ref : undefined;
  return typeof ref === "string" && ref.startsWith("#/components/schemas/")
    ? ref.slice("#/components/schemas/".length)
    : undefined;
}

/**
 * A property's own example is dropped where the whole object has one (its schema's `examples`, or
 * a media type's example of it), and a schema's only example where a media type shows the same: the
 * same value, shown once, where tools and readers look for it.
 */
export function dropPropertyExamplesShownWhole(document: {
  paths: unknown;
  components: { schemas: Record<string, Json>; responses?: unknown };
}): void {
  const shownWhole = new Set<string>();
  for (const [name, schema] of Object.entries(document.components.schemas))
    if (Array.isArray(schema.examples) && schema.examples.length > 0) shownWhole.add(name);
  const visitMedia = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visitMedia);
      return;
    }
    if (!isObject(value)) return;
    if (isObject(value.content))
      for (const media of Object.values(value.content)) {
        if (!isObject(media) || (media.example === undefined && media.examples === undefined)) continue;
        const name = namedComponent(media);
        if (!name) continue;
        shownWhole.add(name);
        // The schema's only example, the same as the media type's, is said once: by the media type.
        const schema = document.components.schemas[name];
        const own = schema?.examples;
        if (Array.isArray(own) && own.length === 1 && JSON.stringify(own[0]) === JSON.stringify(media.example))
          delete schema?.examples;
      }
    for (const child of Object.values(value)) visitMedia(child);
  };
  visitMedia(document.paths);
  visitMedia(document.components.responses);
  for (const name of shownWhole) {
    const properties = document.components.schemas[name]?.properties;
    if (!isObject(properties)) continue;
    for (const property of Object.values(properties)) {
      if (!isObject(property)) continue;
      delete property.example;
      delete property.examples;
    }
  }
}
