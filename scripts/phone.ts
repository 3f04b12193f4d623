/**
 * A feature phone on the desk, against the local emulators (`npm start`): dial the shop's USSD code
 * and answer its screens, or text the short code and read the replies, as a customer would. It posts
 * exactly what Africa's Talking posts (scripts/lib/africastalking-phone.ts), so what works here works
 * with the real gateway.
 *
 *   npm run phone -- 0712345678            then: dial | sms <text> | inbox | help | quit
 *
 * Options: --code *384*123# (the USSD code dialed), --short-code 20880, --network 63902,
 * --api <base URL> and --token <AT_CALLBACK_TOKEN> (default: the emulator's, from functions/.secret.local).
 * Commands can also be piped in, one per line (printf 'dial\n2\nsms STATUS\n' | npm run phone -- ...).
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { initializeApp } from "firebase-admin/app";
import { getFirestore, Timestamp } from "firebase-admin/firestore";
import { EMULATOR_PLACEHOLDER_SECRET } from "../functions/src/config.js";
import { readPhoneNumber } from "../functions/src/phone/phone-number.js";
import { inboundText, postInboundSms, ussdSession, type CallbackTarget } from "./lib/africastalking-phone.js";
import { functionsEnv, projectSettings } from "./lib/project-settings.js";

const root = resolve(import.meta.dirname, "..");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    code: { type: "string", default: "*384*123#" },
    "short-code": { type: "string", default: "20880" },
    network: { type: "string", default: "63902" },
    api: { type: "string" },
    token: { type: "string" },
  },
});

function fail(message: string): never {
  console.error(`\n${message}\n`);
  process.exit(1);
}

const settings = projectSettings(root);
const env = functionsEnv(root, settings.projectId);
const typed = positionals.join(" ").trim();
if (typed === "") fail("usage: npm run phone -- <phone number> [--code *384*123#] [--api URL] [--token TOKEN]");
const reading = await readPhoneNumber(typed, {
  defaultRegion: env.PHONE_DEFAULT_REGION ?? "KE",
  allowedRegions: (env.SMS_ALLOWED_REGIONS ?? "KE").split(","),
});
// The gateway sends numbers in E.164; one the shop does not serve is sent as typed, as a gateway would.
const number = reading.ok ? reading.e164 : typed;

/** The token the emulator's api was started with; a placeholder is replaced once (the emulator must restart). */
function emulatorToken(): string {
  const file = join(root, "functions", ".secret.local");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const current = /^AT_CALLBACK_TOKEN=(.*)$/m.exec(text)?.[1]?.trim().split(",")[0] ?? "";
  if (current !== "" && current !== EMULATOR_PLACEHOLDER_SECRET) return current;
  const token = randomBytes(24).toString("hex");
  const line = `AT_CALLBACK_TOKEN=${token}`;
  const updated = /^AT_CALLBACK_TOKEN=.*$/m.test(text)
    ? text.replace(/^AT_CALLBACK_TOKEN=.*$/m, line)
    : `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${line}\n`;
  writeFileSync(file, updated, { mode: 0o600 });
  fail(
    "The emulator refuses every callback until it has a callback token. One was written to\n" +
      "functions/.secret.local (local only, never deployed): restart `npm start` once, then run this again.",
  );
}

const target: CallbackTarget = {
  baseUrl: values.api ?? settings.apiBaseUrl,
  token: values.token ?? process.env.AT_CALLBACK_TOKEN ?? emulatorToken(),
};

process.env.FIRESTORE_EMULATOR_HOST ??= settings.firestoreHost;
const db = getFirestore(initializeApp({ projectId: settings.projectId }));

/** Messages the outbox holds for this number since `since`, oldest first. */
async function messagesSince(since: Timestamp): Promise<{ at: Date; text: string }[]> {
  const snapshot = await db.collection("sms_outbox").where("to", "==", number).get();
  return snapshot.docs
    .map((doc) => ({ at: (doc.get("created_at") as Timestamp).toDate(), text: String(doc.get("message")) }))
    .filter((message) => message.at.getTime() > since.toMillis())
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

function showSms(message: { at: Date; text: string }): void {
  console.log(`  [SMS ${message.at.toISOString().slice(11, 19)}] ${message.text}`);
}

/** Waits for what the shop sends (the triggers run in the emulator), until it has been quiet a while. */
async function awaitMessages(since: Timestamp, { atMostMs = 12_000, quietMs = 2_500 } = {}): Promise<number> {
  const started = Date.now();
  let shown = 0;
  let lastArrival = Date.now();
  while (Date.now() - started < atMostMs) {
    const messages = await messagesSince(since);
    for (const message of messages.slice(shown)) showSms(message);
    if (messages.length > shown) lastArrival = Date.now();
    shown = messages.length;
    if (shown > 0 && Date.now() - lastArrival > quietMs) break;
    await new Promise((wait) => setTimeout(wait, 400));
  }
  return shown;
}

function showScreen(answer: string): void {
  const [kind, ...screen] = answer.split(" ");
  const lines = screen.join(" ").split("\n");
  const width = Math.max(24, ...lines.map((line) => line.length));
  console.log(`  +${"-".repeat(width + 2)}+`);
  for (const line of lines) console.log(`  | ${line.padEnd(width)} |`);
  console.log(`  +${"-".repeat(width + 2)}+  (${kind === "CON" ? "reply, or x to hang up" : "session ended"})`);
}

const input = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
const lines = input[Symbol.asyncIterator]();
async function ask(prompt: string): Promise<string | undefined> {
  if (process.stdin.isTTY) process.stdout.write(prompt);
  const next = await lines.next();
  if (next.done) return undefined;
  if (!process.stdin.isTTY) console.log(`${prompt}${next.value}`);
  return next.value;
}

async function dial(): Promise<void> {
  const since = Timestamp.now();
  const session = ussdSession(target, number, { serviceCode: values.code, networkCode: values.network });
  console.log(`  Dialing ${values.code} from ${number} (session ${session.sessionId})`);
  let answer = await session.dial();
  for (;;) {
    if (answer.status !== 200) {
      console.log(`  The gateway would end the session: HTTP ${answer.status} ${answer.text}`);
      return;
    }
    showScreen(answer.text);
    if (!answer.text.startsWith("CON ")) break;
    const key = await ask("  keys> ");
    if (key === undefined || key.trim().toLowerCase() === "x") {
      console.log("  Hung up.");
      return;
    }
    answer = await session.press(key.trim());
  }
  // An order placed, a language changed: whatever SMS the session led to arrive shortly.
  await awaitMessages(since, { atMostMs: 6_000 });
}

async function text(body: string): Promise<void> {
  const since = Timestamp.now();
  const fields = inboundText(number, body, values["short-code"]);
  const answer = await postInboundSms(target, fields);
  console.log(`  Sent "${body}" to ${fields.to} (id ${fields.id}): HTTP ${answer.status} ${answer.text}`);
  if (answer.status !== 200) return;
  if ((await awaitMessages(since)) === 0) console.log("  No reply.");
}

async function inbox(): Promise<void> {
  const messages = await messagesSince(Timestamp.fromMillis(0));
  if (messages.length === 0) console.log("  No SMS yet.");
  for (const message of messages.slice(-10)) showSms(message);
}

const HELP = [
  `Phone ${number}, talking to ${target.baseUrl}`,
  `  dial          dial ${values.code} (then type your keys; x hangs up)`,
  `  sms <text>    text the shop's short code ${values["short-code"]} (STATUS, STOP, START, HELP, HALI...)`,
  "  inbox         the SMS this number received (the local outbox)",
  "  quit",
].join("\n");

console.log(HELP);
for (;;) {
  const command = await ask(`phone ${number}> `);
  if (command === undefined) break;
  const [verb = "", ...rest] = command.trim().split(" ");
  try {
    if (verb === "" || verb === "dial") await dial();
    else if (verb === "sms") await text(rest.join(" "));
    else if (verb === "inbox") await inbox();
    else if (verb === "quit" || verb === "exit") break;
    else console.log(HELP);
  } catch (error) {
    console.log(`  ${error instanceof Error ? error.message : String(error)} (is \`npm start\` running?)`);
  }
}
input.close();
process.exit(0);
