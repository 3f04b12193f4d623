/**
 * Demo data for the emulators (npm start -- --seed): a demo customer and a few orders, created
 * through the API itself so every rule applies. Safe to run again on persisted data.
 */
export const DEMO_USER = {
  username: "demo",
  email: "demo@example.com",
  password: "demo-password-1",
  phone_number: "+254700000001",
};

const DEMO_ORDERS = [
  { item: "Laptop", amount: "1200.00" },
  { item: "Wireless mouse", amount: "25.50" },
  { item: "USB-C hub", amount: "49.99" },
];

async function post(url: string, body: unknown, token?: string): Promise<Response> {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
}

export async function seedDemoData(apiBaseUrl: string): Promise<void> {
  const registered = await post(`${apiBaseUrl}/register/`, DEMO_USER);
  if (registered.status !== 201 && registered.status !== 400) {
    throw new Error(`seeding: register answered ${registered.status}`);
  }
  const login = await post(`${apiBaseUrl}/login/`, { email: DEMO_USER.email, password: DEMO_USER.password });
  if (!login.ok) throw new Error(`seeding: login answered ${login.status}`);
  const { token } = (await login.json()) as { token: string };
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
  console.log(`  Seeded demo user ${DEMO_USER.email} / ${DEMO_USER.password} with ${DEMO_ORDERS.length} orders.`);
}
