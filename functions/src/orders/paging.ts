/**
 * One way to page through orders, for the customer's list and the staff's: newest first, ties broken
 * by document id (or path, in a collection-group query), `limit + 1` read to know whether a next page
 * exists, and an opaque cursor naming the last order of the page.
 */
import { FieldPath, type Query, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import { z } from "zod";
import { parameter } from "../http/contract.js";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { ORDER_ID_PATTERN } from "./schemas.js";

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
  description: 'Where the page starts: take it from the previous page\'s `Link: <...>; rel="next"`; opaque.',
  // No example: documentation tools would fill it in and ask for a page that is not the first.
  schema: z.string().min(1).max(1024).optional(),
});

/** What identifies an order in the sort: its id within one customer's orders, its path across all. */
export type PageKey = "id" | "path";

const KEY_PATTERNS: Record<PageKey, RegExp> = {
  id: ORDER_ID_PATTERN,
  path: new RegExp(`^users/[A-Za-z0-9]{1,128}/orders/${ORDER_ID_PATTERN.source.replace(/^\^|\$$/g, "")}$`),
};

export interface Page<T> {
  docs: QueryDocumentSnapshot<T>[];
  nextCursor: string | undefined;
}

export async function readPage<T extends { created_at: FirebaseFirestore.Timestamp }>(
  query: Query<T>,
  options: { limit: number; cursor: string | undefined; key: PageKey },
): Promise<Page<T>> {
  let ordered = query.orderBy("created_at", "desc").orderBy(FieldPath.documentId(), "desc");
  if (options.cursor !== undefined) {
    const after = decodeCursor(options.cursor, KEY_PATTERNS[options.key]);
    ordered = ordered.startAfter(after.createdAt, after.id);
  }
  const snapshot = await ordered.limit(options.limit + 1).get();
  const docs = snapshot.docs.slice(0, options.limit);
  const last = docs.at(-1);
  const nextCursor =
    snapshot.docs.length > options.limit && last
      ? encodeCursor({ createdAt: last.data().created_at, id: options.key === "id" ? last.id : last.ref.path })
      : undefined;
  return { docs, nextCursor };
}
