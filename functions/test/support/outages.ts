/**
 * Admin SDK clients whose backend is gone, for outage tests: the suite's emulators stay up for every
 * other test. Each client fixes the emulator's address on its first call, so the variable points at a
 * closed port only while that first call is made.
 */
import { initializeApp } from "firebase-admin/app";
import { getAuth, type Auth } from "firebase-admin/auth";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { projectId } from "./firebase.js";

const CLOSED_PORT = "127.0.0.1:9";

export async function unreachableAuth(appName: string): Promise<Auth> {
  const healthy = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  process.env.FIREBASE_AUTH_EMULATOR_HOST = CLOSED_PORT;
  const deadAuth = getAuth(initializeApp({ projectId }, appName));
  try {
    await deadAuth.getUser("warm-up").catch(() => undefined);
  } finally {
    process.env.FIREBASE_AUTH_EMULATOR_HOST = healthy;
  }
  return deadAuth;
}

export async function unreachableFirestore(appName: string): Promise<Firestore> {
  const healthy = process.env.FIRESTORE_EMULATOR_HOST;
  process.env.FIRESTORE_EMULATOR_HOST = CLOSED_PORT;
  const deadDb = getFirestore(initializeApp({ projectId }, appName));
  try {
    // Started (and left to fail) while the variable points nowhere; one tick lets it read the address.
    void deadDb
      .collection("outage")
      .doc("warm-up")
      .get()
      .catch(() => undefined);
    await new Promise((resolveTick) => setImmediate(resolveTick));
  } finally {
    process.env.FIRESTORE_EMULATOR_HOST = healthy;
  }
  return deadDb;
}
