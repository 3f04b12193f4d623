/**
 * A small HTTP client for tests: real requests, parsed answers, failures that show the body, and a
 * contract check of every answer against openapi.yaml.
 */
import { expect } from "vitest";
import { contractViolations } from "./contract.js";

export interface ApiResponse<Body = unknown> {
  status: number;
  headers: Headers;
  text: string;
  body: Body;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** A raw body, sent as is (no JSON encoding, no content type unless given). */
  raw?: string | Buffer;
  /** Off only for answers that are not the API's (the docs pages). */
  checkContract?: boolean;
}

export type Json = Record<string, unknown>;

export function client(baseUrl: string) {
  async function request<Body = Json>(
    method: string,
    path: string,
    body?: unknown,
    options: RequestOptions = {},
  ): Promise<ApiResponse<Body>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    let payload: string | Buffer | undefined;
    if (options.raw !== undefined) {
      payload = options.raw;
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers["Content-Type"] ??= "application/json";
    }
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      ...(payload === undefined ? {} : { body: payload }),
      signal: AbortSignal.timeout(20_000),
    });
    const text = await response.text();
    if (options.checkContract !== false) {
      const observed = {
        method,
        path: new URL(`${baseUrl}${path}`).pathname.slice(new URL(baseUrl).pathname.replace(/\/$/, "").length) || "/",
        status: response.status,
        contentType: response.headers.get("content-type"),
        headers: response.headers,
        text,
      };
      const violations = contractViolations(observed);
      expect(violations, `${method} ${path} -> ${response.status} ${text.slice(0, 500)}`).toEqual([]);
    }
    let parsed: unknown = undefined;
    if (text.length > 0 && /json/.test(response.headers.get("content-type") ?? "")) parsed = JSON.parse(text);
    return { status: response.status, headers: response.headers, text, body: parsed as Body };
  }

  return {
    baseUrl,
    request,
    get: <Body = Json>(path: string, options?: RequestOptions) => request<Body>("GET", path, undefined, options),
    post: <Body = Json>(path: string, body?: unknown, options?: RequestOptions) =>
      request<Body>("POST", path, body, options),
    put: <Body = Json>(path: string, body?: unknown, options?: RequestOptions) =>
      request<Body>("PUT", path, body, options),
    patch: <Body = Json>(path: string, body?: unknown, options?: RequestOptions) =>
      request<Body>("PATCH", path, body, options),
    delete: <Body = Json>(path: string, options?: RequestOptions) => request<Body>("DELETE", path, undefined, options),
  };
}

export type Client = ReturnType<typeof client>;

/** Asserts the status, printing the whole response when it differs. */
export function expectStatus(response: ApiResponse, status: number): void {
  expect(response.status, `${response.status} ${response.text}`).toBe(status);
}

/** Asserts an RFC 9457 problem with the given status and code. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  errors?: { field: string; message: string }[];
}

export function expectProblem(response: ApiResponse, status: number, code: string): ProblemBody {
  expectStatus(response, status);
  expect(response.headers.get("content-type")).toMatch(/^application\/problem\+json/);
  // The contract check already validated the body against the Problem schema.
  const body = response.body as ProblemBody;
  expect(body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  expect(typeof body.detail).toBe("string");
  return body;
}
