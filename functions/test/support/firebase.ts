/** The Admin SDK, pointed at the emulators by the variables that emulators:exec sets. */
import { getApp, getApps, initializeApp, type App } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore } from "firebase-admin/firestore";

export const projectId = process.env.GCLOUD_PROJECT ?? "demo-orders";

export function adminApp(): App {
  return getApps().length > 0 ? getApp() : initializeApp({ projectId });
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
