/**
 * Builds the Express app from its dependencies. It never listens: Cloud Functions, the emulator,
 * tests and the benchmark each serve it their own way.
 *
 * Every route comes from an operations table (see http/operations.ts and operation-tables.ts), the
 * same tables the OpenAPI document is generated from.
 */
import express, { type Express } from "express";
import helmet from "helmet";
import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import { createAccountsService } from "./accounts/accounts-service.js";
import { createIdentityClient, type IdentityClient } from "./accounts/identity-toolkit.js";
import { createUsersRepository } from "./accounts/users-repository.js";
import type { AppConfig } from "./config.js";
import { docsFileReader } from "./docs/operations.js";
import { requireAuth } from "./http/auth.js";
import { cors } from "./http/cors.js";
import { requestDeadline } from "./http/deadline.js";
import { bindOperations, routerFor } from "./http/operations.js";
import { problemHandler, routeNotFound } from "./http/problem.js";
import { clientAddressOf } from "./http/client-address.js";
import { createRateCounter, rateLimit } from "./http/rate-limit.js";
import { cloudLogging, type LogSink } from "./http/log.js";
import { requestLog } from "./http/request-log.js";
import { verificationMessage } from "./notifications/messages.js";
import { createNotificationsRepository } from "./notifications/notifications-repository.js";
import { createOrdersRepository } from "./orders/orders-repository.js";
import { createOrdersService } from "./orders/orders-service.js";
import { OPERATION_TABLES } from "./operation-tables.js";
import { requireStaff } from "./staff/operations.js";
import { createStaffOrdersRepository } from "./staff/staff-orders-repository.js";
import { createStaffService } from "./staff/staff-service.js";

export interface AppDependencies {
  config: AppConfig;
  db: Firestore;
  auth: Auth;
  /** Defaults to the Identity Toolkit REST client built from config. */
  identity?: IdentityClient;
  clock?: () => Date;
  /** Where the built docs assets are (functions/lib/docs by default). */
  docsDir?: string;
  /** Where the API's log lines go (Cloud Logging by default). */
  log?: LogSink;
}

/**
 * Security headers for a JSON API: nothing may be framed, sniffed or loaded from a response. The
 * docs pages set their own, looser Content-Security-Policy.
 */
const securityHeaders = helmet({
  contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  crossOriginResourcePolicy: { policy: "same-site" },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
});

export function createApp(deps: AppDependencies): Express {
  const { config, db, auth } = deps;
  const clock = deps.clock ?? (() => new Date());
  const identity =
    deps.identity ??
    createIdentityClient({
      webApiKey: config.webApiKey,
      emulatorHost: config.authEmulatorHost,
      timeoutMs: config.upstreamTimeoutMs,
    });

  const users = createUsersRepository(db);
  const notifications = createNotificationsRepository(db);
  const counter = createRateCounter(db, clock);
  const clientAddress = clientAddressOf(config.clientAddress);
  const accounts = createAccountsService({
    auth,
    users,
    identity,
    counter,
    phoneCodes: {
      send: ({ uid, to, code, validMinutes, at }) =>
        notifications.queueVerificationMessage({ uid, to, message: verificationMessage(code, validMinutes), at }),
    },
    loginPerAccount: config.rateLimits.loginPerAccount,
    verification: config.verification,
    clock,
  });
  const orders = createOrdersService({
    orders: createOrdersRepository(db),
    users,
    counter,
    ordersPerHour: config.rateLimits.ordersPerHour,
    currency: config.currency,
    clock,
  });
  const operations = [
    ...bindOperations(OPERATION_TABLES.accounts, { accounts, clientAddress }),
    ...bindOperations(OPERATION_TABLES.orders, { orders }),
    ...bindOperations(OPERATION_TABLES.staff, {
      staff: createStaffService({ orders: createStaffOrdersRepository(db), users, clock }),
    }),
    ...bindOperations(OPERATION_TABLES.notifications, {
      notifications,
      callbackToken: config.deliveryReportToken,
      clock,
    }),
    ...bindOperations(OPERATION_TABLES.docs, {
      projectId: config.projectId,
      region: config.region,
      emulator: config.emulator,
      readDocsFile: docsFileReader(deps.docsDir),
    }),
  ];
  const api = routerFor(operations, {
    authenticate: requireAuth(auth),
    requireStaff,
    rateLimits: {
      register: rateLimit(
        counter,
        { scope: "register", limit: config.rateLimits.registerPerMinute, windowSeconds: 60 },
        clientAddress,
      ),
      login: rateLimit(
        counter,
        { scope: "login", limit: config.rateLimits.loginPerMinute, windowSeconds: 60 },
        clientAddress,
      ),
    },
    bodyLimitBytes: config.bodyLimitBytes,
  });

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // One proxy hop: Google's front end appends the address it saw to X-Forwarded-For, and req.ip is
  // that last entry. Entries a client adds itself sit to its left and are ignored (client-address.ts).
  app.set("trust proxy", 1);
  const log = deps.log ?? cloudLogging;
  app.use(requestLog(log));
  app.use(requestDeadline(config.requestDeadlineMs, log));
  app.use(securityHeaders);
  app.use(cors(config.corsOrigins));
  app.use((_req, res, next) => {
    // Responses carry personal data and tokens: no shared caches (the docs assets say otherwise).
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  // Under a Hosting rewrite the path keeps its /api prefix; called directly, the function URL is the base.
  app.use("/api", api);
  app.use(api);
  app.use(routeNotFound);
  app.use(problemHandler(log));
  return app;
}
