/** The default Admin SDK app, created on first use from the platform's environment. */
import { getApps, initializeApp, type App } from "firebase-admin/app";

const DEFAULT_APP_NAME = "[DEFAULT]";

/**
 * Looks for the default app by name: the Functions emulator registers apps of its own, so "any app
 * exists" does not mean "the default app exists".
 */
export function defaultFirebaseApp(): App {
  return getApps().find((app) => app.name === DEFAULT_APP_NAME) ?? initializeApp();
}
