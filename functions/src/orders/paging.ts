/**
 * One way to page through orders, for the customer's list and the staff's: newest first, ties broken
 * by document id (or path, in a collection-group query), `limit + 1` read to know whether a next page
 * exists, and an opaque cursor naming the last order of the page.
 */
import { FieldPath, type Query, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import { decodeCursor, encodeCursor } from "./cursor.js";
import { ORDER_ID_PATTERN } from "./ids.js";

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
