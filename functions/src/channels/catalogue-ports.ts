/**
 * What the USSD menu orders from: the shop's catalogue (products on sale, by name, that can be had
 * now) and the same orders service the API uses, so stock, prices, limits and the confirmation SMS
 * all apply to an order placed from a basic phone.
 */
import type { AccountsService } from "../accounts/accounts-service.js";
import { ApiError } from "../http/errors.js";
import { formatAmount } from "../platform/money.js";
import type { OrdersService } from "../orders/orders-service.js";
import type { ProductsRepository } from "../products/products-repository.js";
import type { ProductChoice } from "./ussd-menu.js";
import type { CataloguePorts } from "./ussd-service.js";

export function createCataloguePorts(deps: {
  products: ProductsRepository;
  orders: OrdersService;
  accounts: AccountsService;
}): CataloguePorts {
  const { products, orders, accounts } = deps;
  return {
    async productsPage(cursor, size) {
      const page = await products.list({
        active: true,
        prefix: undefined,
        sort: "name",
        limit: size,
        cursor: cursor ?? undefined,
      });
      const choices: ProductChoice[] = page.products
        // What cannot be had now is not offered: a screen is too small for "sold out".
        .filter(({ product }) => product.stock === null || product.stock > 0)
        .map(({ id, product }) => ({
          id,
          name: product.name,
          priceMinor: product.price_minor,
          price: `${product.currency} ${formatAmount(product.price_minor)}`,
          stock: product.stock,
        }));
      return { products: choices, next: page.nextCursor ?? null };
    },

    totalOf(product, quantity) {
      const currency = product.price.split(" ")[0] ?? "";
      return `${currency} ${formatAmount(product.priceMinor * quantity)}`.trim();
    },

    async placeOrder(uid, line, key) {
      const caller = await accounts.callerOfCustomer(uid);
      if (!caller) return { kind: "unavailable" };
      try {
        const { order } = await orders.create(caller, { lines: [line] }, key);
        return { kind: "placed", orderNumber: order.order_number, total: `${order.currency} ${order.amount}` };
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (error.code === "out_of_stock") return { kind: "out_of_stock" };
        if (error.code === "rate_limited") return { kind: "rate_limited" };
        if (error.code === "product_unavailable" || error.code === "profile_incomplete") return { kind: "unavailable" };
        throw error;
      }
    },
  };
}
