/**
 * The app finds a resource by the first segment of the request's path before loading its table
 * (resources.ts); these tests hold the segments to the tables, so an operation cannot be declared
 * where no request would reach it.
 */
import { describe, expect, it } from "vitest";
import { OPERATION_TABLES } from "../../build-tools/openapi/operation-tables.js";
import { RESOURCES, type ResourceName } from "../../src/resources.js";

const firstSegment = (path: string) => path.split("/")[1] ?? "";

describe("Resources and their operations tables", () => {
  it("When the tables are read, then every operation's first path segment is its own resource's", () => {
    const misplaced = Object.entries(OPERATION_TABLES).flatMap(([name, table]) =>
      table
        .filter((operation) => !RESOURCES[name as ResourceName].segments.includes(firstSegment(operation.path)))
        .map((operation) => `${name}: ${operation.path}`),
    );
    expect(misplaced).toEqual([]);
  });

  it("When segments are listed, then each belongs to one resource and is used by an operation", () => {
    const owners = new Map<string, string[]>();
    for (const [name, resource] of Object.entries(RESOURCES)) {
      for (const segment of resource.segments) owners.set(segment, [...(owners.get(segment) ?? []), name]);
    }
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
    const used = new Set(
      Object.values(OPERATION_TABLES).flatMap((table) => table.map((operation) => firstSegment(operation.path))),
    );
    expect([...owners.keys()].filter((segment) => !used.has(segment))).toEqual([]);
  });

  it("When the resource names are compared, then every table has a resource and every resource a table", () => {
    expect(Object.keys(RESOURCES).sort()).toEqual(Object.keys(OPERATION_TABLES).sort());
  });
});
