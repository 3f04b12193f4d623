/**
 * What every named method does: builds the request from the operation's table entry, sends it with
 * the caller's token, retries what is safe to retry (429 and 503, honouring `Retry-After`), keeps
 * one `Idempotency-Key` across a create's retries, sends the ETag of the last read of a resource as
 * its update's `If-Match`, follows `Link` pages, and throws problems as ApiProblem typed by operation.
 */
import type { operations } from "./openapi.js";
import { ApiProblem, UnexpectedResponseError, type ProblemBody } from "./problems.js";
import type { TokenProvider } from "./tokens.js";

export type OperationId = keyof operations;
type Responses<K extends OperationId> = operations[K]["responses"];
type SuccessStatus = 200 | 201 | 202 | 204;
type MediaOf<R> = R extends { content: infer C }
  ? C extends { "application/json": infer J }
    ? J
    : C[keyof C]
  : undefined;

/** What an operation answers when it succeeds. */
export type ResultOf<K extends OperationId> = {
  [S in keyof Responses<K> & SuccessStatus]: MediaOf<Responses<K>[S]>;
}[keyof Responses<K> & SuccessStatus];

/** The problems an operation can answer: their `code` is the union of the codes it documents. */
export type ProblemOf<K extends OperationId> = {
  [S in Exclude<keyof Responses<K>, SuccessStatus>]: Responses<K>[S] extends {
    content: { "application/problem+json": infer P };
  }
    ? P
    : never;
}[Exclude<keyof Responses<K>, SuccessStatus>];

/** The problem codes an operation can answer. */
export type CodeOf<K extends OperationId> = ProblemOf<K> extends { code?: infer C } ? NonNullable<C> : never;

export type BodyOf<K extends OperationId> = operations[K] extends { requestBody: { content: infer C } }
  ? C[keyof C]
  : never;
export type PathOf<K extends OperationId> = NonNullable<operations[K]["parameters"]["path"]>;
export type QueryOf<K extends OperationId> = NonNullable<operations[K]["parameters"]["query"]>;
export type HeadersOf<K extends OperationId> = NonNullable<operations[K]["parameters"]["header"]>;
export type ItemOf<K extends OperationId> = ResultOf<K> extends readonly (infer Item)[] ? Item : never;

/** How a method calls its operation: generated from the document into generated.ts. */
export interface OperationMeta {
  method: "get" | "put" | "post" | "patch" | "delete";
  path: string;
  body?: "json" | "form";
  /** Takes an Idempotency-Key: the client makes one per call and keeps it across retries. */
  idempotencyKey?: boolean;
  /** Takes If-Match: the client sends the ETag of the resource's last read. */
  ifMatch?: boolean;
  /** Answers a page and a `Link` to the next. */
  paged?: boolean;
}

export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** The first backoff; it doubles with each retry (each wait is between half of it and all of it), up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A `Retry-After` longer than this is not waited for: the problem is thrown, with its retryAfterSeconds. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRIES: RetryPolicy = {
  maxRetries: 2,
  baseDelayMs: 300,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
};

export interface CallOptions {
  signal?: AbortSignal;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** This call's retries, or `false` for none. */
  retries?: Partial<RetryPolicy> | false;
}

export interface IdempotentOptions extends CallOptions {
  /** Your own key for this create (by default, a new UUID per call, kept across its retries). */
  idempotencyKey?: string;
}

export interface ConditionalOptions extends CallOptions {
  /** An ETag to send as If-Match; `false` sends none. By default: the ETag of this resource's last read. */
  ifMatch?: string | false;
}

export interface ClientOptions {
  /** The API's base URL: `/api` behind Firebase Hosting, or `https://<region>-<project>.cloudfunctions.net/api/api`. */
  baseUrl: string;
  /** The caller's Firebase ID token (see tokens.ts): asked before every request, and again, forced, after a 401. */
  token?: TokenProvider;
  fetch?: typeof fetch;
  retries?: Partial<RetryPolicy>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** How many ETags of resources read through the client are remembered (the latest ones). */
  etagCacheSize?: number;
  /** Waits between retries (tests replace it). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface Input {
  path?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

/** One page of a list, and the cursor of the next page, if there is one. */
export interface Page<Item> {
  items: Item[];
  next: string | undefined;
}

/** A list across its pages: iterate it for every item; `pages()` for page after page. */
export interface Paged<Item> extends AsyncIterable<Item> {
  pages(): AsyncIterableIterator<Page<Item>>;
  /** Every item of every page. */
  all(): Promise<Item[]>;
}

export interface OperationCaller {
  send<K extends OperationId>(
    id: K,
    input: Input,
    options?: ConditionalOptions & IdempotentOptions,
  ): Promise<ResultOf<K>>;
  paged<K extends OperationId>(id: K, input: Input, options?: CallOptions): Paged<ItemOf<K>>;
}

/** A method, marked with its operation, so that isProblem(error, method) can type the error. */
export type Operation<K extends OperationId, F> = F & { readonly operationId: K };

export function operation<K extends OperationId, F extends (...args: never[]) => unknown>(
  operationId: K,
  method: F,
): Operation<K, F> {
  return Object.assign(method, { operationId });
}

/** The cursor of a `Link: <?limit=20&cursor=...>; rel="next"` header, if there is a next page. */
export function nextCursor(link: string | null): string | undefined {
  if (!link) return undefined;
  const target = /<([^>]*)>\s*;\s*rel="next"/.exec(link)?.[1];
  if (target === undefined) return undefined;
  return new URLSearchParams(target.slice(target.indexOf("?") + 1)).get("cursor") ?? undefined;
}

/** Seconds from a `Retry-After` header (delta-seconds or an HTTP-date). */
export function retryAfterSeconds(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

const defaultSleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** The latest ETags, by resource URL. */
class EtagCache {
  private readonly etags = new Map<string, string>();
  constructor(private readonly size: number) {}
  get(url: string): string | undefined {
    return this.etags.get(url);
  }
  set(url: string, etag: string): void {
    this.etags.delete(url);
    this.etags.set(url, etag);
    for (const oldest of this.etags.keys()) {
      if (this.etags.size <= this.size) break;
      this.etags.delete(oldest);
    }
  }
  delete(url: string): void {
    this.etags.delete(url);
  }
}

/** Requests a retry cannot repeat by accident: by their method, or by their Idempotency-Key. */
function repeatable(meta: OperationMeta): boolean {
  return meta.method === "get" || meta.method === "put" || meta.method === "delete" || meta.idempotencyKey === true;
}

const withoutQuery = (url: string) => url.split("?")[0] ?? url;

export function createCaller(
  options: ClientOptions,
  table: Readonly<Partial<Record<OperationId, OperationMeta>>>,
): OperationCaller {
  const fetchFn = options.fetch ?? ((input: string | URL | Request, init?: RequestInit) => fetch(input, init));
  const sleep = options.sleep ?? defaultSleep;
  const etags = new EtagCache(options.etagCacheSize ?? 500);
  const base = options.baseUrl.replace(/\/+$/, "");

  function urlOf(meta: OperationMeta, input: Input): string {
    const path = meta.path.replace(/\{([^}]+)\}/g, (_match, name: string) => {
      const value = input.path?.[name];
      if (value === undefined) throw new TypeError(`Missing path parameter ${name}`);
      return encodeURIComponent(String(value));
    });
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(input.query ?? {})) {
      if (value !== undefined) query.set(name, String(value));
    }
    const text = query.toString();
    return `${base}${path}${text ? `?${text}` : ""}`;
  }

  async function send(
    id: OperationId,
    input: Input,
    callOptions: ConditionalOptions & IdempotentOptions = {},
  ): Promise<{ data: unknown; response: Response }> {
    const meta = table[id];
    if (!meta) throw new TypeError(`This client has no operation ${id}`);
    const url = urlOf(meta, input);
    const policy: RetryPolicy | undefined =
      callOptions.retries === false ? undefined : { ...DEFAULT_RETRIES, ...options.retries, ...callOptions.retries };
    const headers = new Headers({ Accept: "application/json, application/problem+json;q=0.9, */*;q=0.1" });
    for (const [name, value] of Object.entries({ ...options.headers, ...callOptions.headers }))
      headers.set(name, value);
    let body: string | undefined;
    if (meta.body === "json") {
      headers.set("Content-Type", "application/json");
      body = JSON.stringify(input.body);
    } else if (meta.body === "form") {
      headers.set("Content-Type", "application/x-www-form-urlencoded");
      body = new URLSearchParams(input.body as Record<string, string>).toString();
    }
    if (meta.idempotencyKey) headers.set("Idempotency-Key", callOptions.idempotencyKey ?? crypto.randomUUID());
    if (meta.ifMatch && callOptions.ifMatch !== false) {
      const etag = callOptions.ifMatch ?? etags.get(withoutQuery(url));
      if (etag !== undefined) headers.set("If-Match", etag);
    }

    let refreshed = false;
    for (let attempt = 0; ; attempt++) {
      const token = await options.token?.({ forceRefresh: refreshed });
      if (token) headers.set("Authorization", `Bearer ${token}`);
      else headers.delete("Authorization");
      let response: Response;
      try {
        response = await fetchFn(url, {
          method: meta.method.toUpperCase(),
          headers,
          ...(body === undefined ? {} : { body }),
          ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        });
      } catch (error) {
        // A network failure: repeat only what cannot be repeated by accident.
        const aborted = callOptions.signal?.aborted ?? false;
        if (aborted || !policy || !repeatable(meta) || attempt >= policy.maxRetries) throw error;
        await sleep(backoff(policy, attempt), callOptions.signal);
        continue;
      }
      if (response.ok) {
        remember(meta, url, response);
        return { data: await parsed(response), response };
      }
      const problem = await problemOf(response);
      if (!problem) throw new UnexpectedResponseError(id, response);
      if (response.status === 401 && problem.code === "invalid_token" && options.token && !refreshed) {
        refreshed = true;
        attempt--;
        continue;
      }
      const waitMs = policy ? retryDelay(policy, meta, response, attempt) : undefined;
      if (waitMs === undefined) throw new ApiProblem(problem, { operationId: id, response });
      await sleep(waitMs, callOptions.signal);
    }
  }

  /** How long to wait before retrying this answer; undefined: do not retry it. */
  function retryDelay(
    policy: RetryPolicy,
    meta: OperationMeta,
    response: Response,
    attempt: number,
  ): number | undefined {
    if (attempt >= policy.maxRetries) return undefined;
    // A 429 was refused before anything ran; a 503 may have run part way, so only what is repeatable.
    if (!(response.status === 429 || (response.status === 503 && repeatable(meta)))) return undefined;
    const after = retryAfterSeconds(response.headers.get("Retry-After"));
    if (after === undefined) return backoff(policy, attempt);
    return after * 1000 <= policy.maxRetryAfterMs ? after * 1000 : undefined;
  }

  function remember(meta: OperationMeta, url: string, response: Response): void {
    const etag = response.headers.get("ETag");
    const location = response.headers.get("Location");
    const resource =
      meta.method === "post" && location ? withoutQuery(new URL(location, url).toString()) : withoutQuery(url);
    if (meta.method === "delete") etags.delete(resource);
    else if (etag) etags.set(resource, etag);
  }

  return {
    send: async (id, input, callOptions) => (await send(id, input, callOptions)).data as never,
    paged: (id, input, callOptions) => paged(id, input, callOptions),
  };

  function paged<K extends OperationId>(id: K, input: Input, callOptions?: CallOptions): Paged<ItemOf<K>> {
    async function* pages(): AsyncIterableIterator<Page<ItemOf<K>>> {
      let cursor = input.query?.cursor as string | undefined;
      do {
        const { data, response } = await send(id, { ...input, query: { ...input.query, cursor } }, callOptions);
        cursor = nextCursor(response.headers.get("Link"));
        yield { items: data as ItemOf<K>[], next: cursor };
      } while (cursor);
    }
    async function* items(): AsyncIterableIterator<ItemOf<K>> {
      for await (const page of pages()) yield* page.items;
    }
    return {
      [Symbol.asyncIterator]: items,
      pages,
      all: async () => {
        const all: ItemOf<K>[] = [];
        for await (const item of items()) all.push(item);
        return all;
      },
    };
  }
}

function backoff(policy: RetryPolicy, attempt: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (Math.random() * ceiling) / 2);
}

async function parsed(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return undefined;
  return /json/i.test(response.headers.get("Content-Type") ?? "") ? (JSON.parse(text) as unknown) : text;
}

async function problemOf(response: Response): Promise<ProblemBody | undefined> {
  if (!/^application\/problem\+json/i.test(response.headers.get("Content-Type") ?? "")) return undefined;
  try {
    const problem = JSON.parse(await response.text()) as Partial<ProblemBody>;
    return typeof problem.code === "string" && typeof problem.status === "number"
      ? (problem as ProblemBody)
      : undefined;
  } catch {
    return undefined;
  }
}
