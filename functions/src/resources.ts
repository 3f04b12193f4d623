/**
 * The API's resources: the one registry of them. Each entry names the first path segments of its
 * operations, loads its operations table, and builds its services; the router serves a resource the
 * first time a request reaches it, and the OpenAPI document is generated from the same tables
 * (allOperations).
 *
 * A resource's operations, schemas and services load only when first needed (dynamic imports, which
 * the bundle keeps lazy): an instance started by GET /orders/ never builds the accounts, staff,
 * delivery report or docs code. A test holds every operation's path to its resource's segments.
 */
import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import type { Request, Router } from "express";
import type { IdentityClient } from "./accounts/identity-toolkit.js";
import type { ChannelServices } from "./channels/operations.js";
import type { AppConfig } from "./config.js";
import type { LogSink } from "./http/log.js";
import type { AnyOperation, DeclaredOperation } from "./http/operations.js";
import type { RateCounter } from "./http/rate-limit.js";
import type { ReportServices } from "./reports/operations.js";
import type { StaffServices } from "./staff/operations.js";
import { bindOperations, routerFor, type RouterDeps } from "./http/router.js";
import type { SmsServices } from "./sms/operations.js";
import type { StaffProductServices } from "./staff/product-operations.js";

/** What every resource's services are built from; cheap to make, made once per app. */
export interface ResourceContext {
  config: AppConfig;
  db: Firestore;
  auth: Auth;
  identity: IdentityClient;
  counter: RateCounter;
  clientAddress: (req: Request) => string;
  clock: () => Date;
  docsDir: string | undefined;
  router: RouterDeps;
  log: LogSink;
}

export interface Resource {
  /** The first path segments of every operation in the resource's table. */
  segments: readonly string[];
  operations: () => Promise<readonly AnyOperation[]>;
  build: (context: ResourceContext) => Promise<Router>;
}

/** A resource whose handlers use `Services`; the registry holds them without their types. */
function resource<Services>(spec: {
  segments: readonly string[];
  operations: () => Promise<readonly DeclaredOperation<Services>[]>;
  services: (context: ResourceContext) => Promise<Services>;
}): Resource {
  return {
    segments: spec.segments,
    operations: spec.operations,
    build: async (context) => {
      const [operations, services] = await Promise.all([spec.operations(), spec.services(context)]);
      return routerFor(bindOperations(operations, services), context.router);
    },
  };
}

/** The repositories, built from the same Firestore; each resource takes what it uses. */
async function repositories(db: Firestore) {
  const [{ createSmsRepository }, { createUsersRepository }, { createProductsRepository }, { createOrdersRepository }] =
    await Promise.all([
      import("./sms/sms-repository.js"),
      import("./accounts/users-repository.js"),
      import("./products/products-repository.js"),
      import("./orders/orders-repository.js"),
    ]);
  const sms = createSmsRepository(db);
  const users = createUsersRepository(db, { sms });
  const products = createProductsRepository(db);
  return { sms, users, products, orders: createOrdersRepository(db, { users, products }) };
}

async function productsService(context: ResourceContext) {
  const [{ createProductsService }, { createProductsRepository }] = await Promise.all([
    import("./products/products-service.js"),
    import("./products/products-repository.js"),
  ]);
  return createProductsService({
    products: createProductsRepository(context.db),
    currency: context.config.currency,
    clock: context.clock,
  });
}

/** The caller's profile, read in step with the account's sign-in (accounts and orders both need it). */
async function profileReader(context: ResourceContext, users: Awaited<ReturnType<typeof repositories>>["users"]) {
  const { createProfileReader } = await import("./accounts/profile-reader.js");
  return createProfileReader({ auth: context.auth, users, clock: context.clock });
}

type Repositories = Awaited<ReturnType<typeof repositories>>;

/** The accounts service, as the accounts routes and the phone channels (registration by USSD) use it. */
async function accountsService(context: ResourceContext, { sms, users }: Repositories) {
  const [{ createAccountsService }, profiles] = await Promise.all([
    import("./accounts/accounts-service.js"),
    profileReader(context, users),
  ]);
  const { config } = context;
  return createAccountsService({
    auth: context.auth,
    users,
    identity: context.identity,
    counter: context.counter,
    sms,
    profiles,
    loginPerAddress: config.rateLimits.loginPerMinute,
    loginPerAccount: config.rateLimits.loginPerAccount,
    loginPerAccountAnyAddress: config.rateLimits.loginPerAccountAnyAddress,
    profileChangesPerHour: config.rateLimits.profileChangesPerHour,
    profileChangesPerAddressPerHour: config.rateLimits.profileChangesPerAddressPerHour,
    verification: config.verification,
    phones: config.phones,
    defaultLanguage: config.shop.defaultLanguage,
    smsBudget: config.smsBudget,
    clock: context.clock,
  });
}

/** The orders service, as the orders routes and the phone channels use it. */
async function ordersService(context: ResourceContext, { users, orders }: Repositories) {
  const [{ createOrdersService }, profiles] = await Promise.all([
    import("./orders/orders-service.js"),
    profileReader(context, users),
  ]);
  return createOrdersService({
    orders,
    profiles,
    ordersPerHour: context.config.rateLimits.ordersPerHour,
    currency: context.config.currency,
    defaultLanguage: context.config.shop.defaultLanguage,
    ordering: context.config.ordering,
    // In the shop's own language: the one customers get until they choose.
    shopAlerts: { numbers: context.config.shopAlertNumbers, language: context.config.shop.defaultLanguage },
    clock: context.clock,
  });
}

export const RESOURCES = {
  accounts: resource({
    segments: ["register", "login", "token", "logout", "me"],
    operations: async () => (await import("./accounts/operations.js")).accountOperations,
    services: async (context) => ({
      accounts: await accountsService(context, await repositories(context.db)),
      clientAddress: context.clientAddress,
    }),
  }),
  products: resource({
    segments: ["products"],
    operations: async () => (await import("./products/operations.js")).productOperations,
    services: async (context) => ({ products: await productsService(context) }),
  }),
  orders: resource({
    segments: ["orders"],
    operations: async () => (await import("./orders/operations.js")).orderOperations,
    services: async (context) => ({ orders: await ordersService(context, await repositories(context.db)) }),
  }),
  // Order fulfilment (staff/), the catalogue's upkeep and the shop's day (reports/) share /staff/.
  staff: resource<StaffServices & StaffProductServices & ReportServices>({
    segments: ["staff"],
    operations: async () => {
      const [{ staffOperations }, { staffProductOperations }, { reportOperations }] = await Promise.all([
        import("./staff/operations.js"),
        import("./staff/product-operations.js"),
        import("./reports/operations.js"),
      ]);
      return [...staffOperations, ...staffProductOperations, ...reportOperations];
    },
    services: async (context) => {
      const [{ createStaffService }, { createReportsService }, { users, orders, sms }, products] = await Promise.all([
        import("./staff/staff-service.js"),
        import("./reports/reports-service.js"),
        repositories(context.db),
        productsService(context),
      ]);
      return {
        staff: createStaffService({ orders, users, sms, phones: context.config.phones, clock: context.clock }),
        products,
        changerOf: async (caller) => ({
          uid: caller.uid,
          username: (await users.getProfile(caller.uid))?.username ?? "staff",
        }),
        reports: createReportsService({
          orders,
          sms,
          timeZone: context.config.shop.timeZone,
          currency: context.config.currency,
          clock: context.clock,
        }),
      };
    },
  }),
  // Africa's Talking's callbacks, all behind the one secret: delivery reports (the SMS engine's),
  // inbound texts and USSD sessions (the feature-phone channels).
  callbacks: resource<SmsServices & ChannelServices>({
    segments: ["sms", "ussd"],
    operations: async () => {
      const [{ smsOperations }, { channelOperations }] = await Promise.all([
        import("./sms/operations.js"),
        import("./channels/operations.js"),
      ]);
      return [...smsOperations, ...channelOperations];
    },
    services: async (context) => {
      const [channels, repos] = await Promise.all([import("./channels/channel-services.js"), repositories(context.db)]);
      const [accounts, orders] = await Promise.all([accountsService(context, repos), ordersService(context, repos)]);
      return {
        sms: repos.sms,
        clock: context.clock,
        callbackTokens: context.config.callbackTokens,
        ...channels.createChannelServices({
          db: context.db,
          accounts,
          orders,
          products: repos.products,
          sms: repos.sms,
          config: context.config,
          clock: context.clock,
          log: context.log,
        }),
      };
    },
  }),
  shop: resource({
    segments: ["shop"],
    operations: async () => (await import("./shop/operations.js")).shopOperations,
    services: (context) => Promise.resolve({ shop: { ...context.config.shop, currency: context.config.currency } }),
  }),
  docs: resource({
    segments: ["health", "openapi.json", "openapi.yaml", "docs", "redoc"],
    operations: async () => (await import("./docs/operations.js")).docsOperations,
    services: async (context) => {
      const { docsFileReader } = await import("./docs/operations.js");
      return {
        projectId: context.config.projectId,
        region: context.config.region,
        emulator: context.config.emulator,
        readDocsFile: docsFileReader(context.docsDir),
      };
    },
  }),
} satisfies Record<string, Resource>;

export type ResourceName = keyof typeof RESOURCES;

/** Every operation the API serves, resource by resource, in the order the document lists them. */
export async function allOperations(): Promise<AnyOperation[]> {
  const tables = await Promise.all(Object.values(RESOURCES).map((entry) => entry.operations()));
  return tables.flat();
}
