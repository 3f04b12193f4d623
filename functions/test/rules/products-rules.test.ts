/** The catalogue in the security rules: signed-in customers read what is on sale, nobody writes. */
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
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  setDoc,
  setLogLevel,
  updateDoc,
  where,
  type Firestore,
} from "firebase/firestore";
import { afterAll, beforeAll, describe, it } from "vitest";
import { firestoreEmulatorHost } from "../support/firebase.js";

/** The test contexts hand out the compat Firestore type, documented as usable with the modular functions. */
function modular(context: RulesTestContext): Firestore {
  return context.firestore() as unknown as Firestore;
}

// A project of its own, so clearing and seeding here never touches other tests' data.
const RULES_PROJECT = "demo-orders-products-rules";

describe("Firestore security rules for the catalogue", () => {
  let env: RulesTestEnvironment;

  beforeAll(async () => {
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
      const product = { name: "Maize flour 2 kg", name_lower: "maize flour 2 kg", price_minor: 21000, stock: 4 };
      await setDoc(doc(db, "products/onsale"), { ...product, active: true, created_at: 1 });
      await setDoc(doc(db, "products/archived"), { ...product, name: "Old soap", active: false, created_at: 2 });
      await setDoc(doc(db, "products/onsale/changes/c1"), { kind: "created", by: { uid: "clerk", username: "clerk" } });
      // Staff are staff by the claim and the record the server writes (npm run staff -- grant).
      await setDoc(doc(db, "staff/clerk"), { email: "clerk@example.com" });
    });
  });
  afterAll(async () => {
    await env.cleanup();
  });

  const customer = () => modular(env.authenticatedContext("alice"));
  const staff = () => modular(env.authenticatedContext("clerk", { role: "staff" }));
  const formerStaff = () => modular(env.authenticatedContext("former", { role: "staff" }));

  it("When a signed-in customer reads products on sale, one or by a query for active ones, then it is allowed", async () => {
    await assertSucceeds(getDoc(doc(customer(), "products/onsale")));
    await assertSucceeds(getDocs(query(collection(customer(), "products"), where("active", "==", true))));
    await assertSucceeds(
      getDocs(query(collection(customer(), "products"), where("active", "==", true), orderBy("name_lower"), limit(20))),
    );
  });

  it("When a customer reads an archived product, lists without asking for active ones, or is not signed in, then it is denied", async () => {
    await assertFails(getDoc(doc(customer(), "products/archived")));
    await assertFails(getDocs(collection(customer(), "products")));
    await assertFails(getDocs(query(collection(customer(), "products"), where("active", "==", false))));
    await assertFails(getDoc(doc(modular(env.unauthenticatedContext()), "products/onsale")));
    await assertFails(getDoc(doc(customer(), "products/onsale/changes/c1")));
  });

  it("When staff read the catalogue, then every product is allowed, but not its change record", async () => {
    await assertSucceeds(getDoc(doc(staff(), "products/archived")));
    await assertSucceeds(getDocs(collection(staff(), "products")));
    await assertFails(getDoc(doc(staff(), "products/onsale/changes/c1")));
    // A token that still says staff, of someone whose staff record is gone, reads no archived product.
    await assertFails(getDoc(doc(formerStaff(), "products/archived")));
  });

  it("When anyone writes a product, its stock or its change record, then it is denied", async () => {
    for (const db of [customer(), staff()]) {
      await assertFails(updateDoc(doc(db, "products/onsale"), { stock: 1000 }));
      await assertFails(updateDoc(doc(db, "products/onsale"), { price_minor: 1 }));
      await assertFails(setDoc(doc(db, "products/new"), { name: "Free", active: true }));
      await assertFails(deleteDoc(doc(db, "products/onsale")));
      await assertFails(setDoc(doc(db, "products/onsale/changes/c2"), { kind: "updated" }));
    }
  });
});
