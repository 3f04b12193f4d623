/** Page cursors over every customer's orders: the sort key (created_at, document path). */
import { Timestamp } from "firebase-admin/firestore";
import { BadRequestError } from "../http/errors.js";

const ORDER_PATH = /^users\/[A-Za-z0-9]{1,128}\/orders\/[A-Za-z0-9]{1,64}$/;

export function encodeStaffCursor(createdAt: Timestamp, path: string): string {
  return Buffer.from(JSON.stringify([createdAt.seconds, createdAt.nanoseconds, path]), "utf8").toString("base64url");
}

export function decodeStaffCursor(cursor: string): { createdAt: Timestamp; path: string } {
  const invalid = () =>
    new BadRequestError("invalid_cursor", "The cursor is not valid; start again from the first page.", [
      { field: "cursor", message: "The cursor is not valid." },
    ]);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [seconds, nanoseconds, path] = parsed as unknown[];
  if (
    !Number.isSafeInteger(seconds) ||
    !Number.isInteger(nanoseconds) ||
    (nanoseconds as number) < 0 ||
    (nanoseconds as number) > 999_999_999 ||
    typeof path !== "string" ||
    !ORDER_PATH.test(path)
  ) {
    throw invalid();
  }
  return { createdAt: new Timestamp(seconds as number, nanoseconds as number), path };
}
