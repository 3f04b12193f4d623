/**
 * Every operation the API serves, resource by resource, in the order the document lists them.
 * app.ts binds them to services and serves them; docs/openapi-document.ts documents them. To add an
 * operation: add it to its resource's operations.ts, with its handler and its tests.
 */
import { accountOperations } from "./accounts/operations.js";
import { channelOperations } from "./channels/operations.js";
import { docsOperations } from "./docs/operations.js";
import { smsOperations } from "./sms/operations.js";
import { orderOperations } from "./orders/operations.js";
import { shopOperations } from "./shop/operations.js";
import { staffOperations } from "./staff/operations.js";

export const OPERATION_TABLES = {
  accounts: accountOperations,
  orders: orderOperations,
  staff: staffOperations,
  sms: smsOperations,
  channels: channelOperations,
  shop: shopOperations,
  docs: docsOperations,
} as const;
