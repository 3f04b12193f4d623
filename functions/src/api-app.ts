/** The api function's app, built once per instance from the real Firebase services. */
import type { Express } from "express";
import { getAuth } from "firebase-admin/auth";
import { getFirestore } from "firebase-admin/firestore";
import { createApp } from "./app.js";
import { defaultFirebaseApp } from "./firebase-app.js";
import { loadConfig } from "./config.js";

let app: Express | undefined;

export function getApiApp(): Express {
  if (!app) {
    const firebaseApp = defaultFirebaseApp();
    app = createApp({ config: loadConfig(), db: getFirestore(firebaseApp), auth: getAuth(firebaseApp) });
  }
  return app;
}
