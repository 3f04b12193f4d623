/**
 * The deployed functions. Only wiring lives here: the app and the SMS handlers are built elsewhere.
 *
 * Every function's instance loads this file, so it stays light: the SMS SDK is loaded inside the SMS
 * handlers only, never by `api`. The instance checks its settings before anything else.
 */
import { createRequire } from "node:module";
import { setGlobalOptions } from "firebase-functions/v2";
import { onRequest } from "firebase-functions/v2/https";
import { getApiApp } from "./api-app.js";
import { atCallbackToken, functionsRegion } from "./config.js";
import type * as AccountFunctions from "./accounts/functions.js";
import { checkStartupConfiguration } from "./startup-check.js";

checkStartupConfiguration();

setGlobalOptions({ region: functionsRegion });

export const api = onRequest(
  {
    // The API is I/O bound (Auth and Firestore calls): one instance serves many requests at once.
    concurrency: 80,
    cpu: 1,
    memory: "512MiB",
    timeoutSeconds: 30,
    maxInstances: 20,
    minInstances: 0,
    // Only the delivery-report route reads it; no other secret is bound to the API.
    secrets: [atCallbackToken],
  },
  (req, res) => {
    getApiApp()(req, res);
  },
);

export {
  sendOrderConfirmation,
  sendStatusNotification,
  sendVerificationCode,
  sweepOrderSms,
} from "./notifications/functions.js";

/**
 * Whether this instance needs a function's definition: the platform names the function an instance
 * runs in FUNCTION_TARGET; when firebase-tools lists the functions, nothing is named and all are needed.
 */
function defines(name: string): boolean {
  const target = process.env.FUNCTION_TARGET;
  return target === undefined || target === name;
}

// The account cleanup needs firebase-functions' v1 module; other functions' instances skip loading it.
export const cleanUpDeletedAccount = defines("cleanUpDeletedAccount")
  ? (createRequire(__filename)("./accounts/functions.js") as typeof AccountFunctions).cleanUpDeletedAccount
  : undefined;
