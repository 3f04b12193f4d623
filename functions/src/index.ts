/**
 * The deployed functions. Only wiring lives here: the app and the trigger are built elsewhere.
 */
import { setGlobalOptions } from "firebase-functions/v2";
import { onRequest } from "firebase-functions/v2/https";
import { getApiApp } from "./api-app.js";

setGlobalOptions({ region: "us-central1" });

export const api = onRequest(
  { memory: "256MiB", timeoutSeconds: 60, concurrency: 80, maxInstances: 20 },
  (req, res) => {
    getApiApp()(req, res);
  },
);
