/** Paged lists: the page size and cursor parameters, and the `Link: <...>; rel="next"` header. */
import type { Request } from "express";
import { z } from "zod";
import { parameter } from "./contract.js";

export const limitParameter = parameter({
  id: "Limit",
  name: "limit",
  in: "query",
  required: false,
  description: "Page size: 1-100, 20 when absent.",
  schema: z.coerce
    .number("Enter a whole number.")
    .int("Enter a whole number.")
    .min(1, "Use at least 1.")
    .max(100, "Use at most 100.")
    .default(20)
    .meta({ format: "int32" }),
  example: 20,
});

export const cursorParameter = parameter({
  id: "Cursor",
  name: "cursor",
  in: "query",
  required: false,
  description: "Opaque: from the previous page's `Link`.",
  // No example: documentation tools would fill it in and ask for a page that is not the first.
  schema: z.string().min(1).max(1024).optional(),
});

/**
 * The next page as a query-only reference: it keeps the request's path, whatever prefix that has
 * (see relative-reference.ts), and every filter of the request.
 */
export function nextPageLink(req: Request, cursor: string, limit: number): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(req.query)) {
    if (key !== "cursor" && key !== "limit" && typeof value === "string") query.set(key, value);
  }
  query.set("limit", String(limit));
  query.set("cursor", cursor);
  return `<?${query.toString()}>; rel="next"`;
}
