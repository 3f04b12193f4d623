/**
 * Answers texts sent to the shop's short code: STATUS (the latest orders, or one by its number),
 * STOP, START and HELP, in any case, in English or Swahili; anything else gets the help text at
 * most once a day. Each text is handled once however often Africa's Talking delivers it (by its
 * `id`), and a reply is an SMS like any other: one segment, claimed once, on the replies' own
 * budget, and never to a number that said STOP (but for the one confirmation of that STOP).
 */
import type { AccountsService } from "../accounts/accounts-service.js";
import type { OrderResponse } from "../orders/schemas.js";
import type { OrdersService } from "../orders/orders-service.js";
import { readPhoneNumber, type PhonePolicy } from "../phone/phone-number.js";
import type { Language } from "../platform/language.js";
import { helpText, optInText, optOutText, statusReplyText, type StatusReply } from "../texts/sms-texts.js";
import type { InboundRepository } from "./inbound-repository.js";
import type { InboundAction, InboundOutcome } from "./inbound-rules.js";
import { readInbound, type InboundRequest, type StatusTarget } from "./keywords.js";

/** A text as Africa's Talking posts it to the inbound callback. */
export interface InboundSms {
  id: string;
  from: string;
  to: string;
  text: string;
  date: string | undefined;
  linkId: string | undefined;
}

export type InboundResult = { kind: "duplicate" } | { kind: "handled"; outcome: InboundOutcome };

export interface InboundServiceDeps {
  accounts: AccountsService;
  orders: OrdersService;
  inbound: InboundRepository;
  phones: PhonePolicy;
  /** The shop's USSD code (`*384*123#`), named in help replies; null when it has none. */
  ussdCode: string | null;
  defaultLanguage: Language;
  clock: () => Date;
}

/** Orders a STATUS reply lists at most (one segment holds about three). */
const STATUS_ORDERS = 3;

const summary = (order: OrderResponse) => ({
  orderNumber: order.order_number,
  status: order.status,
  amount: `${order.currency} ${order.amount}`,
});

export function createInboundService(deps: InboundServiceDeps) {
  const { accounts, orders, inbound, clock } = deps;

  async function statusOf(uid: string | null, target: StatusTarget): Promise<StatusReply> {
    if (uid === null) return { kind: "no_account", ussdCode: deps.ussdCode };
    switch (target.kind) {
      case "latest": {
        const page = await orders.list(uid, { status: undefined, limit: STATUS_ORDERS, cursor: undefined });
        return page.orders.length === 0 ? { kind: "no_orders" } : { kind: "orders", orders: page.orders.map(summary) };
      }
      case "order": {
        const order = await orders.findByNumber(uid, target.orderNumber);
        return order
          ? { kind: "orders", orders: [summary(order)] }
          : { kind: "unknown_order", orderNumber: target.orderNumber };
      }
      case "unreadable":
        return { kind: "unknown_order", orderNumber: null };
    }
  }

  async function actionFor(request: InboundRequest, uid: string | null, language: Language): Promise<InboundAction> {
    switch (request.keyword) {
      case "status":
        return { kind: "reply", text: statusReplyText(await statusOf(uid, request.target), language) };
      case "help":
        return { kind: "reply", text: helpText(language, deps.ussdCode) };
      case "stop":
        return { kind: "opt_out", text: optOutText(language) };
      case "start":
        return { kind: "opt_in", text: optInText(language) };
      case "unknown":
        return { kind: "help_once", text: helpText(language, deps.ussdCode) };
    }
  }

  return {
    async receive(sms: InboundSms): Promise<InboundResult> {
      if (await inbound.seen(sms.id)) return { kind: "duplicate" };
      const reading = await readPhoneNumber(sms.from, deps.phones);
      const number = reading.ok ? reading.e164 : null;
      const request = readInbound(sms.text);
      const customer = number === null ? undefined : await accounts.accountOfNumber(number);
      // The customer's language; for a number without an account, the language it wrote in.
      const language =
        customer?.profile.language ?? (request.keyword === "unknown" ? deps.defaultLanguage : request.language);
      const action: InboundAction =
        number === null ? { kind: "ignore" } : await actionFor(request, customer?.uid ?? null, language);
      return inbound.handle(
        {
          providerId: sms.id,
          from: sms.from,
          number,
          to: sms.to,
          text: sms.text,
          date: sms.date ?? null,
          linkId: sms.linkId ?? null,
          keyword: request.keyword,
          account: customer?.uid ?? null,
        },
        action,
        clock(),
      );
    },
  };
}

export type InboundService = ReturnType<typeof createInboundService>;
