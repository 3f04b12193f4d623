/**
 * Reads JSON request bodies with a size limit, a content-type check and strict UTF-8 decoding.
 *
 * Cloud Functions (and its emulator) read the body before our code runs and keep the bytes in
 * `req.rawBody`; elsewhere (a plain Node server) the stream is still unread. Both end up here so the
 * limits and error answers are the same everywhere.
 */
import type { Request, RequestHandler } from "express";
import { BadRequestError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors.js";

const METHODS_WITH_BODY = new Set(["POST", "PUT", "PATCH"]);
const utf8 = new TextDecoder("utf-8", { fatal: true });

export function isJsonContentType(header: string | undefined): boolean {
  if (!header) return false;
  const mediaType = header.split(";")[0]?.trim().toLowerCase() ?? "";
  return mediaType === "application/json" || /^application\/[\w.+-]+\+json$/.test(mediaType);
}

function declaredLength(req: Request): number | undefined {
  const header = req.headers["content-length"];
  if (header === undefined) return undefined;
  const length = Number(header);
  return Number.isFinite(length) ? length : undefined;
}

async function readStream(req: Request, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new PayloadTooLargeError(limitBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The request's bytes, wherever they are, refused with 413 beyond the limit. */
export async function rawBody(req: Request, limitBytes: number): Promise<Buffer> {
  const preRead = (req as Request & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(preRead)) {
    if (preRead.length > limitBytes) throw new PayloadTooLargeError(limitBytes);
    return preRead;
  }
  if (req.readableEnded) return Buffer.alloc(0);
  return readStream(req, limitBytes);
}

export function jsonBody(limitBytes: number): RequestHandler {
  return async (req, _res, next) => {
    if (!METHODS_WITH_BODY.has(req.method)) {
      next();
      return;
    }
    const length = declaredLength(req);
    if (length !== undefined && length > limitBytes) throw new PayloadTooLargeError(limitBytes);
    const hasBody = (length ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    if (hasBody && !isJsonContentType(req.headers["content-type"])) throw new UnsupportedMediaTypeError();

    const bytes = await rawBody(req, limitBytes);
    if (bytes.length === 0) {
      req.body = undefined;
      next();
      return;
    }
    if (!isJsonContentType(req.headers["content-type"])) throw new UnsupportedMediaTypeError();
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw new BadRequestError("invalid_encoding", "The request body is not valid UTF-8.");
    }
    try {
      req.body = JSON.parse(text) as unknown;
    } catch {
      throw new BadRequestError("malformed_json", "The request body is not valid JSON.");
    }
    next();
  };
}
