/**
 * Postman, as teams import the document: openapi-to-postmanv2's saved responses are the document's
 * media-type examples, not values made up from schemas.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { convert } from "openapi-to-postmanv2";
import { beforeAll, describe, expect, it } from "vitest";
import { dereference, openApiDocument, type JsonObject } from "../support/document.js";

interface SavedResponse {
  code: number;
  body?: string;
}
interface Item {
  name: string;
  item?: Item[];
  response?: SavedResponse[];
}

function collectionItems(): Promise<Item[]> {
  const data = readFileSync(resolve(__dirname, "../../../openapi.yaml"), "utf8");
  return new Promise((done, fail) => {
    convert({ type: "string", data }, {}, (error, result) => {
      if (error) {
        fail(error instanceof Error ? error : new Error(JSON.stringify(error)));
        return;
      }
      const collection = (result as { result: boolean; output?: { data: { item: Item[] } }[]; reason?: string })
        .output?.[0]?.data;
      if (!collection) {
        fail(new Error("openapi-to-postmanv2 made no collection"));
        return;
      }
      const flat: Item[] = [];
      const walk = (items: Item[]) => {
        for (const item of items)
          if (item.item) walk(item.item);
          else flat.push(item);
      };
      walk(collection.item);
      done(flat);
    });
  });
}

/** The example of a media type, inline or shared (components/examples). */
function exampleOf(media: JsonObject): unknown {
  if ("example" in media) return media.example;
  const [first] = Object.values((media.examples ?? {}) as Record<string, JsonObject>);
  return (dereference(first) as { value?: unknown } | undefined)?.value;
}

describe("The document in Postman", () => {
  let items: Item[];
  beforeAll(async () => {
    items = await collectionItems();
  });

  it("When the collection is made, then each JSON answer's saved response is the document's example", () => {
    const compared: string[] = [];
    const wrong: string[] = [];
    for (const operations of Object.values(openApiDocument.paths)) {
      for (const operation of Object.values(operations)) {
        const item = items.find((candidate) => candidate.name === operation.summary);
        for (const [status, declared] of Object.entries(operation.responses as Record<string, JsonObject>)) {
          const response = dereference(declared) as JsonObject;
          const content = (response.content ?? {}) as Record<string, JsonObject>;
          const media = content["application/json"];
          if (!media || Number(status) >= 400) continue;
          const saved = item?.response?.find((candidate) => candidate.code === Number(status));
          const where = `${String(operation.operationId)} ${status}`;
          compared.push(where);
          if (JSON.stringify(JSON.parse(saved?.body ?? "null")) !== JSON.stringify(exampleOf(media))) wrong.push(where);
        }
      }
    }
    expect(compared.length).toBeGreaterThan(15);
    expect(wrong).toEqual([]);
  });
});
