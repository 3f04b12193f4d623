/**
 * Every USSD screen the menu can reach, in English and Swahili, with the longest names, numbers and
 * amounts the shop can hold: each is GSM-7, at most 182 characters with its CON/END prefix, and the
 * menu never throws on any input. The walk goes breadth first over distinct states, from a number
 * without an account and from a customer, with ports that answer every way the real ones can.
 */
import { describe, expect, it } from "vitest";
import {
  initialState,
  screenOf,
  step,
  type MenuContext,
  type MenuState,
  type OrderChoice,
  type ProductChoice,
  type UssdPorts,
} from "../../src/channels/ussd-menu.js";
import { isGsm7 } from "../../src/sms/gsm.js";
import { LANGUAGES } from "../../src/platform/language.js";
import { USSD_SCREEN_LENGTH, ussdAnswer, type UssdScreen } from "../../src/texts/ussd-texts.js";

const LONGEST_PRICE = "KES 99999999.99";
const LONGEST_NUMBER = "ZZ20261231235959-ZZZZ";
/** A catalogue name as long as the catalogue allows, with what a phone cannot show (accents, emoji, a link). */
const longName = (tag: string) => `${tag} Ünïcödé sugar 🍬 “premium” www.example.com ${"x".repeat(80)}`.slice(0, 80);

function products(count: number): ProductChoice[] {
  return Array.from({ length: count }, (_, index) => ({
    id: ["p-gone", "p-busy", "p-down"][index] ?? `p-${index}`,
    name: longName(`P${index}`),
    priceMinor: 9_999_999_999,
    price: LONGEST_PRICE,
    stock: index % 3 === 0 ? null : index % 3 === 1 ? 3 : 1000,
  }));
}

const ORDERS: OrderChoice[] = [
  { id: "o-1", orderNumber: LONGEST_NUMBER, status: "Pending", amount: LONGEST_PRICE },
  { id: "o-done", orderNumber: LONGEST_NUMBER, status: "Completed", amount: LONGEST_PRICE },
  { id: "o-gone", orderNumber: LONGEST_NUMBER, status: "Canceled", amount: LONGEST_PRICE },
];

function ports(catalogue: ProductChoice[], orders: OrderChoice[]): UssdPorts {
  return {
    register: (username) =>
      Promise.resolve(
        username === "taken_user"
          ? { kind: "username_taken" }
          : username === "number_owner"
            ? { kind: "number_taken" }
            : { kind: "registered", customer: { uid: "u1", username } },
      ),
    setLanguage: () => Promise.resolve(),
    setSmsOptedOut: () => Promise.resolve(),
    latestOrders: () => Promise.resolve(orders),
    pendingOrders: () => Promise.resolve(orders),
    cancelOrder: (_uid, id) =>
      Promise.resolve(
        id === "o-done"
          ? { kind: "refused", status: "Completed" }
          : id === "o-gone"
            ? { kind: "refused", status: "Canceled" }
            : { kind: "canceled" },
      ),
    productsPage: (cursor, size) => {
      const start = cursor === null ? 0 : Number(cursor);
      return Promise.resolve({
        products: catalogue.slice(start, start + size),
        next: catalogue.length > start + size ? String(start + size) : null,
      });
    },
    totalOf: () => LONGEST_PRICE,
    placeOrder: (_uid, line) =>
      Promise.resolve(
        line.productId === "p-gone"
          ? { kind: "out_of_stock" }
          : line.productId === "p-busy"
            ? { kind: "rate_limited" }
            : line.productId === "p-down"
              ? { kind: "unavailable" }
              : { kind: "placed", orderNumber: LONGEST_NUMBER, total: LONGEST_PRICE },
      ),
  };
}

const INPUTS = [
  "",
  "0",
  "1",
  "2",
  "3",
  "4",
  "5",
  "6",
  "7",
  "9",
  "99",
  "100",
  "abc",
  "a b",
  "taken_user",
  "number_owner",
];
const LONGEST_USERNAME = "a".repeat(30);
const LONGEST_SHOP = "Mama Njeri's General Store & Kiosk, Thika";

interface Walk {
  answers: Set<string>;
  kinds: Set<UssdScreen["kind"]>;
}

async function walk(start: MenuContext, menuPorts: UssdPorts, into: Walk): Promise<void> {
  const seen = new Set<string>();
  let frontier: { state: MenuState; context: MenuContext }[] = [{ state: initialState(start), context: start }];
  for (let depth = 0; depth < 8 && frontier.length > 0; depth++) {
    const next: typeof frontier = [];
    for (const { state, context } of frontier) {
      const key = JSON.stringify([state, context]);
      if (seen.has(key)) continue;
      seen.add(key);
      const screen = screenOf(state, context, LONGEST_SHOP);
      into.kinds.add(screen.kind);
      into.answers.add(ussdAnswer(screen, context.language));
      const inputs = state.at === "register" ? [...INPUTS, LONGEST_USERNAME] : INPUTS;
      for (const input of inputs) {
        next.push(await step(state, input, context, menuPorts, `k${depth}`));
      }
    }
    frontier = next;
  }
}

describe("USSD screens", () => {
  it("When every screen is reached with the longest values, in both languages, then each is GSM-7 and fits 182 characters", async () => {
    const result: Walk = { answers: new Set(), kinds: new Set() };
    for (const language of LANGUAGES) {
      for (const smsOptedOut of [false, true]) {
        for (const [catalogue, orders] of [
          [products(12), ORDERS],
          [products(0), []],
          [products(5), ORDERS.slice(0, 1)],
        ] as const) {
          const menuPorts = ports([...catalogue], [...orders]);
          await walk({ customer: null, language, smsOptedOut }, menuPorts, result);
          await walk({ customer: { uid: "u1", username: LONGEST_USERNAME }, language, smsOptedOut }, menuPorts, result);
        }
      }
      // The screens only the service shows (before or around the menu).
      for (const kind of ["not_served", "error", "busy"] as const) {
        result.kinds.add(kind);
        result.answers.add(ussdAnswer({ kind }, language));
      }
    }
    const every: UssdScreen["kind"][] = [
      "register",
      "home",
      "products",
      "no_products",
      "quantity",
      "confirm_order",
      "ordered",
      "order_refused",
      "my_orders",
      "cancel_pick",
      "cancel_confirm",
      "canceled",
      "cancel_refused",
      "language",
      "sms_settings",
      "goodbye",
      "not_served",
      "number_taken",
      "error",
      "busy",
    ];
    expect([...result.kinds].sort()).toEqual([...every].sort());
    expect(result.answers.size).toBeGreaterThan(100);
    for (const answer of result.answers) {
      expect(answer.length, answer).toBeLessThanOrEqual(USSD_SCREEN_LENGTH);
      expect(isGsm7(answer), answer).toBe(true);
      expect(answer, answer).toMatch(/^(CON|END) \S/);
      expect(answer, answer).not.toMatch(/www\.|example\.com/);
    }
  });

  it("When a product page is shown, then every choice keeps its number and price and the names give way", async () => {
    const context: MenuContext = { customer: { uid: "u1", username: "alice" }, language: "en", smsOptedOut: false };
    const menuPorts = ports(products(12), ORDERS);
    const { state } = await step(initialState(context), "1", context, menuPorts, "k");
    const answer = ussdAnswer(screenOf(state, context, "Duka"), "en");
    expect(answer.split("\n")).toEqual([
      "CON Choose a product:",
      expect.stringMatching(/^1 P0 .+\.\.\. KES 99999999\.99$/),
      expect.stringMatching(/^2 P1 .+ KES 99999999\.99$/),
      expect.stringMatching(/^3 P2 .+ KES 99999999\.99$/),
      expect.stringMatching(/^4 P3 .+ KES 99999999\.99$/),
      expect.stringMatching(/^5 P4 .+ KES 99999999\.99$/),
      "6 More",
      "0 Back",
    ]);
  });

  it("When the customer types something unexpected anywhere, then the same screen comes back saying so", async () => {
    const context: MenuContext = { customer: { uid: "u1", username: "alice" }, language: "sw", smsOptedOut: false };
    const menuPorts = ports(products(12), ORDERS);
    const home = await step(initialState(context), "8", context, menuPorts, "k");
    expect(ussdAnswer(screenOf(home.state, context, "Duka"), "sw")).toMatch(
      /^CON Chaguo si sahihi\.\nHabari alice\n1 Agiza/,
    );
    const list = await step(home.state, "1", context, menuPorts, "k");
    const wrong = await step(list.state, "9", context, menuPorts, "k");
    expect(ussdAnswer(screenOf(wrong.state, context, "Duka"), "sw")).toMatch(/^CON Chaguo si sahihi\.\nChagua bidhaa:/);
    const quantity = await step(list.state, "2", context, menuPorts, "k");
    const tooMany = await step(quantity.state, "4", context, menuPorts, "k");
    expect(ussdAnswer(screenOf(tooMany.state, context, "Duka"), "sw")).toMatch(/^CON Zipo 3 tu\.\n/);
  });

  it("When the customer pages through the catalogue, then More shows the next five and Back the page before", async () => {
    const context: MenuContext = { customer: { uid: "u1", username: "alice" }, language: "en", smsOptedOut: false };
    const menuPorts = ports(products(12), ORDERS);
    const names = (state: MenuState) =>
      state.at === "products" ? state.shown.map((product) => product.name.slice(0, 3).trim()) : state.at;
    let state = (await step(initialState(context), "1", context, menuPorts, "k")).state;
    expect(names(state)).toEqual(["P0", "P1", "P2", "P3", "P4"]);
    state = (await step(state, "6", context, menuPorts, "k")).state;
    expect(names(state)).toEqual(["P5", "P6", "P7", "P8", "P9"]);
    state = (await step(state, "6", context, menuPorts, "k")).state;
    expect(names(state)).toEqual(["P10", "P11"]);
    expect(ussdAnswer(screenOf(state, context, "Duka"), "en")).not.toMatch(/More/);
    state = (await step(state, "3", context, menuPorts, "k")).state;
    expect(state.at).toBe("products");
    state = (await step(state, "0", context, menuPorts, "k")).state;
    expect(names(state)).toEqual(["P5", "P6", "P7", "P8", "P9"]);
    state = (await step(state, "2", context, menuPorts, "k")).state;
    state = (await step(state, "0", context, menuPorts, "k")).state;
    expect(names(state)).toEqual(["P5", "P6", "P7", "P8", "P9"]);
    state = (await step(state, "0", context, menuPorts, "k")).state;
    state = (await step(state, "0", context, menuPorts, "k")).state;
    expect(state).toEqual({ at: "home", notice: null });
  });
});
