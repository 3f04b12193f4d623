/**
 * Builds the Express app from its dependencies. It never listens: Cloud Functions, the emulator,
 * tests and the benchmark each serve it their own way.
 *
 * Every route comes from an operations table (see http/operations.ts and operation-tables.ts), the
 * same tables the OpenAPI document is generated from; each resource's table is loaded and bound the
 * first time a request reaches it (resources.ts).
 */
import express, {
  type Express,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from "express";
import type { Auth } from "firebase-admin/auth";
import type { Firestore } from "firebase-admin/firestore";
import { createIdentityClient, type IdentityClient } from "./accounts/identity-toolkit.js";
import type { AppConfig } from "./config.js";
import { requireAuth, requireStaff } from "./http/auth.js";
import { cors } from "./http/cors.js";
import { requestDeadline } from "./http/deadline.js";
import type { RouterDeps } from "./http/router.js";
import { problemHandler, routeNotFound } from "./http/problem.js";
import { clientAddressOf } from "./http/client-address.js";
import { createRateCounter, rateLimit } from "./http/rate-limit.js";
import { cloudLogging, type LogSink } from "./http/log.js";
import { requestLog } from "./http/request-log.js";
import { securityHeaders } from "./http/security-headers.js";
import { RESOURCES, type ResourceContext } from "./resources.js";

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

export function createApp(deps: AppDependencies): Express {
  const { config, db, auth } = deps;
  const clock = deps.clock ?? (() => new Date());
  const counter = createRateCounter(db, clock);
  const clientAddress = clientAddressOf(config.clientAddress);
  const log = deps.log ?? cloudLogging;
  const router: RouterDeps = {
    authenticate: requireAuth(auth),
    requireStaff,
    rateLimits: {
      register: rateLimit(
        counter,
        { scope: "register", limit: config.rateLimits.registerPerMinute, windowSeconds: 60 },
        clientAddress,
      ),
    },
    bodyLimitBytes: config.bodyLimitBytes,
  };
  const api = resourceDispatcher({
    config,
    db,
    auth,
    identity:
      deps.identity ??
      createIdentityClient({
        webApiKey: config.webApiKey,
        emulatorHost: config.authEmulatorHost,
        timeoutMs: config.upstreamTimeoutMs,
      }),
    counter,
    clientAddress,
    clock,
    docsDir: deps.docsDir,
    router,
    log,
  });

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  // One proxy hop: Google's front end appends the address it saw to X-Forwarded-For, and req.ip is
  // that last entry. Entries a client adds itself sit to its left and are ignored (client-address.ts).
  app.set("trust proxy", 1);
  app.use(requestLog(log));
  app.use(requestDeadline(config.requestDeadlineMs, log));
  app.use(securityHeaders);
  app.use(cors(config.corsOrigins));
  // Under a Hosting rewrite the path keeps its /api prefix; called directly, the function URL is the base.
  app.use("/api", api);
  app.use(api);
  app.use(routeNotFound);
  app.use(problemHandler(log));
  return app;
}

/**
 * Passes each request to the resource its first path segment names, building that resource's router
 * on first use (see resources.ts); a path no resource owns falls through to the 404.
 */
function resourceDispatcher(context: ResourceContext): RequestHandler {
  interface Entry {
    /** Set once the resource is built: later requests go straight to it. */
    router?: Router;
    building?: Promise<Router>;
    build: () => Promise<Router>;
  }
  const bySegment = new Map<string, Entry>();
  for (const resource of Object.values(RESOURCES)) {
    const entry: Entry = { build: () => resource.build(context) };
    for (const segment of resource.segments) bySegment.set(segment, entry);
  }
  const buildThenServe = async (entry: Entry, req: Request, res: Response, next: NextFunction) => {
    entry.building ??= entry.build();
    try {
      entry.router = await entry.building;
    } finally {
      // A failed build is retried by the next request rather than remembered.
      entry.building = undefined;
    }
    entry.router(req, res, next);
  };
  // Synchronous once built: no promise per request.
  return (req, res, next) => {
    const entry = bySegment.get(req.path.split("/")[1] ?? "");
    if (!entry) {
      next();
      return;
    }
    if (entry.router) {
      entry.router(req, res, next);
      return;
    }
    return buildThenServe(entry, req, res, next);
  };
}
