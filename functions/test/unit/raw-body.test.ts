import type { Request } from "express";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/http/errors.js";
import { rawBody } from "../../src/http/request-body.js";

/** A request as Cloud Functions hands it over: the body already read into req.rawBody. */
const preRead = (bytes: number) => ({ rawBody: Buffer.alloc(bytes, 0x61), headers: {} }) as unknown as Request;

describe("Reading request bodies the platform has already read", () => {
  it("When the pre-read body is within the limit, then it is returned as is", async () => {
    await expect(rawBody(preRead(10), 10)).resolves.toEqual(Buffer.alloc(10, 0x61));
  });

  it("When the pre-read body is over the limit, then it is refused with 413 (no Content-Length needed)", async () => {
    const refused = rawBody(preRead(11), 10);
    await expect(refused).rejects.toBeInstanceOf(ApiError);
    await expect(refused).rejects.toMatchObject({ status: 413, code: "payload_too_large" });
  });
});
