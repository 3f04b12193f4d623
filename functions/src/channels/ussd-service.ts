/**
 * Answers Africa's Talking's USSD requests: finds the session, applies the inputs it has not seen
 * (ussd-menu.ts decides each step), keeps the state, and words the screen. The customer is the
 * account whose proven number the network placed the session from; a number without one is offered
 * registration.
 *
 * The gateway waits about 10 s and shows its own error after that: an answer not ready in
 * USSD_DEADLINE_MS ends the session with an apology instead. Anything that fails ends it with an
 * apology too, and is logged with its cause (never with the phone number in full).
 */
import type { AccountsService } from "../accounts/accounts-service.js";
import { ApiError } from "../http/errors.js";
import type { LogSink } from "../http/log.js";
import type { OrdersService } from "../orders/orders-service.js";
import { maskedNumber, readPhoneNumber, type PhonePolicy } from "../phone/phone-number.js";
import type { SmsRepository } from "../sms/sms-repository.js";
import type { Language } from "../platform/language.js";
import { ussdAnswer, type UssdScreen } from "../texts/ussd-texts.js";
import {
  initialState,
  screenOf,
  step,
  type Cancellation,
  type MenuContext,
  type MenuState,
  type UssdPorts,
} from "./ussd-menu.js";
import type { UssdRepository } from "./ussd-repository.js";

/** Well inside the gateway's wait of about 10 s, leaving it time to carry the answer. */
export const USSD_DEADLINE_MS = 7_000;

/** What Africa's Talking posts for each step of a session. */
export interface UssdRequest {
  sessionId: string;
  serviceCode: string;
  phoneNumber: string;
  networkCode: string | undefined;
  text: string;
}

/** What the catalogue gives the menu; absent until the shop has one (the menu then offers none). */
export type CataloguePorts = Pick<UssdPorts, "productsPage" | "totalOf" | "placeOrder">;

export interface UssdServiceDeps {
  accounts: AccountsService;
  orders: OrdersService;
  sms: SmsRepository;
  sessions: UssdRepository;
  catalogue: (number: string) => CataloguePorts;
  phones: PhonePolicy;
  shopName: string;
  defaultLanguage: Language;
  clock: () => Date;
  log: LogSink;
  deadlineMs?: number;
}

class DeadlinePassed extends Error {}

/** The inputs of `text` the session has not taken yet, or all of them when it must start over. */
function newInputs(text: string, seen: string | undefined): { inputs: string[]; first: number; fresh: boolean } {
  const all = text === "" ? [] : text.split("*");
  if (seen === undefined) return { inputs: all, first: 0, fresh: true };
  if (seen === "") return { inputs: all, first: 0, fresh: false };
  if (text.startsWith(`${seen}*`)) {
    const taken = seen.split("*").length;
    return { inputs: all.slice(taken), first: taken, fresh: false };
  }
  return { inputs: all, first: 0, fresh: true };
}

export function createUssdService(deps: UssdServiceDeps) {
  const { accounts, orders, sms, sessions, clock, log } = deps;

  function portsFor(number: string, sessionId: string): UssdPorts {
    return {
      async register(username, language) {
        try {
          const { uid, profile } = await accounts.registerByPhone({ username, phoneNumber: number, language });
          return { kind: "registered", customer: { uid, username: profile.username } };
        } catch (error) {
          if (error instanceof ApiError && error.code === "username_taken") return { kind: "username_taken" };
          if (error instanceof ApiError && error.code === "phone_number_taken") return { kind: "number_taken" };
          throw error;
        }
      },
      setLanguage: (uid, language) => accounts.setLanguage(uid, language),
      async setSmsOptedOut(optedOut) {
        await sms.changeConsent(number, { optedOut, at: clock(), via: "ussd", reference: sessionId });
      },
      async latestOrders(uid, limit) {
        const page = await orders.list(uid, { status: undefined, limit, cursor: undefined });
        return page.orders.map((order) => ({
          orderNumber: order.order_number,
          status: order.status,
          amount: `${order.currency} ${order.amount}`,
        }));
      },
      async pendingOrders(uid, limit) {
        const page = await orders.list(uid, { status: "Pending", limit, cursor: undefined });
        return page.orders.map((order) => ({
          id: order.id,
          orderNumber: order.order_number,
          status: order.status,
          amount: `${order.currency} ${order.amount}`,
        }));
      },
      async cancelOrder(uid, orderId): Promise<Cancellation> {
        try {
          await orders.patch(uid, orderId, { item: undefined, amountMinor: undefined, status: "Canceled" }, undefined);
          return { kind: "canceled" };
        } catch (error) {
          if (!(error instanceof ApiError)) throw error;
          if (error.code === "order_not_found") return { kind: "refused", status: "Canceled" };
          if (error.code !== "invalid_status_transition") throw error;
          const { order } = await orders.get(uid, orderId);
          return { kind: "refused", status: order.status === "Completed" ? "Completed" : "Canceled" };
        }
      },
      ...deps.catalogue(number),
    };
  }

  /** Where a session starts: the number's account (if it proved one) and its consent. */
  async function startContext(number: string): Promise<MenuContext> {
    const { account: customer, consent } = await accounts.numberAndAccount(number);
    return {
      customer: customer ? { uid: customer.uid, username: customer.profile.username } : null,
      language: customer?.profile.language ?? deps.defaultLanguage,
      smsOptedOut: consent.optedOut,
    };
  }

  /** `progress.language` follows the session, so that an apology is in the customer's language. */
  async function answer(request: UssdRequest, number: string, progress: { language: Language }): Promise<string> {
    const session = await sessions.get(request.sessionId);
    if (session && session.number !== number) {
      log.warn("ussd session from another number", { route: "ussd", number: maskedNumber(number) });
      return ussdAnswer({ kind: "error" }, deps.defaultLanguage);
    }
    // A repeated request (the gateway retrying) gets the answer it was given, and nothing is done again.
    if (session?.text === request.text) return session.answer;

    const { inputs, first, fresh } = newInputs(request.text, session?.text);
    let context = fresh || !session ? await startContext(number) : session.context;
    progress.language = context.language;
    let state: MenuState = fresh || !session ? initialState(context) : session.state;
    const ports = portsFor(number, request.sessionId);
    for (const [offset, input] of inputs.entries()) {
      const next = await step(state, input, context, ports, `ussd:${request.sessionId}:${first + offset}`);
      state = next.state;
      context = next.context;
      progress.language = context.language;
    }
    const text = ussdAnswer(screenOf(state, context, deps.shopName), context.language);
    await sessions.save(
      request.sessionId,
      { number, text: request.text, answer: text, state, context },
      fresh ? undefined : session?.createdAt,
      clock(),
    );
    return text;
  }

  return {
    /** The `CON `/`END ` text answer to one request of a session. */
    async answer(request: UssdRequest): Promise<string> {
      const reading = await readPhoneNumber(request.phoneNumber, deps.phones);
      if (!reading.ok) return ussdAnswer({ kind: "not_served" }, deps.defaultLanguage);
      const number = reading.e164;
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          reject(new DeadlinePassed());
        }, deps.deadlineMs ?? USSD_DEADLINE_MS);
      });
      const progress = { language: deps.defaultLanguage };
      const work = answer(request, number, progress);
      try {
        return await Promise.race([work, deadline]);
      } catch (error) {
        const late = error instanceof DeadlinePassed;
        const screen: UssdScreen = late ? { kind: "busy" } : { kind: "error" };
        const fields = { route: "ussd", number: maskedNumber(number), network: request.networkCode ?? null };
        if (late) {
          log.warn("ussd answer too late for the gateway", fields);
          // What the late work does still happens; its failure, if any, is logged once here.
          work.catch((cause: unknown) => {
            log.error("ussd request failed", { ...fields, error: describe(cause) });
          });
        } else {
          log.error("ussd request failed", { ...fields, error: describe(error) });
        }
        return ussdAnswer(screen, progress.language);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** A failure's cause for the log, with any phone number in it masked (document paths can hold them). */
function describe(cause: unknown): string {
  const text = cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : String(cause);
  return text.replace(/\+?\d{9,15}/g, (digits) => maskedNumber(digits));
}

export type UssdService = ReturnType<typeof createUssdService>;
