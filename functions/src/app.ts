/**
 * Builds the Express app from its dependencies. It never listens: Cloud Functions, the emulator,
 * tests and the benchmark each serve it their own way.
 */
import express, { Router, type Express } from "express";
import helmet from "helmet";
import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import { createAccountsService } from "./accounts/accounts-service.js";
import { createIdentityClient, type IdentityClient } from "./accounts/identity-toolkit.js";
import { accountsRouter } from "./accounts/routes.js";
import { createUsersRepository } from "./accounts/users-repository.js";
import type { AppConfig } from "./config.js";
import { requireAuth } from "./http/auth.js";
import { docsRouter } from "./docs/routes.js";
import { cors } from "./http/cors.js";
import { requestDeadline } from "./http/deadline.js";
import { jsonBody } from "./http/json-body.js";
import { rateLimit } from "./http/rate-limit.js";
import { problemHandler, routeNotFound } from "./http/problem.js";
import { requestLog, type RequestLogWriter } from "./http/request-log.js";
import { defineRoute } from "./http/routes.js";
import { createOrdersRepository } from "./orders/orders-repository.js";
import { createOrdersService } from "./orders/orders-service.js";
import { deliveryReportsRouter } from "./notifications/delivery-reports.js";
import { ordersRouter } from "./orders/routes.js";
import { staffRouter } from "./staff/routes.js";
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
  /** Where the one-line-per-request log goes (the Cloud Logging logger by default). */
  requestLogWriter?: RequestLogWriter;
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
  const accounts = createAccountsService({ auth, users, identity, clock });
  const orders = createOrdersService({ orders: createOrdersRepository(db), users, currency: config.currency, clock });
  const authenticate = requireAuth(auth);

  const api = Router();
  api.use((_req, res, next) => {
    // Responses carry personal data and tokens: no shared caches.
    res.setHeader("Cache-Control", "no-store");
    next();
  });
  defineRoute(api, "/health", {
    get: [
      (_req, res) => {
        res.status(200).json({ status: "ok" });
      },
    ],
  });
  api.use(docsRouter(config, deps.docsDir));
  // Form-encoded, so before the JSON body reader.
  api.use(deliveryReportsRouter(db, config.deliveryReportToken, clock));
  api.use(jsonBody(config.bodyLimitBytes));
  api.use(
    accountsRouter(accounts, authenticate, {
      register: rateLimit(
        db,
        { scope: "register", limit: config.rateLimits.registerPerMinute, windowSeconds: 60 },
        clock,
      ),
      login: rateLimit(db, { scope: "login", limit: config.rateLimits.loginPerMinute, windowSeconds: 60 }, clock),
    }),
  );
  api.use(ordersRouter(orders, authenticate));
  api.use(staffRouter(createStaffService({ orders: createStaffOrdersRepository(db), clock }), authenticate));

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // One proxy hop: Google's front end appends the address it saw to X-Forwarded-For, and req.ip is
  // that last entry. Entries a client adds itself sit to its left and are ignored.
  app.set("trust proxy", 1);
  app.use(requestLog(deps.requestLogWriter));
  app.use(requestDeadline(config.requestDeadlineMs));
  app.use(securityHeaders);
  app.use(cors(config.corsOrigins));
  // Under a Hosting rewrite the path keeps its /api prefix; called directly, the function URL is the base.
  app.use("/api", api);
  app.use(api);
  app.use(routeNotFound);
  app.use(problemHandler);
  return app;
}
