import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestContext,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import {
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  orderBy,
  query,
  setDoc,
  updateDoc,
  setLogLevel,
  where,
  type Firestore,
} from "firebase/firestore";
import { afterAll, beforeAll, describe, it } from "vitest";
import { firestoreEmulatorHost } from "../support/firebase.js";

/**
 * The test contexts hand out the compat Firestore type, which the library documents as usable with the
 * modular functions; this names that once instead of at every call.
 */
function modular(context: RulesTestContext): Firestore {
  return context.firestore() as unknown as Firestore;
}

// A project of its own, so clearing and seeding here never touches the API tests' data.
const RULES_PROJECT = "demo-orders-rules";

describe("Firestore security rules", () => {
  let env: RulesTestEnvironment;

  beforeAll(async () => {
    // Denied writes are the point of these tests; the SDK would log each one as an error.
    setLogLevel("silent");
    const [host, port] = firestoreEmulatorHost().split(":");
    env = await initializeTestEnvironment({
      projectId: RULES_PROJECT,
      firestore: {
        host: host ?? "127.0.0.1",
        port: Number(port),
        rules: readFileSync(resolve(__dirname, "../../../firestore.rules"), "utf8"),
      },
    });
    await env.clearFirestore();
    await env.withSecurityRulesDisabled(async (context) => {
      const db = modular(context);
      await setDoc(doc(db, "users/alice"), {
        username: "alice",
        phone_number: "+254711000001",
        sign_in_providers: ["password"],
        sessions_valid_after: 0,
      });
      await setDoc(doc(db, "users/bob"), { username: "bob", phone_number: "+254711000002" });
      // Logged out at 2_000_000_000 (2033): sessions that signed in before then read nothing.
      await setDoc(doc(db, "users/carol"), { username: "carol", sessions_valid_after: 2_000_000_000 });
      await setDoc(doc(db, "users/carol/orders/o3"), { item: "Kept", status: "Completed", created_at: 3 });
      // An account whose profile is gone (deleted): its completed order stays on record.
      await setDoc(doc(db, "users/gone/orders/o4"), { item: "On record", status: "Completed", created_at: 4 });
      await setDoc(doc(db, "staff/clerk"), { email: "clerk@example.com" });
      await setDoc(doc(db, "users/alice/orders/o1"), { item: "Laptop", status: "Pending", created_at: 1 });
      await setDoc(doc(db, "users/bob/orders/o2"), { item: "Phone", status: "Pending", created_at: 2 });
      await setDoc(doc(db, "usernames/alice"), { uid: "alice" });
      await setDoc(doc(db, "order_numbers/LA20260101000000"), { uid: "alice", order_id: "o1" });
      await setDoc(doc(db, "users/alice/idempotency_keys/k"), { order_id: "o1" });
      await setDoc(doc(db, "sms_outbox/o1-confirmation"), { to: "+254711000001" });
    });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  const now = Math.floor(Date.now() / 1000);
  /** A session of the account, signed in now with its password. */
  const as = (uid: string, claims: Record<string, unknown> = {}) =>
    modular(
      env.authenticatedContext(uid, {
        auth_time: now,
        firebase: { sign_in_provider: "password", identities: {} },
        ...claims,
      }),
    );
  const anonymous = () => modular(env.unauthenticatedContext());

  describe("Reads", () => {
    it("When a user reads their own profile and orders, then it is allowed", async () => {
      await assertSucceeds(getDoc(doc(as("alice"), "users/alice")));
      await assertSucceeds(getDoc(doc(as("alice"), "users/alice/orders/o1")));
      await assertSucceeds(getDocs(collection(as("alice"), "users/alice/orders")));
      await assertSucceeds(
        getDocs(
          query(
            collection(as("alice"), "users/alice/orders"),
            where("status", "==", "Pending"),
            orderBy("created_at", "desc"),
          ),
        ),
      );
    });

    it("When a user reads another user's profile or orders, then it is denied", async () => {
      await assertFails(getDoc(doc(as("alice"), "users/bob")));
      await assertFails(getDoc(doc(as("alice"), "users/bob/orders/o2")));
      await assertFails(getDocs(collection(as("alice"), "users/bob/orders")));
      await assertFails(getDocs(collection(as("alice"), "users")));
      await assertFails(getDocs(collectionGroup(as("alice"), "orders")));
    });

    it("When a session ended (logout), its account is gone, or it signed in a way the account no longer has, then nothing can be read", async () => {
      await assertFails(getDoc(doc(as("carol"), "users/carol")));
      await assertFails(getDoc(doc(as("carol"), "users/carol/orders/o3")));
      await assertSucceeds(getDoc(doc(as("carol", { auth_time: 2_000_000_001 }), "users/carol/orders/o3")));
      await assertFails(getDoc(doc(as("gone"), "users/gone/orders/o4")));
      const viaGoogle = as("alice", { firebase: { sign_in_provider: "google.com", identities: {} } });
      await assertFails(getDoc(doc(viaGoogle, "users/alice/orders/o1")));
    });

    it("When nobody is signed in, then nothing can be read", async () => {
      await assertFails(getDoc(doc(anonymous(), "users/alice")));
      await assertFails(getDoc(doc(anonymous(), "users/alice/orders/o1")));
      await assertFails(getDocs(collection(anonymous(), "users/alice/orders")));
    });

    it("When a user reads the internal collections, then it is denied, even for their own entries", async () => {
      await assertFails(getDoc(doc(as("alice"), "usernames/alice")));
      await assertFails(getDoc(doc(as("alice"), "order_numbers/LA20260101000000")));
      await assertFails(getDoc(doc(as("alice"), "users/alice/idempotency_keys/k")));
      await assertFails(getDoc(doc(as("alice"), "sms_outbox/o1-confirmation")));
      await assertFails(getDoc(doc(as("alice"), "some_new_collection/x")));
    });
  });

  describe("Staff", () => {
    const staff = () => as("clerk", { role: "staff" });

    it("When staff read any order, also across customers in one query, then it is allowed", async () => {
      await assertSucceeds(getDoc(doc(staff(), "users/alice/orders/o1")));
      await assertSucceeds(getDoc(doc(staff(), "users/bob/orders/o2")));
      await assertSucceeds(getDocs(collection(staff(), "users/bob/orders")));
      await assertSucceeds(getDocs(collectionGroup(staff(), "orders")));
    });

    it("When staff write an order or read anything else, then it is denied", async () => {
      await assertFails(updateDoc(doc(staff(), "users/alice/orders/o1"), { status: "Completed" }));
      await assertFails(getDoc(doc(staff(), "users/alice")));
      await assertFails(getDoc(doc(staff(), "order_numbers/LA20260101000000")));
      await assertFails(getDocs(collectionGroup(as("alice", { role: "customer" }), "orders")));
    });

    it("When a token still says staff but the server's staff record is gone (revoked), then nothing is read", async () => {
      const revoked = as("former", { role: "staff" });
      await assertFails(getDoc(doc(revoked, "users/alice/orders/o1")));
      await assertFails(getDocs(collectionGroup(revoked, "orders")));
    });
  });

  describe("Writes", () => {
    it("When a user writes their own profile or orders, then it is denied", async () => {
      const db = as("alice");
      await assertFails(setDoc(doc(db, "users/alice"), { username: "alice2" }));
      await assertFails(updateDoc(doc(db, "users/alice/orders/o1"), { status: "Completed" }));
      await assertFails(updateDoc(doc(db, "users/alice/orders/o1"), { order_number: "MINE" }));
      await assertFails(updateDoc(doc(db, "users/alice/orders/o1"), { "sms.status": "sent" }));
      await assertFails(setDoc(doc(db, "users/alice/orders/new"), { item: "Free", amount_minor: 1 }));
      await assertFails(deleteDoc(doc(db, "users/alice/orders/o1")));
    });

    it("When a user writes anything else, then it is denied", async () => {
      const db = as("alice");
      await assertFails(setDoc(doc(db, "users/bob/orders/o2"), { item: "Stolen" }));
      await assertFails(setDoc(doc(db, "usernames/mallory"), { uid: "alice" }));
      await assertFails(setDoc(doc(db, "order_numbers/XX20260101000000"), { uid: "alice" }));
      await assertFails(setDoc(doc(db, "sms_outbox/x"), { to: "+254711000001" }));
      await assertFails(setDoc(doc(anonymous(), "users/eve"), { username: "eve" }));
    });
  });
});
