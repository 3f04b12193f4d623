/**
 * Every operation the API serves, resource by resource, in the order the document lists them: what
 * the OpenAPI generator (openapi-document.ts) documents. The app serves the same tables through
 * functions/src/resources.ts. To add an operation: add it to its resource's operations.ts, with its
 * handler and its tests. Build-time code: nothing in functions/src imports it.
 */
import { accountOperations } from "../../src/accounts/operations.js";
import { docsOperations } from "../../src/docs/operations.js";
import { notificationOperations } from "../../src/notifications/operations.js";
import { orderOperations } from "../../src/orders/operations.js";
import { staffOperations } from "../../src/staff/operations.js";

export const OPERATION_TABLES = {
  accounts: accountOperations,
  orders: orderOperations,
  staff: staffOperations,
  notifications: notificationOperations,
  docs: docsOperations,
} as const;
