/** The api function: its deployment settings, and its app built once per instance from the real Firebase services. */
import { join } from "node:path";
import type { Express } from "express";
import { onRequest } from "firebase-functions/v2/https";
import { getAuth } from "firebase-admin/auth";
import { getFirestore } from "firebase-admin/firestore";
import { createApp } from "../app.js";
import { defaultFirebaseApp } from "../platform/firebase-app.js";
import { atCallbackToken, loadConfig } from "../config.js";

let app: Express | undefined;

function getApiApp(): Express {
  if (!app) {
    const firebaseApp = defaultFirebaseApp();
    app = createApp({
      config: loadConfig(),
      db: getFirestore(firebaseApp),
      auth: getAuth(firebaseApp),
      // This module runs bundled as lib/entry-points/api.js (scripts/build-functions.ts); the build puts
      // the docs assets in lib/docs.
      docsDir: join(__dirname, "..", "docs"),
    });
  }
  return app;
}

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
