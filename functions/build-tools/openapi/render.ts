/**
 * The document as YAML, compact where that stays readable: a map or list that fits on one line
 * (a `$ref`, a string's limits, an enum's values, a problem answer's code list, a short example) is
 * written in flow style, `{ $ref: ... }`, rather than one indented line per entry, which is where a
 * block-style document spends most of its bytes.
 */
import { Document, isMap, isPair, isScalar, isSeq, type Node } from "yaml";

/**
 * The longest flow collection, in characters, before the key and indentation in front of it: wide
 * enough for an operation's code list or a media type with its schema and example on one line.
 */
const FLOW_WIDTH = 280;

function flowLength(node: Node): number {
  const alone = new Document(null);
  alone.contents = node;
  return alone.toString({ lineWidth: 0, flowCollectionPadding: false }).trimEnd().length;
}

/** Decides children first: a collection is written in flow style only when all of it is, and fits. */
function compact(node: unknown): boolean {
  if (isScalar(node)) return !(typeof node.value === "string" && node.value.includes("\n"));
  if (!isMap(node) && !isSeq(node)) return false;
  let childrenFit = true;
  for (const item of node.items) {
    const child: unknown = isPair(item) ? item.value : item;
    if (!compact(child)) childrenFit = false;
  }
  if (!childrenFit || node.items.length === 0) return childrenFit;
  node.flow = true;
  if (flowLength(node) <= FLOW_WIDTH) return true;
  node.flow = false;
  return false;
}

export function renderYaml(value: unknown, header = ""): string {
  const document = new Document(value, { aliasDuplicateObjects: false });
  compact(document.contents);
  return header + document.toString({ lineWidth: 0, flowCollectionPadding: false });
}
