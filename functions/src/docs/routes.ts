/**
 * Serves the API's own documentation: the OpenAPI document (JSON and YAML) with its server set to
 * where this API runs, Swagger UI at /docs/ and ReDoc at /redoc/. Every asset comes from installed
 * packages, copied next to the compiled code by the build (scripts/build-docs.ts): no CDN.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Router, type Request, type Response } from "express";
import { NotFoundError } from "../http/errors.js";
import { defineRoute } from "../http/routes.js";
import { DOCUMENTED_ISSUER, DOCUMENTED_SERVER_URL, issuerOf } from "./server-url.js";

/** The build output, whether this module runs compiled (lib/docs) or from source (src/docs, tests). */
export const DEFAULT_DOCS_DIR = join(__dirname, "..", "..", "lib", "docs");

const PAGES: Record<string, Record<string, string>> = {
  docs: {
    "": "swagger.html",
    "swagger-init.js": "swagger-init.js",
    "swagger-ui.css": "swagger-ui.css",
    "swagger-ui-bundle.js": "swagger-ui-bundle.js",
  },
  redoc: { "": "redoc.html", "redoc-init.js": "redoc-init.js", "redoc.standalone.js": "redoc.standalone.js" },
};

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/** The docs pages need scripts and styles of their own origin; ReDoc also inlines styles and uses a worker. */
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "font-src 'self' data:; connect-src 'self' https://securetoken.google.com; worker-src 'self' blob:; base-uri 'none'; form-action 'none'; " +
  "frame-ancestors 'none'";

function requestPath(req: Request): string {
  return req.originalUrl.split("?")[0] ?? "/";
}

export interface DocsSettings {
  projectId: string;
  region: string;
  /** In the Functions emulator the function's own path prefix is not visible to the app. */
  emulator: boolean;
}

/** A host name or address with an optional port: nothing that could break out of a URL or a JSON string. */
const PLAIN_HOST = /^(?:[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

/**
 * The public base URL of the API, from what this request reveals. The Functions emulator and the
 * cloudfunctions.net front end strip the function's own prefix before the app sees the path, so it is
 * added back for them; elsewhere (a Cloud Run URL, a Hosting rewrite) the path is complete. Host and
 * scheme come from headers a client can set: unless both are plain, the URL is the path alone, which
 * resolves against wherever the document was fetched from.
 */
export function publicBaseUrl(req: Request, suffix: string, settings: DocsSettings): string {
  const host = req.get("host") ?? "";
  const path = requestPath(req).replace(/\/+$/, "");
  const base = path.endsWith(suffix) ? path.slice(0, path.length - suffix.length) : path;
  let prefix = "";
  if (settings.emulator) {
    prefix = `/${settings.projectId}/${settings.region}/api`;
  } else if (host.endsWith(".cloudfunctions.net")) {
    prefix = "/api";
  }
  const absolute = PLAIN_HOST.test(host) && (req.protocol === "http" || req.protocol === "https");
  return `${absolute ? `${req.protocol}://${host}` : ""}${prefix}${base}`;
}

export function docsRouter(settings: DocsSettings, docsDir: string = DEFAULT_DOCS_DIR): Router {
  const router = Router();
  const cache = new Map<string, string>();
  const read = (file: string): string => {
    let text = cache.get(file);
    if (text === undefined) {
      text = readFileSync(join(docsDir, file), "utf8");
      cache.set(file, text);
    }
    return text;
  };

  const sendDocument = (file: string, contentType: string, suffix: string) => (req: Request, res: Response) => {
    const document = read(file)
      .split(DOCUMENTED_SERVER_URL)
      .join(publicBaseUrl(req, suffix, settings))
      .split(DOCUMENTED_ISSUER)
      .join(issuerOf(settings.projectId));
    res.status(200).setHeader("Content-Type", contentType).send(document);
  };
  defineRoute(router, "/openapi.json", {
    get: [sendDocument("openapi.json", "application/json; charset=utf-8", "/openapi.json")],
  });
  defineRoute(router, "/openapi.yaml", {
    get: [sendDocument("openapi.yaml", "application/yaml; charset=utf-8", "/openapi.yaml")],
  });

  for (const [page, files] of Object.entries(PAGES)) {
    // Relative asset URLs need the trailing slash; the bare path redirects to it.
    router.get(`/${page}`, (req, res, next) => {
      if (requestPath(req).endsWith("/")) {
        next();
        return;
      }
      res.redirect(308, `${page}/`);
    });
    defineRoute(router, `/${page}/{:asset}`, {
      get: [
        (req, res) => {
          const asset = typeof req.params.asset === "string" ? req.params.asset : "";
          const file = files[asset];
          if (!file) throw new NotFoundError("route_not_found", `No route matches GET ${req.path}.`);
          const extension = file.slice(file.lastIndexOf("."));
          res.setHeader("Content-Type", CONTENT_TYPES[extension] ?? "application/octet-stream");
          res.setHeader("Content-Security-Policy", DOCS_CSP);
          res.setHeader("Cache-Control", extension === ".html" ? "no-cache" : "public, max-age=3600");
          res.status(200).send(read(join("static", file)));
        },
      ],
    });
  }
  return router;
}
