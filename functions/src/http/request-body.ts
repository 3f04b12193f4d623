/**
 * Reads request bodies with a size limit, a content-type check and strict UTF-8 decoding.
 *
 * Cloud Functions (and its emulator) read the body before our code runs and keep the bytes in
 * `req.rawBody`; elsewhere (a plain Node server) the stream is still unread. Both end up here so the
 * limits and error answers are the same everywhere.
 */
import type { Request } from "express";
import { ApiError, PayloadTooLargeError, UnsupportedMediaTypeError } from "./errors.js";

const utf8 = new TextDecoder("utf-8", { fatal: true });
const FORM = "application/x-www-form-urlencoded";

function mediaTypeOf(header: string | undefined): string {
  return header?.split(";")[0]?.trim().toLowerCase() ?? "";
}

function isJsonContentType(header: string | undefined): boolean {
  const mediaType = mediaTypeOf(header);
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
  const length = declaredLength(req);
  if (length !== undefined && length > limitBytes) throw new PayloadTooLargeError(limitBytes);
  const preRead = (req as Request & { rawBody?: unknown }).rawBody;
  if (Buffer.isBuffer(preRead)) {
    if (preRead.length > limitBytes) throw new PayloadTooLargeError(limitBytes);
    return preRead;
  }
  if (req.readableEnded) return Buffer.alloc(0);
  return readStream(req, limitBytes);
}

function hasBody(req: Request): boolean {
  return (declaredLength(req) ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
}

function decode(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ApiError("invalid_encoding", "The request body is not valid UTF-8.");
  }
}

/** A JSON body: undefined when there is none. */
export async function readJsonBody(req: Request, limitBytes: number): Promise<unknown> {
  if (hasBody(req) && !isJsonContentType(req.headers["content-type"])) throw new UnsupportedMediaTypeError();
  const bytes = await rawBody(req, limitBytes);
  if (bytes.length === 0) return undefined;
  if (!isJsonContentType(req.headers["content-type"])) throw new UnsupportedMediaTypeError();
  try {
    return JSON.parse(decode(bytes)) as unknown;
  } catch (error) {
    if (error instanceof ApiError) throw error;
    throw new ApiError("malformed_json", "The request body is not valid JSON.");
  }
}

/** A form-encoded body as an object of its fields (the first value of each). */
export async function readFormBody(req: Request, limitBytes: number): Promise<Record<string, string>> {
  if (mediaTypeOf(req.headers["content-type"]) !== FORM) throw new UnsupportedMediaTypeError(FORM);
  const form = new URLSearchParams(decode(await rawBody(req, limitBytes)));
  // fromEntries defines own properties, so a field named __proto__ is only a field.
  return Object.fromEntries([...form.keys()].map((name) => [name, form.get(name) ?? ""]));
}
