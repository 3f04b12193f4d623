import { describe, expect, it } from "vitest";
import { client, expectProblem, expectStatus } from "../support/http.js";
import { auth, db } from "../support/firebase.js";
import { useApi } from "../support/server.js";
import { newUserInput } from "../support/users.js";

describe("Foundation: the app, its error answers and the emulators", () => {
  const api = useApi();

  it("When the health route is called through the Functions emulator, then it answers 200", async () => {
    const functionsBase = process.env.API_BASE_URL;
    expect(functionsBase, "API_BASE_URL is set by the emulator launcher").toBeTruthy();
    const viaEmulator = client(String(functionsBase));
    for (const path of ["/health/", "/health"]) {
      const response = await viaEmulator.get(path);
      expectStatus(response, 200);
      expect(response.body).toEqual({ status: "ok" });
    }
    // The function URL without the /api prefix works too (direct calls, no Hosting rewrite).
    const withoutPrefix = client(String(functionsBase).replace(/\/api$/, ""));
    expectStatus(await withoutPrefix.get("/health/"), 200);
  });

  it("When a customer registers through the app, then the emulators hold the Auth user and the profile the API wrote", async () => {
    const input = newUserInput();
    const registered = await api.post<{ uid: string }>("/register/", input);
    expectStatus(registered, 201);
    const [user, profile] = await Promise.all([
      auth().getUser(registered.body.uid),
      db().doc(`users/${registered.body.uid}`).get(),
    ]);
    expect(user.email).toBe(input.email);
    expect(profile.data()).toMatchObject({ username: input.username, email: input.email, phone_verified: false });
  });

  it("When the body is malformed JSON, then the answer is a problem+json 400", async () => {
    const response = await api.post("/login/", undefined, {
      raw: '{"email": "a@example.com",',
      headers: { "Content-Type": "application/json" },
    });
    expectProblem(response, 400, "malformed_json");
  });

  it("When the body is not UTF-8, then the answer is a problem+json 400", async () => {
    const response = await api.post("/login/", undefined, {
      raw: Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      headers: { "Content-Type": "application/json" },
    });
    expectProblem(response, 400, "invalid_encoding");
  });

  it("When the body is larger than 16 KiB, then the answer is a problem+json 413", async () => {
    const big = JSON.stringify({ email: "a@example.com", password: "x".repeat(17 * 1024) });
    const response = await api.post("/login/", undefined, {
      raw: big,
      headers: { "Content-Type": "application/json" },
    });
    expectProblem(response, 413, "payload_too_large");
  });

  it("When the body is sent as text/plain, then the answer is a problem+json 415", async () => {
    const response = await api.post("/login/", undefined, {
      raw: "email=a@example.com",
      headers: { "Content-Type": "text/plain" },
    });
    expectProblem(response, 415, "unsupported_media_type");
  });

  it("When the same errors go through the Functions emulator, then size and type limits hold there too", async () => {
    const viaEmulator = client(String(process.env.API_BASE_URL));
    const tooBig = await viaEmulator.post("/login/", undefined, {
      raw: JSON.stringify({ password: "x".repeat(17 * 1024) }),
      headers: { "Content-Type": "application/json" },
    });
    expectProblem(tooBig, 413, "payload_too_large");
    const wrongType = await viaEmulator.post("/login/", undefined, {
      raw: "hello",
      headers: { "Content-Type": "text/plain" },
    });
    expectProblem(wrongType, 415, "unsupported_media_type");
  });

  it("When a path is unknown, then the answer is a problem+json 404", async () => {
    expectProblem(await api.get("/no/such/thing/"), 404, "route_not_found");
    expectProblem(await client(String(process.env.API_BASE_URL)).get("/nope"), 404, "route_not_found");
  });

  it("When a known path is called with the wrong method, then the answer is 405 with Allow", async () => {
    const response = await api.delete("/health/");
    expectProblem(response, 405, "method_not_allowed");
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});
