/** The channels' services, built from the resources they stand on (resources.ts calls this once per app). */
import type { Firestore } from "firebase-admin/firestore";
import type { AccountsService } from "../accounts/accounts-service.js";
import type { AppConfig } from "../config.js";
import type { LogSink } from "../http/log.js";
import type { OrdersService } from "../orders/orders-service.js";
import type { SmsRepository } from "../sms/sms-repository.js";
import { createInboundRepository } from "./inbound-repository.js";
import { createInboundService, type InboundService } from "./inbound-service.js";
import type { ProductsRepository } from "../products/products-repository.js";
import { createCataloguePorts } from "./catalogue-ports.js";
import { createUssdRepository } from "./ussd-repository.js";
import { createUssdService, type UssdService } from "./ussd-service.js";

export function createChannelServices(deps: {
  db: Firestore;
  accounts: AccountsService;
  orders: OrdersService;
  products: ProductsRepository;
  sms: SmsRepository;
  config: AppConfig;
  clock: () => Date;
  log: LogSink;
}): { ussd: UssdService; inbound: InboundService } {
  const { config } = deps;
  return {
    ussd: createUssdService({
      accounts: deps.accounts,
      orders: deps.orders,
      sms: deps.sms,
      sessions: createUssdRepository(deps.db),
      catalogue: () => createCataloguePorts({ products: deps.products, orders: deps.orders, accounts: deps.accounts }),
      phones: config.phones,
      shopName: config.shop.name,
      defaultLanguage: config.shop.defaultLanguage,
      clock: deps.clock,
      log: deps.log,
    }),
    inbound: createInboundService({
      accounts: deps.accounts,
      orders: deps.orders,
      inbound: createInboundRepository(deps.db, { sms: deps.sms }),
      phones: config.phones,
      ussdCode: config.ussdServiceCode,
      defaultLanguage: config.shop.defaultLanguage,
      clock: deps.clock,
    }),
  };
}
