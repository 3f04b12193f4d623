/**
 * The Auth trigger that keeps Firestore consistent when an account is deleted. Firebase Auth user
 * events are 1st-gen triggers only, so this is a v1 function; index.ts loads this module only where
 * the function runs (firebase-functions' v1 module costs about 120 ms to load).
 */
import { getFirestore } from "firebase-admin/firestore";
import { region } from "firebase-functions/v1";
import { functionsRegion } from "../config.js";
import { defaultFirebaseApp } from "../platform/firebase-app.js";

export const cleanUpDeletedAccount = region(functionsRegion)
  .runWith({ memory: "256MB", timeoutSeconds: 120, maxInstances: 5 })
  .auth.user()
  .onDelete(async (user) => {
    const { cleanUpAccount } = await import("../workflows/account-cleanup.js");
    await cleanUpAccount(getFirestore(defaultFirebaseApp()), user.uid);
  });
