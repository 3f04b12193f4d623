import { Timestamp } from "firebase-admin/firestore";
import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor } from "../../src/orders/cursor.js";
import { ApiError } from "../../src/http/errors.js";

const ID = /^[A-Za-z0-9]{1,64}$/;

describe("Page cursors", () => {
  it("When a position is encoded, then it decodes to the same position", () => {
    const position = { createdAt: new Timestamp(1_790_000_000, 123_000_000), id: "AbC123" };
    expect(decodeCursor(encodeCursor(position), ID)).toEqual(position);
  });

  it.each([
    "",
    "not-base64!",
    Buffer.from("[1,2]").toString("base64url"),
    Buffer.from('[1,2,"a/b"]').toString("base64url"),
  ])("When the cursor is %j, then it is a 400 invalid_cursor", (cursor) => {
    try {
      decodeCursor(cursor, ID);
      expect.unreachable("decodeCursor accepted a broken cursor");
    } catch (error) {
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe("invalid_cursor");
    }
  });
});
