/**
 * The USSD screens, in English and Swahili. A screen is what the menu decides to show (a plain value,
 * below); this module words it. Every answer is GSM-7 (no special characters: telcos cannot render
 * them) and at most USSD_SCREEN_LENGTH characters with its CON/END prefix, whatever the catalogue's
 * names or the amounts: a test walks every screen of the menu in both languages and checks.
 *
 * Amounts arrive formatted ("KES 1200.00"); product names and usernames are cleaned and shortened
 * here, so a long name costs the line's end, never the menu's choices.
 */
import { cleanSmsText, shorten } from "../sms/gsm.js";
import type { Language } from "../platform/language.js";

/** Africa's Talking's limit for one screen; counted here with the CON/END prefix, to be safe. */
export const USSD_SCREEN_LENGTH = 182;

export type OrderStatusName = "Pending" | "Completed" | "Canceled";

export interface ProductLine {
  name: string;
  /** Formatted with its currency: "KES 180.00". */
  price: string;
}

export interface OrderLine {
  orderNumber: string;
  status: OrderStatusName;
  /** Formatted with its currency. */
  amount: string;
}

/** A line above a screen saying what just happened, or that the input was not understood. */
export type Notice =
  "invalid_choice" | "registered" | "language_set" | "sms_off" | "sms_on" | "order_kept" | "nothing_canceled";

export type UssdScreen =
  | { kind: "register"; shopName: string; problem: "invalid_username" | "username_taken" | null }
  | { kind: "home"; username: string; smsOptedOut: boolean; notice: Notice | null }
  | { kind: "products"; products: ProductLine[]; hasMore: boolean; notice: Notice | null }
  | { kind: "no_products" }
  | { kind: "quantity"; product: ProductLine; max: number; problem: "invalid" | "too_many" | null }
  | { kind: "confirm_order"; product: ProductLine; quantity: number; total: string; notice: Notice | null }
  | { kind: "ordered"; orderNumber: string; total: string; smsOptedOut: boolean }
  | { kind: "order_refused"; reason: "out_of_stock" | "rate_limited" | "unavailable"; product: string }
  | { kind: "my_orders"; orders: OrderLine[] }
  | { kind: "cancel_pick"; orders: OrderLine[]; notice: Notice | null }
  | { kind: "cancel_confirm"; order: OrderLine; notice: Notice | null }
  | { kind: "canceled"; orderNumber: string }
  | { kind: "cancel_refused"; orderNumber: string; status: Exclude<OrderStatusName, "Pending"> }
  | { kind: "language"; notice: Notice | null }
  | { kind: "sms_settings"; optedOut: boolean; notice: Notice | null }
  | { kind: "goodbye" }
  | { kind: "not_served" }
  | { kind: "number_taken" }
  | { kind: "error" }
  | { kind: "busy" };

/** Screens that close the session. */
const ENDS: ReadonlySet<UssdScreen["kind"]> = new Set([
  "ordered",
  "order_refused",
  "canceled",
  "cancel_refused",
  "goodbye",
  "not_served",
  "number_taken",
  "error",
  "busy",
]);

export function endsSession(screen: UssdScreen): boolean {
  return ENDS.has(screen.kind);
}

interface Words {
  back: string;
  more: string;
  notices: Record<Notice, string>;
  status: Record<OrderStatusName, string>;
  register: (shopName: string, problem: "invalid_username" | "username_taken" | null) => string;
  home: (username: string, smsOptedOut: boolean) => string[];
  chooseProduct: string;
  noProducts: string;
  quantity: (product: string, price: string, max: number) => string;
  quantityProblem: (problem: "invalid" | "too_many", max: number) => string;
  confirmOrder: (quantity: number, product: string, total: string) => string;
  confirmChoices: string;
  ordered: (orderNumber: string, total: string, smsOptedOut: boolean) => string;
  orderRefused: Record<"out_of_stock" | "rate_limited" | "unavailable", (product: string) => string>;
  myOrders: string;
  noOrders: string;
  cancelPick: string;
  noPending: string;
  cancelConfirm: (order: OrderLine) => string;
  cancelChoices: string;
  canceled: (orderNumber: string) => string;
  cancelRefused: (orderNumber: string, status: Exclude<OrderStatusName, "Pending">) => string;
  language: string;
  smsSettings: (optedOut: boolean) => string;
  goodbye: string;
  notServed: string;
  numberTaken: string;
  error: string;
  busy: string;
}

const USERNAME_RULE = "3-30 letters, digits, . _ -";

const WORDS: Record<Language, Words> = {
  en: {
    back: "0 Back",
    more: "More",
    notices: {
      invalid_choice: "Invalid choice.",
      registered: "Welcome!",
      language_set: "Language: English.",
      sms_off: "SMS are off.",
      sms_on: "SMS are on.",
      order_kept: "Nothing was ordered.",
      nothing_canceled: "Nothing was canceled.",
    },
    status: { Pending: "Pending", Completed: "Completed", Canceled: "Canceled" },
    register: (shopName, problem) =>
      [
        problem === "username_taken"
          ? "That username is taken."
          : problem === "invalid_username"
            ? "That username is not valid."
            : `Welcome to ${shopName}! Register to order.`,
        `Reply with a username (${USERNAME_RULE}):`,
        "9 Kiswahili",
      ].join("\n"),
    home: (username, smsOptedOut) => [
      `Hi ${username}`,
      "1 Order",
      "2 My orders",
      "3 Cancel an order",
      "4 Language",
      `5 SMS: ${smsOptedOut ? "off" : "on"}`,
      "0 Exit",
    ],
    chooseProduct: "Choose a product:",
    noProducts: "No products are available now.",
    quantity: (product, price, max) => `${product}, ${price} each.\nHow many? (1-${max})`,
    quantityProblem: (problem, max) => (problem === "too_many" ? `Only ${max} available.` : `Enter 1 to ${max}.`),
    confirmOrder: (quantity, product, total) => `Order ${quantity} x ${product}\nTotal: ${total}`,
    confirmChoices: "1 Confirm\n2 Cancel",
    ordered: (orderNumber, total, smsOptedOut) =>
      `Thank you! Order #${orderNumber} is placed. Total ${total}.${smsOptedOut ? "" : " We will confirm by SMS."}`,
    orderRefused: {
      out_of_stock: (product) => `Sorry, ${product} is out of stock now. Nothing was ordered.`,
      rate_limited: () => "You placed many orders this hour. Please try again later.",
      unavailable: () => "Sorry, the order could not be placed. Please try again later.",
    },
    myOrders: "Your last orders:",
    noOrders: "You have no orders yet.",
    cancelPick: "Cancel which order?",
    noPending: "You have no pending orders.",
    cancelConfirm: (order) => `Cancel order #${order.orderNumber} (${order.amount})?`,
    cancelChoices: "1 Yes, cancel it\n2 No",
    canceled: (orderNumber) => `Order #${orderNumber} is canceled.`,
    cancelRefused: (orderNumber, status) =>
      status === "Completed"
        ? `Order #${orderNumber} is completed; it can no longer be canceled.`
        : `Order #${orderNumber} was already canceled.`,
    language: "Choose a language:\n1 English\n2 Kiswahili",
    smsSettings: (optedOut) =>
      optedOut ? "SMS from the shop are off.\n1 Turn them on" : "SMS from the shop are on.\n1 Turn them off",
    goodbye: "Thank you. Goodbye!",
    notServed: "Sorry, this service is only for mobile numbers the shop serves.",
    numberTaken: "This number belongs to another account. Please contact the shop.",
    error: "Sorry, something went wrong. Please try again later.",
    busy: "Sorry, the shop is busy. Please dial again.",
  },
  sw: {
    back: "0 Rudi",
    more: "Zaidi",
    notices: {
      invalid_choice: "Chaguo si sahihi.",
      registered: "Karibu!",
      language_set: "Lugha: Kiswahili.",
      sms_off: "SMS zimezimwa.",
      sms_on: "SMS zimewashwa.",
      order_kept: "Hakuna kilichoagizwa.",
      nothing_canceled: "Hakuna kilichoghairiwa.",
    },
    status: { Pending: "Inasubiri", Completed: "Imekamilika", Canceled: "Imeghairiwa" },
    register: (shopName, problem) =>
      [
        problem === "username_taken"
          ? "Jina hilo limechukuliwa."
          : problem === "invalid_username"
            ? "Jina hilo si sahihi."
            : `Karibu ${shopName}! Jisajili ili uagize.`,
        `Jibu kwa jina la mtumiaji (herufi au tarakimu 3-30, . _ -):`,
        "9 English",
      ].join("\n"),
    home: (username, smsOptedOut) => [
      `Habari ${username}`,
      "1 Agiza",
      "2 Oda zangu",
      "3 Ghairi oda",
      "4 Lugha",
      `5 SMS: ${smsOptedOut ? "zimezimwa" : "zimewashwa"}`,
      "0 Toka",
    ],
    chooseProduct: "Chagua bidhaa:",
    noProducts: "Hakuna bidhaa kwa sasa.",
    quantity: (product, price, max) => `${product}, ${price} kila moja.\nNgapi? (1-${max})`,
    quantityProblem: (problem, max) => (problem === "too_many" ? `Zipo ${max} tu.` : `Weka 1 hadi ${max}.`),
    confirmOrder: (quantity, product, total) => `Agiza ${quantity} x ${product}\nJumla: ${total}`,
    confirmChoices: "1 Thibitisha\n2 Ghairi",
    ordered: (orderNumber, total, smsOptedOut) =>
      `Asante! Oda #${orderNumber} imewekwa. Jumla ${total}.${smsOptedOut ? "" : " Tutathibitisha kwa SMS."}`,
    orderRefused: {
      out_of_stock: (product) => `Samahani, ${product} imekwisha kwa sasa. Hakuna kilichoagizwa.`,
      rate_limited: () => "Umeweka oda nyingi saa hii. Tafadhali jaribu tena baadaye.",
      unavailable: () => "Samahani, oda haikuweza kuwekwa. Tafadhali jaribu tena baadaye.",
    },
    myOrders: "Oda zako za mwisho:",
    noOrders: "Bado huna oda.",
    cancelPick: "Ghairi oda ipi?",
    noPending: "Huna oda zinazosubiri.",
    cancelConfirm: (order) => `Ghairi oda #${order.orderNumber} (${order.amount})?`,
    cancelChoices: "1 Ndiyo, ighairi\n2 Hapana",
    canceled: (orderNumber) => `Oda #${orderNumber} imeghairiwa.`,
    cancelRefused: (orderNumber, status) =>
      status === "Completed"
        ? `Oda #${orderNumber} imekamilika; haiwezi kughairiwa tena.`
        : `Oda #${orderNumber} ilikwisha ghairiwa.`,
    language: "Chagua lugha:\n1 English\n2 Kiswahili",
    smsSettings: (optedOut) =>
      optedOut ? "SMS kutoka duka zimezimwa.\n1 Ziwashe" : "SMS kutoka duka zimewashwa.\n1 Zizime",
    goodbye: "Asante. Kwaheri!",
    notServed: "Samahani, huduma hii ni kwa nambari za simu ambazo duka linahudumia tu.",
    numberTaken: "Nambari hii ni ya akaunti nyingine. Tafadhali wasiliana na duka.",
    error: "Samahani, kuna hitilafu. Tafadhali jaribu tena baadaye.",
    busy: "Samahani, duka lina shughuli nyingi. Tafadhali piga tena.",
  },
};

/** Text from outside the code (a product's name, a username) as one line of GSM-7. */
function plain(text: string): string {
  return cleanSmsText(text) || "-";
}

/**
 * Numbered choices whose labels share what room the screen leaves: labels are shortened evenly
 * ("..."), never the numbers, the prices or the lines around them.
 */
function choices(
  head: string[],
  items: { label: string; tail: string }[],
  foot: string[],
  prefix: string,
  first = 1,
): string {
  const lines = (labels: string[]) => [
    ...head,
    ...items.map((item, index) => `${first + index} ${labels[index] ?? ""}${item.tail}`),
    ...foot,
  ];
  let labels = items.map((item) => plain(item.label));
  const length = () => prefix.length + lines(labels).join("\n").length;
  // Shorten the longest label one character at a time: the fairest share of the room.
  while (length() > USSD_SCREEN_LENGTH) {
    const longest = labels.reduce(
      (best, label, index) => (label.length > (labels[best]?.length ?? 0) ? index : best),
      0,
    );
    const current = labels[longest] ?? "";
    if (current.length <= 4) break;
    labels = labels.map((label, index) => (index === longest ? shorten(label, label.length - 1) : label));
  }
  return lines(labels).join("\n");
}

function withNotice(notice: Notice | null, words: Words, body: string): string {
  return notice === null ? body : `${words.notices[notice]}\n${body}`;
}

function orderLine(order: OrderLine, words: Words): string {
  return `#${order.orderNumber} ${words.status[order.status]} ${order.amount}`;
}

function body(screen: UssdScreen, words: Words, prefix: string): string {
  switch (screen.kind) {
    case "register":
      return words.register(shorten(plain(screen.shopName), 40), screen.problem);
    case "home": {
      const [greeting = "", ...menu] = words.home(shorten(plain(screen.username), 30), screen.smsOptedOut);
      return withNotice(screen.notice, words, [greeting, ...menu].join("\n"));
    }
    case "products": {
      const notice = screen.notice === null ? [] : [words.notices[screen.notice]];
      const more = screen.hasMore ? [`${screen.products.length + 1} ${words.more}`] : [];
      return choices(
        [...notice, words.chooseProduct],
        screen.products.map((product) => ({ label: product.name, tail: ` ${product.price}` })),
        [...more, words.back],
        prefix,
      );
    }
    case "no_products":
      return `${words.noProducts}\n${words.back}`;
    case "quantity": {
      const problem = screen.problem === null ? [] : [words.quantityProblem(screen.problem, screen.max)];
      const rest = `${words.quantity("", screen.product.price, screen.max)}\n${words.back}`;
      const room = USSD_SCREEN_LENGTH - prefix.length - [...problem, rest].join("\n").length;
      const name = shorten(plain(screen.product.name), Math.max(4, room));
      return [...problem, `${words.quantity(name, screen.product.price, screen.max)}\n${words.back}`].join("\n");
    }
    case "confirm_order": {
      const rest = `${words.confirmOrder(screen.quantity, "", screen.total)}\n${words.confirmChoices}`;
      const notice = screen.notice === null ? "" : `${words.notices[screen.notice]}\n`;
      const room = USSD_SCREEN_LENGTH - prefix.length - notice.length - rest.length;
      const name = shorten(plain(screen.product.name), Math.max(4, room));
      return `${notice}${words.confirmOrder(screen.quantity, name, screen.total)}\n${words.confirmChoices}`;
    }
    case "ordered":
      return words.ordered(screen.orderNumber, screen.total, screen.smsOptedOut);
    case "order_refused": {
      const rest = words.orderRefused[screen.reason]("");
      const room = USSD_SCREEN_LENGTH - prefix.length - rest.length;
      return words.orderRefused[screen.reason](shorten(plain(screen.product), Math.max(4, room)));
    }
    case "my_orders": {
      if (screen.orders.length === 0) return `${words.noOrders}\n${words.back}`;
      // Nothing is chosen from this list: the oldest lines give way if amounts are very long.
      let lines = screen.orders.map((order) => orderLine(order, words));
      const text = () => [words.myOrders, ...lines, words.back].join("\n");
      while (lines.length > 1 && prefix.length + text().length > USSD_SCREEN_LENGTH) lines = lines.slice(0, -1);
      return text();
    }
    case "cancel_pick":
      return withNotice(
        screen.notice,
        words,
        screen.orders.length === 0
          ? `${words.noPending}\n${words.back}`
          : [
              words.cancelPick,
              ...screen.orders.map((order, index) => `${index + 1} #${order.orderNumber} ${order.amount}`),
              words.back,
            ].join("\n"),
      );
    case "cancel_confirm":
      return withNotice(screen.notice, words, `${words.cancelConfirm(screen.order)}\n${words.cancelChoices}`);
    case "canceled":
      return words.canceled(screen.orderNumber);
    case "cancel_refused":
      return words.cancelRefused(screen.orderNumber, screen.status);
    case "language":
      return withNotice(screen.notice, words, `${words.language}\n${words.back}`);
    case "sms_settings":
      return withNotice(screen.notice, words, `${words.smsSettings(screen.optedOut)}\n${words.back}`);
    case "goodbye":
      return words.goodbye;
    case "not_served":
      return words.notServed;
    case "number_taken":
      return words.numberTaken;
    case "error":
      return words.error;
    case "busy":
      return words.busy;
  }
}

/** The answer to Africa's Talking: `CON <screen>` to wait for the next input, `END <screen>` to close. */
export function ussdAnswer(screen: UssdScreen, language: Language): string {
  const prefix = endsSession(screen) ? "END " : "CON ";
  return `${prefix}${body(screen, WORDS[language], prefix)}`;
}
