/**
 * The deployed functions. Only wiring lives here: the app and the SMS handlers are built elsewhere.
 *
 * Every function's instance loads this file, so it stays light: the SMS SDK is loaded inside the SMS
 * handlers only, never by `api`. The instance checks its settings before anything else.
 */
import { setGlobalOptions } from "firebase-functions/v2";
import { onRequest } from "firebase-functions/v2/https";
import { getApiApp } from "./api-app.js";
import { atCallbackToken, functionsRegion } from "./config.js";
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

export { sendOrderConfirmation, sendStatusNotification, sweepOrderSms } from "./notifications/functions.js";
