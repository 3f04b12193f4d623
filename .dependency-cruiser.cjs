/**
 * The layers of functions/src, as rules `npm run lint` enforces (docs/architecture.md explains them).
 *
 *   platform/, config, phone/       the kernel: Firebase plumbing and shared vocabulary (languages), settings,
 *                                   phone numbers; imports no layer above
 *   http/                           errors, auth, validation, routing; knows no resource
 *   sms/                            the SMS engine: messages, consent, budgets, senders; knows no resource
 *   texts/                          what customers read (SMS texts), in every language
 *   accounts/, products/            resources that stand on the kernel, http, sms and texts
 *   orders/                         may use accounts and products
 *   staff/, channels/, reports/     surfaces over the resources below them
 *   workflows/                      what spans two resources (the account clean-up)
 *   docs/, shop/                    the API's own documentation pages; what customers see of the shop
 *   entry-points/, app.ts, resources.ts, index.ts, startup-check.ts: the composition root, which may use all
 *
 * A folder may import only the folders its layer lists; no import cycle of any length is allowed, so
 * no two folders import each other. Build-time code (functions/build-tools/) may read the runtime
 * tree; the runtime tree never imports it.
 */
const SRC = "^functions/src/";
const folder = (names) => `${SRC}(${names.join("|")})(/|\\.ts$)`;

const KERNEL = ["platform", "config", "phone"];
const LAYERS = {
  platform: ["platform"],
  config: ["config", "platform"],
  phone: [],
  http: ["http", "platform", "config", "phone"],
  sms: ["sms", ...KERNEL, "http"],
  texts: ["texts", "sms", "platform"],
  accounts: ["accounts", ...KERNEL, "http", "sms", "texts"],
  products: ["products", ...KERNEL, "http", "texts"],
  orders: ["orders", ...KERNEL, "http", "sms", "texts", "accounts", "products"],
  staff: ["staff", ...KERNEL, "http", "sms", "texts", "accounts", "products", "orders"],
  channels: ["channels", ...KERNEL, "http", "sms", "texts", "accounts", "products", "orders"],
  reports: ["reports", ...KERNEL, "http", "sms", "texts", "accounts", "products", "orders"],
  workflows: ["workflows", ...KERNEL, "http", "sms", "texts", "accounts", "products", "orders"],
  docs: ["docs", ...KERNEL, "http"],
  shop: ["shop", ...KERNEL, "http"],
};

/** The OpenAPI generator, until it moves to functions/build-tools/ (it reads every resource's table). */
const GENERATOR = "^functions/src/(docs/openapi-document|operation-tables)\\.ts$";

const layerRules = Object.entries(LAYERS).map(([name, allowed]) => ({
  name: `layer-${name}`,
  comment: `functions/src/${name} may import only ${allowed.length ? allowed.join(", ") : "packages"} (see .dependency-cruiser.cjs).`,
  severity: "error",
  from: { path: folder([name]), pathNot: GENERATOR },
  to: { path: SRC, pathNot: folder(allowed.length ? allowed : ["__none__"]) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "An import cycle ties modules (and folders) to each other; layers point one way only.",
      severity: "error",
      from: { path: SRC },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "runtime-knows-no-build-tools",
      comment: "The deployed code never loads build-time code (the OpenAPI generator).",
      severity: "error",
      from: { path: SRC },
      to: { path: "^functions/build-tools/" },
    },
    {
      name: "runtime-knows-no-tests",
      severity: "error",
      from: { path: SRC },
      to: { path: "^(functions/test|scripts|bench)/" },
    },
    {
      name: "known-folders-only",
      comment: "A new folder under functions/src needs its place in the layers above.",
      severity: "error",
      from: { path: SRC, pathNot: `${folder([...Object.keys(LAYERS), "entry-points", "types"])}|${SRC}[^/]+\\.ts$` },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^functions/lib/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};
