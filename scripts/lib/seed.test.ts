/** `npm start -- --seed` against the Functions emulator's API, as a developer runs it, twice. */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { auth } from "../../functions/test/support/firebase.js";
import { projectSettings } from "./project-settings.js";
import { DEMO_CATALOGUE, DEMO_STAFF, DEMO_USER, seedDemoData } from "./seed.js";

const settings = projectSettings(resolve(import.meta.dirname, "../.."));
const apiBaseUrl = process.env.API_BASE_URL ?? settings.apiBaseUrl;

describe("Seeding the emulators", () => {
  it("When it runs twice, then the demo customer has a proven phone and three orders, staff can sign in, and the catalogue is there once", async () => {
    await seedDemoData(apiBaseUrl, settings);
    await seedDemoData(apiBaseUrl, settings);

    const login = await fetch(`${apiBaseUrl}/login/`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ email: DEMO_USER.email, password: DEMO_USER.password }),
    });
    const { token } = (await login.json()) as { token: string };
    const headers = { Authorization: `Bearer ${token}` };
    const profile = (await (await fetch(`${apiBaseUrl}/me/`, { headers })).json()) as { phone_verified: boolean };
    expect(profile.phone_verified).toBe(true);
    const orders = (await (await fetch(`${apiBaseUrl}/orders/`, { headers })).json()) as { item: string }[];
    expect(orders.map((order) => order.item).sort()).toEqual(["Laptop", "USB-C hub", "Wireless mouse"]);

    const staff = await auth().getUserByEmail(DEMO_STAFF.email);
    expect(staff.customClaims).toEqual({ role: "staff" });

    // The catalogue, once, as the customer sees it: ten products at KES prices, one nearly sold out.
    const products = (await (await fetch(`${apiBaseUrl}/products/?sort=name&limit=100`, { headers })).json()) as {
      name: string;
      price: string;
      currency: string;
      stock: number | null;
    }[];
    const seeded = products.filter((product) => DEMO_CATALOGUE.some((entry) => entry.name === product.name));
    expect(seeded.map((product) => product.name).sort()).toEqual(DEMO_CATALOGUE.map((entry) => entry.name).sort());
    expect(new Set(seeded.map((product) => product.currency))).toEqual(new Set(["KES"]));
    expect(seeded.filter((product) => product.stock !== null && product.stock <= 5)).toHaveLength(1);
  }, 90_000);
});
