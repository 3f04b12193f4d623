/**
 * The TypeScript client of the customer orders API, generated from openapi.yaml.
 *
 *     const client = createClient({ baseUrl: "/api", token: ({ forceRefresh }) => auth.currentUser?.getIdToken(forceRefresh) });
 *     const order = await client.orders.create({ item: "Laptop", amount: 1200 });
 *     for await (const each of client.orders.list({ status: "Pending" })) console.log(each.order_number);
 *
 * See README.md. The types of every schema are exported by name (`Order`, `Profile`, ...).
 */
export type * from "./openapi.js";
export { createClient, type Client } from "./client.js";
export { API_VERSION, OPERATIONS } from "./generated.js";
export {
  DEFAULT_RETRIES,
  nextCursor,
  retryAfterSeconds,
  type BodyOf,
  type CallOptions,
  type ClientOptions,
  type CodeOf,
  type ConditionalOptions,
  type IdempotentOptions,
  type ItemOf,
  type OperationId,
  type OperationMeta,
  type Page,
  type Paged,
  type ProblemOf,
  type QueryOf,
  type ResultOf,
  type RetryPolicy,
} from "./runtime.js";
export {
  ApiProblem,
  isApiProblem,
  isProblem,
  UnexpectedResponseError,
  type FieldError,
  type ProblemBody,
} from "./problems.js";
export {
  sessionTokens,
  type Session,
  type SessionTokenOptions,
  type SessionTokens,
  type TokenProvider,
} from "./tokens.js";
export { all, createApiClient, unwrap, type ApiClientOptions, type OrdersApi } from "./compat.js";
