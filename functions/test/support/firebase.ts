/** The Admin SDK, pointed at the emulators by the variables that emulators:exec sets. */
import { getApps, initializeApp, type App } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore } from "firebase-admin/firestore";

export const projectId = process.env.GCLOUD_PROJECT ?? "demo-orders";

/** The default app by name: tests create named apps of their own for isolated projects. */
export function adminApp(): App {
  return getApps().find((app) => app.name === "[DEFAULT]") ?? initializeApp({ projectId });
}

export const db = () => getFirestore(adminApp());
export const auth = () => getAuth(adminApp());

export const authEmulatorHost = (): string => {
  const host = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  if (!host) throw new Error("FIREBASE_AUTH_EMULATOR_HOST is not set");
  return host;
};

export const firestoreEmulatorHost = (): string => {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  if (!host) throw new Error("FIRESTORE_EMULATOR_HOST is not set");
  return host;
};
