// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "node_modules/",
      "functions/lib/",
      ".cache/",
      ".data/",
      "bench/results/",
      "test-results/",
      "web/dist/",
      // Generated from openapi.yaml by openapi-typescript (npm run client); a test keeps it current.
      "clients/typescript/src/openapi.ts",
      // The client's build output (npm run build in clients/typescript, and its prepare script).
      "clients/typescript/dist/",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/restrict-template-expressions": ["error", { allowNumber: true }],
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/only-throw-error": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      // `this: void` marks methods that are safe to call detached (operation handlers).
      "@typescript-eslint/no-invalid-void-type": ["error", { allowAsThisParameter: true }],
    },
  },
  {
    // vitest types its asymmetric matchers (expect.any, expect.stringMatching) as `any`; placing one
    // inside an expected object is how they are meant to be used.
    files: ["functions/test/**/*.ts"],
    rules: { "@typescript-eslint/no-unsafe-assignment": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    // The cold-start servers: plain CommonJS, so that nothing but Node stands between spawn and answer.
    files: ["bench/cold/*.cjs"],
    languageOptions: {
      sourceType: "commonjs",
      globals: { require: "readonly", process: "readonly" },
    },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Preloaded into firebase-tools' own Node by npm run dev (node --require): CommonJS.
    files: ["scripts/lib/quick-functions-reload.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { require: "readonly" } },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // dependency-cruiser reads its configuration as CommonJS.
    files: [".dependency-cruiser.cjs"],
    languageOptions: { sourceType: "commonjs", globals: { module: "writable" } },
  },
  {
    // Runs before anything is installed, on whatever Node the machine has.
    files: ["scripts/require-node22.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
  {
    // index.html's inline script for the first paint: a classic script, before anything is loaded.
    files: ["web/first-paint/inline.js"],
    languageOptions: {
      sourceType: "script",
      globals: {
        document: "readonly",
        localStorage: "readonly",
        location: "readonly",
        navigator: "readonly",
        addEventListener: "readonly",
      },
    },
  },
  {
    // The small scripts that start Swagger UI and ReDoc in the browser.
    files: ["functions/src/docs/static/**/*.js"],
    languageOptions: {
      sourceType: "script",
      globals: {
        window: "readonly",
        document: "readonly",
        URL: "readonly",
        SwaggerUIBundle: "readonly",
        Redoc: "readonly",
      },
    },
  },
);
