/**
 * The API's resources, each built into its router the first time a request reaches it.
 *
 * A resource's operations table, schemas and services load only then (dynamic imports, which the
 * bundle keeps lazy): an instance started by GET /orders/ never builds the accounts, staff, delivery
 * report or docs code. A resource is found by the first segment of the request's path, so that
 * dispatch needs none of their code; a test holds every operation's path to its resource's segments.
 */
import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import type { Request, Router } from "express";
import type { IdentityClient } from "./accounts/identity-toolkit.js";
import type { PhoneCodeSender } from "./accounts/phone-code-sender.js";
import type { AppConfig } from "./config.js";
import { bindOperations, routerFor, type RouterDeps } from "./http/operations.js";
import type { RateCounter } from "./http/rate-limit.js";

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
}

export type ResourceName = "accounts" | "orders" | "staff" | "notifications" | "docs";

interface Resource {
  /** The first path segments of every operation in the resource's table. */
  segments: readonly string[];
  build: (context: ResourceContext) => Promise<Router>;
}

export const RESOURCES: Record<ResourceName, Resource> = {
  accounts: {
    segments: ["register", "login", "token", "logout", "me"],
    build: async (context) => {
      const [{ accountOperations }, { createAccountsService }, { createUsersRepository }, notifications] =
        await Promise.all([
          import("./accounts/operations.js"),
          import("./accounts/accounts-service.js"),
          import("./accounts/users-repository.js"),
          verificationMessages(context.db),
        ]);
      const { config } = context;
      const accounts = createAccountsService({
        auth: context.auth,
        users: createUsersRepository(context.db),
        identity: context.identity,
        counter: context.counter,
        phoneCodes: notifications,
        loginPerAddress: config.rateLimits.loginPerMinute,
        loginPerAccount: config.rateLimits.loginPerAccount,
        verification: config.verification,
        clock: context.clock,
      });
      return routerFor(
        bindOperations(accountOperations, { accounts, clientAddress: context.clientAddress }),
        context.router,
      );
    },
  },
  orders: {
    segments: ["orders"],
    build: async (context) => {
      const [{ orderOperations }, { createOrdersService }, { createOrdersRepository }, { createUsersRepository }] =
        await Promise.all([
          import("./orders/operations.js"),
          import("./orders/orders-service.js"),
          import("./orders/orders-repository.js"),
          import("./accounts/users-repository.js"),
        ]);
      const orders = createOrdersService({
        orders: createOrdersRepository(context.db),
        users: createUsersRepository(context.db),
        ordersPerHour: context.config.rateLimits.ordersPerHour,
        currency: context.config.currency,
        clock: context.clock,
      });
      return routerFor(bindOperations(orderOperations, { orders }), context.router);
    },
  },
  staff: {
    segments: ["staff"],
    build: async (context) => {
      const [{ staffOperations }, { createStaffService }, { createStaffOrdersRepository }, { createUsersRepository }] =
        await Promise.all([
          import("./staff/operations.js"),
          import("./staff/staff-service.js"),
          import("./staff/staff-orders-repository.js"),
          import("./accounts/users-repository.js"),
        ]);
      const staff = createStaffService({
        orders: createStaffOrdersRepository(context.db),
        users: createUsersRepository(context.db),
        clock: context.clock,
      });
      return routerFor(bindOperations(staffOperations, { staff }), context.router);
    },
  },
  notifications: {
    segments: ["sms"],
    build: async (context) => {
      const [{ notificationOperations }, { createNotificationsRepository }] = await Promise.all([
        import("./notifications/operations.js"),
        import("./notifications/notifications-repository.js"),
      ]);
      const services = {
        notifications: createNotificationsRepository(context.db),
        callbackToken: context.config.deliveryReportToken,
        clock: context.clock,
      };
      return routerFor(bindOperations(notificationOperations, services), context.router);
    },
  },
  docs: {
    segments: ["health", "openapi.json", "openapi.yaml", "docs", "redoc"],
    build: async (context) => {
      const { docsOperations, docsFileReader } = await import("./docs/operations.js");
      const services = {
        projectId: context.config.projectId,
        region: context.config.region,
        emulator: context.config.emulator,
        readDocsFile: docsFileReader(context.docsDir),
      };
      return routerFor(bindOperations(docsOperations, services), context.router);
    },
  },
};

/** Phone verification codes go out as SMS through the notifications repository. */
async function verificationMessages(db: Firestore): Promise<PhoneCodeSender> {
  const [{ createNotificationsRepository }, { verificationMessage }] = await Promise.all([
    import("./notifications/notifications-repository.js"),
    import("./notifications/messages.js"),
  ]);
  const notifications = createNotificationsRepository(db);
  return {
    send: ({ uid, to, code, validMinutes, at }) =>
      notifications.queueVerificationMessage({ uid, to, message: verificationMessage(code, validMinutes), at }),
  };
}
