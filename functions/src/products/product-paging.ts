/**
 * Paging through products, newest first or by name: the sort key, ties broken by document id,
 * `limit + 1` read to know whether a next page exists, and an opaque cursor naming the last product
 * of the page (its sort, its key and its id, so a cursor of one sort is refused by the other).
 */
import { FieldPath, Timestamp, type Query, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import { fieldProblem } from "../http/errors.js";
import type { ProductDocument } from "./product-document.js";
import { PRODUCT_ID_PATTERN } from "./schemas.js";

export type ProductSort = "newest" | "name";

type Position = { sort: "newest"; createdAt: Timestamp; id: string } | { sort: "name"; name: string; id: string };

const invalidCursor = () =>
  fieldProblem("invalid_cursor", "cursor", "The cursor is not valid; start again from the first page.");

function encode(position: Position): string {
  const payload =
    position.sort === "newest"
      ? ["n", position.createdAt.seconds, position.createdAt.nanoseconds, position.id]
      : ["a", position.name, position.id];
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

function decode(cursor: string, sort: ProductSort): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed)) throw invalidCursor();
  const values: unknown[] = parsed;
  const id = values.at(-1);
  if (typeof id !== "string" || !PRODUCT_ID_PATTERN.test(id)) throw invalidCursor();
  if (sort === "newest") {
    const [tag, seconds, nanoseconds] = values;
    if (
      values.length !== 4 ||
      tag !== "n" ||
      typeof seconds !== "number" ||
      !Number.isSafeInteger(seconds) ||
      typeof nanoseconds !== "number" ||
      !Number.isInteger(nanoseconds) ||
      nanoseconds < 0 ||
      nanoseconds > 999_999_999
    ) {
      throw invalidCursor();
    }
    try {
      return { sort, createdAt: new Timestamp(seconds, nanoseconds), id };
    } catch {
      throw invalidCursor();
    }
  }
  const [tag, name] = values;
  if (values.length !== 3 || tag !== "a" || typeof name !== "string" || name.length > 200) throw invalidCursor();
  return { sort, name, id };
}

export interface ProductPage {
  docs: QueryDocumentSnapshot<ProductDocument>[];
  nextCursor: string | undefined;
}

/** A page of `query` in the given sort, starting after the cursor's product. */
export async function readProductPage(
  query: Query<ProductDocument>,
  options: { sort: ProductSort; limit: number; cursor: string | undefined },
): Promise<ProductPage> {
  let ordered =
    options.sort === "newest"
      ? query.orderBy("created_at", "desc").orderBy(FieldPath.documentId(), "desc")
      : query.orderBy("name_lower", "asc").orderBy(FieldPath.documentId(), "asc");
  if (options.cursor !== undefined) {
    const after = decode(options.cursor, options.sort);
    ordered =
      after.sort === "newest"
        ? ordered.startAfter(after.createdAt, after.id)
        : ordered.startAfter(after.name, after.id);
  }
  const snapshot = await ordered.limit(options.limit + 1).get();
  const docs = snapshot.docs.slice(0, options.limit);
  const last = docs.at(-1);
  let nextCursor: string | undefined;
  if (snapshot.docs.length > options.limit && last) {
    nextCursor = encode(
      options.sort === "newest"
        ? { sort: "newest", createdAt: last.data().created_at, id: last.id }
        : { sort: "name", name: last.data().name_lower, id: last.id },
    );
  }
  return { docs, nextCursor };
}
