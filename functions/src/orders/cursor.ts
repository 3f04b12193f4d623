/**
 * Opaque page cursors: the sort key of the last order on the previous page, (created_at, id) for a
 * customer's list and (created_at, document path) for the staff's collection-group list.
 */
import { Timestamp } from "firebase-admin/firestore";
import { fieldProblem } from "../http/errors.js";

export interface PagePosition {
  createdAt: Timestamp;
  id: string;
}

export function encodeCursor(position: PagePosition): string {
  const payload = JSON.stringify([position.createdAt.seconds, position.createdAt.nanoseconds, position.id]);
  return Buffer.from(payload, "utf8").toString("base64url");
}

const invalidCursor = () =>
  fieldProblem("invalid_cursor", "cursor", "The cursor is not valid; start again from the first page.");

/** `key` is what the last order's id must look like (an id, or a document path). */
export function decodeCursor(cursor: string, key: RegExp): PagePosition {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalidCursor();
  const [seconds, nanoseconds, id] = parsed as unknown[];
  if (
    !Number.isSafeInteger(seconds) ||
    !Number.isInteger(nanoseconds) ||
    typeof id !== "string" ||
    !key.test(id) ||
    (nanoseconds as number) < 0 ||
    (nanoseconds as number) > 999_999_999
  ) {
    throw invalidCursor();
  }
  try {
    return { createdAt: new Timestamp(seconds as number, nanoseconds as number), id };
  } catch {
    throw invalidCursor();
  }
}
