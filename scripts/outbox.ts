/**
 * Prints the SMS messages that went to the local outbox (the sms_outbox collection in the Firestore
 * emulator), newest last. Run while `npm start` is up: npm run outbox
 */
import { resolve } from "node:path";
import { initializeApp } from "firebase-admin/app";
import { getFirestore, type Timestamp } from "firebase-admin/firestore";
import { projectSettings } from "./lib/project-settings.js";

const settings = projectSettings(resolve(import.meta.dirname, ".."));
process.env.FIRESTORE_EMULATOR_HOST ??= settings.firestoreHost;
const db = getFirestore(initializeApp({ projectId: settings.projectId }));

const snapshot = await db.collection("sms_outbox").orderBy("created_at").limitToLast(50).get();
if (snapshot.empty) console.log("The outbox is empty.");
for (const doc of snapshot.docs) {
  const message = doc.data() as { to: string; message: string; created_at: Timestamp };
  console.log(`${message.created_at.toDate().toISOString()}  to ${message.to}  [${doc.id}]\n  ${message.message}\n`);
}
