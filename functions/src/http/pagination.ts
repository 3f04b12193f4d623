/** The `Link: <...>; rel="next"` header of paged lists. */
import type { Request } from "express";

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
