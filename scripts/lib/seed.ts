/**
 * Demo data for the emulators (npm start -- --seed): a demo customer who has proven their phone
 * number, a few orders, a staff member, and a small catalogue the staff member adds. Everything a customer does goes through the API itself,
 * so every rule applies; the phone code is read where a phone would get it (the outbox). Safe to run
 * again on persisted data.
 */
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
export const DEMO_USER = {
  username: "demo",
  email: "demo@example.com",
  password: "demo-password-1",
  phone_number: "+254700000001",
};

export const DEMO_STAFF = { email: "staff@example.com", password: "staff-password-1" };

const DEMO_ORDERS = [
  { item: "Laptop", amount: "1200.00" },
  { item: "Wireless mouse", amount: "25.50" },
  { item: "USB-C hub", amount: "49.99" },
];

/** Ten everyday products of a Kenyan shop, at its prices in KES; the eggs are nearly gone, greens are not counted. */
export const DEMO_CATALOGUE = [
  { name: "Maize flour 2 kg", description: "Sifted, fortified (unga wa mahindi).", price: "210.00", stock: 60 },
  { name: "Sugar 1 kg", description: null, price: "180.00", stock: 40 },
  { name: "Cooking oil 1 L", description: "Vegetable oil.", price: "350.00", stock: 25 },
  { name: "Pishori rice 1 kg", description: "Aromatic Mwea rice.", price: "220.00", stock: 30 },
  { name: "Fresh milk 500 ml", description: "Pasteurised.", price: "65.00", stock: 48 },
  { name: "White bread 400 g", description: null, price: "65.00", stock: 20 },
  { name: "Tea leaves 250 g", description: "Kenyan black tea.", price: "150.00", stock: 35 },
  { name: "Bar soap 800 g", description: "Laundry bar.", price: "190.00", stock: 18 },
  { name: "Eggs, tray of 30", description: null, price: "480.00", stock: 3 },
  { name: "Sukuma wiki, bunch", description: "Fresh greens; not counted.", price: "30.00", stock: null },
] as const;

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: {
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(15_000),
  });
}

export interface EmulatorHosts {
  projectId: string;
  authHost: string;
  firestoreHost: string;
}

function adminOf(hosts: EmulatorHosts) {
  process.env.FIREBASE_AUTH_EMULATOR_HOST ??= hosts.authHost;
  process.env.FIRESTORE_EMULATOR_HOST ??= hosts.firestoreHost;
  const app = getApps()[0] ?? initializeApp({ projectId: hosts.projectId });
  return { auth: getAuth(app), db: getFirestore(app) };
}

/** The newest code sent to an account, from its message or (once sent and redacted) the outbox copy. */
async function sentCode(db: Firestore, uid: string): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const newest = await db
      .collection("verification_messages")
      .where("sms.account", "==", uid)
      .orderBy("created_at", "desc")
      .limit(1)
      .get();
    const message = newest.docs[0];
    if (message) {
      const texts = [
        message.get("sms.text"),
        (await db.collection("sms_outbox").doc(`${message.id}-code`).get()).get("message"),
      ];
      for (const text of texts) {
        const code = /code is (\d{6})/.exec(String(text))?.[1];
        if (code) return code;
      }
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  throw new Error("seeding: no verification code reached the outbox within 20 s");
}

async function provePhone(apiBaseUrl: string, token: string, db: Firestore, uid: string): Promise<void> {
  const profile = await fetch(`${apiBaseUrl}/me/`, { headers: { Authorization: `Bearer ${token}` } });
  if (((await profile.json()) as { phone_verified?: boolean }).phone_verified) return;
  const requested = await post(`${apiBaseUrl}/me/phone/code/`, undefined, token);
  if (requested.status !== 202) throw new Error(`seeding: phone code answered ${requested.status}`);
  const verified = await post(`${apiBaseUrl}/me/phone/verify/`, { code: await sentCode(db, uid) }, token);
  if (!verified.ok) throw new Error(`seeding: phone verification answered ${verified.status}`);
}

async function seedStaff(auth: ReturnType<typeof getAuth>): Promise<void> {
  const existing = await auth.getUserByEmail(DEMO_STAFF.email).catch(() => undefined);
  const user = existing ?? (await auth.createUser({ email: DEMO_STAFF.email, password: DEMO_STAFF.password }));
  await auth.setCustomUserClaims(user.uid, { role: "staff" });
}

/** The staff member adds the catalogue through the API; a product already there (by name) is left as it is. */
async function seedCatalogue(apiBaseUrl: string): Promise<void> {
  const login = await post(`${apiBaseUrl}/login/`, { email: DEMO_STAFF.email, password: DEMO_STAFF.password });
  if (!login.ok) throw new Error(`seeding: staff login answered ${login.status}`);
  const { token } = (await login.json()) as { token: string };
  for (const product of DEMO_CATALOGUE) {
    const found = await fetch(`${apiBaseUrl}/staff/products/?q=${encodeURIComponent(product.name)}`, {
      headers: { Authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(15_000),
    });
    if (!found.ok) throw new Error(`seeding: listing products answered ${found.status}`);
    if (((await found.json()) as { name: string }[]).some((existing) => existing.name === product.name)) continue;
    const created = await post(`${apiBaseUrl}/staff/products/`, product, token);
    if (created.status !== 201) throw new Error(`seeding: adding ${product.name} answered ${created.status}`);
  }
}

export async function seedDemoData(apiBaseUrl: string, hosts: EmulatorHosts): Promise<void> {
  const { auth, db } = adminOf(hosts);
  const registered = await post(`${apiBaseUrl}/register/`, DEMO_USER);
  if (registered.status !== 201 && registered.status !== 400) {
    throw new Error(`seeding: register answered ${registered.status}`);
  }
  const login = await post(`${apiBaseUrl}/login/`, { email: DEMO_USER.email, password: DEMO_USER.password });
  if (!login.ok) throw new Error(`seeding: login answered ${login.status}`);
  const { token, uid } = (await login.json()) as { token: string; uid: string };
  await provePhone(apiBaseUrl, token, db, uid);
  for (const [index, order] of DEMO_ORDERS.entries()) {
    // Idempotency keys make a second seeding of persisted data a no-op.
    const response = await fetch(`${apiBaseUrl}/orders/`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        Authorization: `Bearer ${token}`,
        "Idempotency-Key": `seed-${index}`,
      },
      body: JSON.stringify(order),
      signal: AbortSignal.timeout(15_000),
    });
    if (response.status !== 201) throw new Error(`seeding: create order answered ${response.status}`);
  }
  await seedStaff(auth);
  await seedCatalogue(apiBaseUrl);
  console.log(
    `  Seeded customer ${DEMO_USER.email} / ${DEMO_USER.password} (phone proven) with ${DEMO_ORDERS.length} orders,` +
      ` staff ${DEMO_STAFF.email} / ${DEMO_STAFF.password}, and a catalogue of ${DEMO_CATALOGUE.length} products.`,
  );
}
