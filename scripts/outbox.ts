/**
 * Prints the SMS messages that went to the local outbox (the sms_outbox collection in the Firestore
 * emulator), newest last. Run while `npm start` is up:
 *
 *   npm run outbox                          the last 50 messages
 *   npm run outbox -- --to <number>         every message to <number> (E.164)
 *   npm run -s outbox -- --code <number>    only the digits of the newest verification code sent to
 *                                           <number> (E.164), waiting up to 20 s for it to arrive, so a
 *                                           shell can capture it: CODE=$(npm run -s outbox -- --code +2547...)
 */
import { resolve } from "node:path";
import { initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore, type Timestamp } from "firebase-admin/firestore";
import { projectSettings } from "./lib/project-settings.js";

interface OutboxMessage {
  to: string;
  message: string;
  created_at: Timestamp;
}

// Both languages' verification texts (functions/src/texts/sms-texts.ts) put the code first among digits.
const VERIFICATION_TEXT = /^(?:Your verification code is|Nambari yako ya uthibitisho ni) (\d{6})\b/;
const CODE_WAIT_MS = 20_000;

const settings = projectSettings(resolve(import.meta.dirname, ".."));
process.env.FIRESTORE_EMULATOR_HOST ??= settings.firestoreHost;
const db = getFirestore(initializeApp({ projectId: settings.projectId }));

async function newestCode(database: Firestore, to: string): Promise<string | undefined> {
  const snapshot = await database.collection("sms_outbox").where("to", "==", to).get();
  const codes = snapshot.docs
    .map((doc) => doc.data() as OutboxMessage)
    .sort((a, b) => a.created_at.toMillis() - b.created_at.toMillis())
    .map((message) => VERIFICATION_TEXT.exec(message.message)?.[1])
    .filter((code): code is string => code !== undefined);
  return codes.at(-1);
}

async function printCode(to: string): Promise<void> {
  const deadline = Date.now() + CODE_WAIT_MS;
  for (;;) {
    const code = await newestCode(db, to);
    if (code !== undefined) {
      console.log(code);
      return;
    }
    if (Date.now() > deadline) {
      console.error(`No verification code for ${to} reached the outbox within ${CODE_WAIT_MS / 1000} s.`);
      process.exit(1);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
}

function print(id: string, message: OutboxMessage): void {
  console.log(`${message.created_at.toDate().toISOString()}  to ${message.to}  [${id}]\n  ${message.message}\n`);
}

async function printAll(to: string | undefined): Promise<void> {
  const messages = db.collection("sms_outbox");
  // Filtered by number, sorted here: an equality filter with an order would need a composite index.
  const docs = to
    ? (await messages.where("to", "==", to).get()).docs.sort(
        (a, b) => (a.get("created_at") as Timestamp).toMillis() - (b.get("created_at") as Timestamp).toMillis(),
      )
    : (await messages.orderBy("created_at").limitToLast(50).get()).docs;
  if (docs.length === 0) console.log(to ? `The outbox holds nothing to ${to}.` : "The outbox is empty.");
  for (const doc of docs) print(doc.id, doc.data() as OutboxMessage);
}

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
};
const codeFor = option("--code");
const to = option("--to");
if ((args.includes("--code") && !codeFor) || (args.includes("--to") && !to)) {
  console.error("usage: npm run outbox [-- --to <number> | --code <number>]   (numbers in E.164, +254...)");
  process.exit(2);
}
if (codeFor) await printCode(codeFor);
else await printAll(to);
