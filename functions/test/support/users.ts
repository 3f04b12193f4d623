/** Each test makes its own users, so tests never depend on one another. */
import { randomInt, randomUUID } from "node:crypto";
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
