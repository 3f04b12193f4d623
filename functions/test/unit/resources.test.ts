/**
 * The app finds a resource by the first segment of the request's path before loading its table
 * (resources.ts); these tests hold the segments to the tables, so an operation cannot be declared
 * where no request would reach it.
 */
import { describe, expect, it } from "vitest";
import { RESOURCES } from "../../src/resources.js";

const firstSegment = (path: string) => path.split("/")[1] ?? "";

async function tables() {
  return Promise.all(
    Object.entries(RESOURCES).map(async ([name, resource]) => ({
      name,
      resource,
      operations: await resource.operations(),
    })),
  );
}

describe("Resources and their operations tables", () => {
  it("When the tables are read, then every operation's first path segment is its own resource's", async () => {
    const misplaced = (await tables()).flatMap(({ name, resource, operations }) =>
      operations
        .filter((operation) => !resource.segments.includes(firstSegment(operation.path)))
        .map((operation) => `${name}: ${operation.path}`),
    );
    expect(misplaced).toEqual([]);
  });

  it("When segments are listed, then each belongs to one resource and is used by one of its operations", async () => {
    const owners = new Map<string, string[]>();
    for (const [name, resource] of Object.entries(RESOURCES)) {
      for (const segment of resource.segments) owners.set(segment, [...(owners.get(segment) ?? []), name]);
    }
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
    const unused = (await tables()).flatMap(({ resource, operations }) =>
      resource.segments.filter((segment) => !operations.some((operation) => firstSegment(operation.path) === segment)),
    );
    expect(unused).toEqual([]);
  });

  it("When every table is read, then each has operations and no operationId is used twice", async () => {
    const all = await tables();
    expect(all.filter(({ operations }) => operations.length === 0).map(({ name }) => name)).toEqual([]);
    const ids = all.flatMap(({ operations }) => operations.map((operation) => operation.operationId));
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });
});
