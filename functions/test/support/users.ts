/** Each test makes its own users, so tests never depend on one another. */
import { randomInt, randomUUID } from "node:crypto";
import type { Firestore } from "firebase-admin/firestore";
import { db } from "./firebase.js";
import { expectStatus, type Client } from "./http.js";

let counter = 0;

/** A valid, unique Kenyan mobile number (Safaricom 071x range). */
export function uniquePhoneNumber(): string {
  counter++;
  const digits = String((process.pid * 7919 + counter * 104729 + randomInt(1_000_000)) % 10_000_000).padStart(7, "0");
  return `+25471${digits}`;
}

export function newUserInput(overrides: Partial<Record<string, string>> = {}) {
  const tag = randomUUID().replace(/-/g, "").slice(0, 12);
  return {
    username: `user_${tag}`,
    email: `user.${tag}@example.com`,
    password: "correct horse battery",
    phone_number: uniquePhoneNumber(),
    ...overrides,
  };
}

export interface TestUser {
  uid: string;
  username: string;
  email: string;
  password: string;
  phone_number: string;
  token: string;
  refresh_token: string;
}

/** Registers through the API and logs in, returning a real emulator ID token. */
export async function registerAndLogin(
  api: Client,
  overrides: Partial<Record<string, string>> = {},
): Promise<TestUser> {
  const input = newUserInput(overrides);
  const registered = await api.post<{ uid: string; phone_number: string }>("/register/", input);
  expectStatus(registered, 201);
  const login = await api.post<{ token: string; refresh_token: string }>("/login/", {
    email: input.email,
    password: input.password,
  });
  expectStatus(login, 200);
  return {
    ...input,
    uid: registered.body.uid,
    phone_number: registered.body.phone_number,
    token: login.body.token,
    refresh_token: login.body.refresh_token,
  };
}

/**
 * The code the API sent to a user's phone, read where a phone would get it: the newest verification
 * message for the account (before the trigger sends and redacts it), else its copy in the local outbox.
 */
/** The code in a verification SMS, in English or Swahili (the profile's language). */
const VERIFICATION_CODE = /(?:code is|uthibitisho ni) (\d{6})/;

export async function sentCode(uid: string, database: Firestore = db()): Promise<string> {
  const messages = database.collection("verification_messages");
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    const newest = await messages.where("sms.account", "==", uid).orderBy("created_at", "desc").limit(1).get();
    const doc = newest.docs[0];
    const inCarrier = VERIFICATION_CODE.exec(String(doc?.get("sms.text")))?.[1];
    if (inCarrier) return inCarrier;
    if (doc) {
      const inOutbox = VERIFICATION_CODE.exec(
        String((await database.collection("sms_outbox").doc(`${doc.id}-code`).get()).get("message")),
      )?.[1];
      if (inOutbox) return inOutbox;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`No verification code was sent to ${uid}`);
}

/** Proves the user's phone number through the API, as the user would with the SMS in hand. */
export async function provePhone(api: Client, user: TestUser, database?: Firestore): Promise<void> {
  expectStatus(await api.post("/me/phone/code/", undefined, { token: user.token }), 202);
  const code = await sentCode(user.uid, database);
  expectStatus(await api.post("/me/phone/verify/", { code }, { token: user.token }), 200);
}

/** A registered, logged-in user whose phone number is proven, so SMS go to it. */
export async function verifiedCustomer(
  api: Client,
  overrides: Partial<Record<string, string>> = {},
  database?: Firestore,
): Promise<TestUser> {
  const user = await registerAndLogin(api, overrides);
  await provePhone(api, user, database);
  return user;
}
