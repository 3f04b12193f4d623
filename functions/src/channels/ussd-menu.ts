/**
 * The USSD menu as a state machine: each input the customer types moves the session's state one
 * step, and each state has one screen (texts/ussd-texts.ts words it). What a step must read or do
 * (register, list orders, cancel, order) goes through `UssdPorts`, so the menu itself holds no
 * Firestore code and a test can walk every screen with ports of its own.
 *
 *   register --username--> home          (a number with no account; 9 switches the language)
 *   home 1 -> products -> quantity -> confirm -> ordered (END)
 *   home 2 -> my orders;  3 -> cancel: pick -> confirm -> canceled (END)
 *   home 4 -> language;   5 -> SMS on/off;  0 -> goodbye (END)
 *
 * Wrong input shows the same screen again, saying so. A state holds what its screen showed (the
 * products and their prices, the orders), so an answer is read against what the customer saw, and
 * the state is plain data the session keeps between requests.
 */
import { usernameSchema } from "../accounts/schemas.js";
import type { Language } from "../platform/language.js";
import type { Notice, OrderLine, OrderStatusName, UssdScreen } from "../texts/ussd-texts.js";

/** Products per screen; a sixth choice shows the next five. */
export const PRODUCTS_PER_SCREEN = 5;
/** Orders shown (and offered to cancel) per screen. */
export const ORDERS_PER_SCREEN = 3;
/** The most of one product a USSD order takes. */
export const MAX_QUANTITY = 99;

export interface ProductChoice {
  id: string;
  name: string;
  priceMinor: number;
  /** Formatted with the currency. */
  price: string;
  /** Null when the shop does not count it. */
  stock: number | null;
}

export interface OrderChoice extends OrderLine {
  id: string;
}

/** Who the session is for, and what the menu needs of them on every screen. */
export interface MenuContext {
  customer: { uid: string; username: string } | null;
  language: Language;
  smsOptedOut: boolean;
}

/** The catalogue's cursors of the pages walked so far, the one shown last (null: the first page). */
export type Pages = (string | null)[];

export type RegisterProblem = "invalid_username" | "username_taken";

export type MenuState =
  | { at: "register"; problem: RegisterProblem | null }
  | { at: "home"; notice: Notice | null }
  | { at: "products"; pages: Pages; shown: ProductChoice[]; next: string | null; notice: Notice | null }
  | { at: "quantity"; pages: Pages; product: ProductChoice; problem: "invalid" | "too_many" | null }
  | { at: "confirm"; pages: Pages; product: ProductChoice; quantity: number; total: string; notice: Notice | null }
  | { at: "my_orders"; shown: OrderLine[] }
  | { at: "cancel_pick"; shown: OrderChoice[]; notice: Notice | null }
  | { at: "cancel_confirm"; order: OrderChoice; notice: Notice | null }
  | { at: "language"; notice: Notice | null }
  | { at: "sms"; notice: Notice | null }
  | { at: "ended"; screen: UssdScreen };

export type Registration =
  | { kind: "registered"; customer: { uid: string; username: string } }
  | { kind: "username_taken" }
  | { kind: "number_taken" };

export type Placement =
  | { kind: "placed"; orderNumber: string; total: string }
  | { kind: "out_of_stock" }
  | { kind: "rate_limited" }
  | { kind: "unavailable" };

export type Cancellation = { kind: "canceled" } | { kind: "refused"; status: Exclude<OrderStatusName, "Pending"> };

/** What the menu reads and does, for the session's own number and customer. */
export interface UssdPorts {
  register(username: string, language: Language): Promise<Registration>;
  setLanguage(uid: string, language: Language): Promise<void>;
  setSmsOptedOut(optedOut: boolean): Promise<void>;
  latestOrders(uid: string, limit: number): Promise<OrderLine[]>;
  pendingOrders(uid: string, limit: number): Promise<OrderChoice[]>;
  cancelOrder(uid: string, orderId: string): Promise<Cancellation>;
  /** A page of what can be ordered now (in stock), from a cursor (null: the start), and the next page's cursor. */
  productsPage(cursor: string | null, size: number): Promise<{ products: ProductChoice[]; next: string | null }>;
  /** The total the shop will charge, formatted. */
  totalOf(product: ProductChoice, quantity: number): string;
  /** `key` names this confirmation: the same key again makes no second order. */
  placeOrder(uid: string, line: { productId: string; quantity: number }, key: string): Promise<Placement>;
}

export interface Step {
  state: MenuState;
  context: MenuContext;
}

/** Where a session starts: the menu for a customer, registration for a number without an account. */
export function initialState(context: MenuContext): MenuState {
  return context.customer ? { at: "home", notice: null } : { at: "register", problem: null };
}

/** A whole number typed as digits only (USSD keypads type nothing else for choices). */
function choice(input: string): number | undefined {
  const trimmed = input.trim();
  return /^\d{1,3}$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** The page at the end of `pages`, read afresh (stock and prices may have moved). */
async function productsAt(pages: Pages, ports: UssdPorts): Promise<MenuState> {
  const { products, next } = await ports.productsPage(pages.at(-1) ?? null, PRODUCTS_PER_SCREEN);
  return { at: "products", pages: pages.length === 0 ? [null] : pages, shown: products, next, notice: null };
}

const home = (notice: Notice | null = null): MenuState => ({ at: "home", notice });
const ended = (screen: UssdScreen): MenuState => ({ at: "ended", screen });

function maxOf(product: ProductChoice): number {
  return product.stock === null ? MAX_QUANTITY : Math.min(MAX_QUANTITY, product.stock);
}

/**
 * One input applied to the state. `key` identifies the input within its session (so a repeated
 * request repeats, and never doubles, what the input did).
 */
export async function step(
  state: MenuState,
  input: string,
  context: MenuContext,
  ports: UssdPorts,
  key: string,
): Promise<Step> {
  const stay = (next: MenuState): Step => ({ state: next, context });
  const customer = context.customer;
  const picked = choice(input);

  if (state.at === "ended") return stay(state);

  if (state.at === "register" || !customer) {
    if (input.trim() === "9") {
      return {
        state: { at: "register", problem: null },
        context: { ...context, language: context.language === "en" ? "sw" : "en" },
      };
    }
    const username = usernameSchema.safeParse(input.trim());
    if (!username.success) return stay({ at: "register", problem: "invalid_username" });
    const registration = await ports.register(username.data, context.language);
    switch (registration.kind) {
      case "registered":
        return { state: home("registered"), context: { ...context, customer: registration.customer } };
      case "username_taken":
        return stay({ at: "register", problem: "username_taken" });
      case "number_taken":
        return stay(ended({ kind: "number_taken" }));
    }
  }

  switch (state.at) {
    case "home":
      switch (picked) {
        case 1:
          return stay(await productsAt([null], ports));
        case 2:
          return stay({ at: "my_orders", shown: await ports.latestOrders(customer.uid, ORDERS_PER_SCREEN) });
        case 3:
          return stay({
            at: "cancel_pick",
            shown: await ports.pendingOrders(customer.uid, ORDERS_PER_SCREEN),
            notice: null,
          });
        case 4:
          return stay({ at: "language", notice: null });
        case 5:
          return stay({ at: "sms", notice: null });
        case 0:
          return stay(ended({ kind: "goodbye" }));
        default:
          return stay(home("invalid_choice"));
      }

    case "products": {
      if (picked === 0)
        return stay(state.pages.length > 1 ? await productsAt(state.pages.slice(0, -1), ports) : home());
      const product = picked === undefined ? undefined : state.shown[picked - 1];
      if (product) return stay({ at: "quantity", pages: state.pages, product, problem: null });
      if (state.next !== null && picked === state.shown.length + 1) {
        return stay(await productsAt([...state.pages, state.next], ports));
      }
      return stay({ ...state, notice: "invalid_choice" });
    }

    case "quantity": {
      if (picked === 0) return stay(await productsAt(state.pages, ports));
      if (picked === undefined || picked < 1 || picked > MAX_QUANTITY) return stay({ ...state, problem: "invalid" });
      if (picked > maxOf(state.product)) return stay({ ...state, problem: "too_many" });
      return stay({
        at: "confirm",
        pages: state.pages,
        product: state.product,
        quantity: picked,
        total: ports.totalOf(state.product, picked),
        notice: null,
      });
    }

    case "confirm":
      if (picked === 1) {
        const placement = await ports.placeOrder(
          customer.uid,
          { productId: state.product.id, quantity: state.quantity },
          key,
        );
        switch (placement.kind) {
          case "placed":
            return stay(
              ended({
                kind: "ordered",
                orderNumber: placement.orderNumber,
                total: placement.total,
                smsOptedOut: context.smsOptedOut,
              }),
            );
          default:
            return stay(ended({ kind: "order_refused", reason: placement.kind, product: state.product.name }));
        }
      }
      if (picked === 2) return stay(home("order_kept"));
      return stay({ ...state, notice: "invalid_choice" });

    case "my_orders":
      return stay(picked === 0 ? home() : state);

    case "cancel_pick": {
      if (picked === 0) return stay(home());
      const order = picked === undefined ? undefined : state.shown[picked - 1];
      if (order) return stay({ at: "cancel_confirm", order, notice: null });
      return stay({ ...state, notice: "invalid_choice" });
    }

    case "cancel_confirm":
      if (picked === 1) {
        const outcome = await ports.cancelOrder(customer.uid, state.order.id);
        return stay(
          ended(
            outcome.kind === "canceled"
              ? { kind: "canceled", orderNumber: state.order.orderNumber }
              : { kind: "cancel_refused", orderNumber: state.order.orderNumber, status: outcome.status },
          ),
        );
      }
      if (picked === 2) return stay(home("nothing_canceled"));
      return stay({ ...state, notice: "invalid_choice" });

    case "language": {
      if (picked === 0) return stay(home());
      const language: Language | undefined = picked === 1 ? "en" : picked === 2 ? "sw" : undefined;
      if (!language) return stay({ ...state, notice: "invalid_choice" });
      await ports.setLanguage(customer.uid, language);
      return { state: home("language_set"), context: { ...context, language } };
    }

    case "sms":
      if (picked === 0) return stay(home());
      if (picked !== 1) return stay({ ...state, notice: "invalid_choice" });
      await ports.setSmsOptedOut(!context.smsOptedOut);
      return {
        state: home(context.smsOptedOut ? "sms_on" : "sms_off"),
        context: { ...context, smsOptedOut: !context.smsOptedOut },
      };
  }
}

/** The screen a state shows; `shopName` greets a number that has no account yet. */
export function screenOf(state: MenuState, context: MenuContext, shopName: string): UssdScreen {
  switch (state.at) {
    case "register":
      return { kind: "register", shopName, problem: state.problem };
    case "home":
      return {
        kind: "home",
        username: context.customer?.username ?? "",
        smsOptedOut: context.smsOptedOut,
        notice: state.notice,
      };
    case "products":
      return state.shown.length === 0 && state.pages.length <= 1
        ? { kind: "no_products" }
        : { kind: "products", products: state.shown, hasMore: state.next !== null, notice: state.notice };
    case "quantity":
      return { kind: "quantity", product: state.product, max: maxOf(state.product), problem: state.problem };
    case "confirm":
      return {
        kind: "confirm_order",
        product: state.product,
        quantity: state.quantity,
        total: state.total,
        notice: state.notice,
      };
    case "my_orders":
      return { kind: "my_orders", orders: state.shown };
    case "cancel_pick":
      return { kind: "cancel_pick", orders: state.shown, notice: state.notice };
    case "cancel_confirm":
      return { kind: "cancel_confirm", order: state.order, notice: state.notice };
    case "language":
      return { kind: "language", notice: state.notice };
    case "sms":
      return { kind: "sms_settings", optedOut: context.smsOptedOut, notice: state.notice };
    case "ended":
      return state.screen;
  }
}
