/**
 * The first version of this client, kept for the code that uses it: `createApiClient` gives
 * openapi-fetch's path-typed calls (`api.GET("/orders/{id}/", ...)`), `unwrap` turns a result into its
 * data or an ApiProblem. New code uses `createClient` and its named methods.
 */
import createOpenApiClient, { type Client, type Middleware } from "openapi-fetch";
import type { paths } from "./openapi.js";
import { ApiProblem } from "./problems.js";
import { nextCursor } from "./runtime.js";

export interface ApiClientOptions {
  baseUrl: string;
  /** The current Firebase ID token, when signed in (called before every request, so it may refresh). */
  token?: () => string | undefined | Promise<string | undefined>;
  fetch?: typeof fetch;
}

function bearer(token: ApiClientOptions["token"]): Middleware {
  return {
    async onRequest({ request }) {
      const value = await token?.();
      if (value) request.headers.set("Authorization", `Bearer ${value}`);
      return request;
    },
  };
}

interface Result<Data, Problem> {
  data?: Data;
  error?: Problem;
  response: Response;
}

/** The data of a successful answer; a problem is thrown as an ApiProblem typed by the operation's codes. */
export function unwrap<Data, Problem>(result: Result<Data, Problem>): Data {
  if (result.error !== undefined || !result.response.ok) {
    const problem = result.error as (Problem & { code: string; status: number }) | undefined;
    throw new ApiProblem(problem ?? { code: "unknown", status: result.response.status }, { response: result.response });
  }
  return result.data as Data;
}

export type OrdersApi = Client<paths>;

/** The first client: path-typed calls. New code uses `createClient`, whose named methods retry, page and keep ETags. */
export function createApiClient(options: ApiClientOptions) {
  const api: OrdersApi = createOpenApiClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  if (options.token) api.use(bearer(options.token));

  type OrderQuery = NonNullable<paths["/orders/"]["get"]["parameters"]["query"]>;
  type StaffQuery = NonNullable<paths["/staff/orders/"]["get"]["parameters"]["query"]>;

  return {
    /** Every operation, typed: `api.GET("/orders/{id}/", { params: { path: { id } } })`. */
    api,

    /** Each page of the caller's orders, newest first, following `Link` until the last. */
    async *orderPages(query: Omit<OrderQuery, "cursor"> = {}) {
      let cursor: string | undefined;
      do {
        const result = await api.GET("/orders/", { params: { query: { ...query, ...(cursor ? { cursor } : {}) } } });
        yield unwrap(result);
        cursor = nextCursor(result.response.headers.get("Link"));
      } while (cursor);
    },

    /** Each page of every customer's orders (staff), following `Link` until the last. */
    async *staffOrderPages(query: Omit<StaffQuery, "cursor"> = {}) {
      let cursor: string | undefined;
      do {
        const result = await api.GET("/staff/orders/", {
          params: { query: { ...query, ...(cursor ? { cursor } : {}) } },
        });
        yield unwrap(result);
        cursor = nextCursor(result.response.headers.get("Link"));
      } while (cursor);
    },
  };
}

/** Collects every item of a paged list. */
export async function all<Item>(pages: AsyncIterable<Item[]>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const page of pages) items.push(...page);
  return items;
}
