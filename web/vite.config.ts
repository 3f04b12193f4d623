/**
 * The web app's build. The output (web/dist) is what Firebase Hosting serves; firebase.json rewrites
 * /api/** to the api function, so the app calls its API on its own origin.
 *
 * The emulators' addresses come from firebase.json. The app uses them only for a demo- project (one
 * that exists nowhere but in the emulators), so the same build serves both.
 *
 * `npm run dev` serves the same app from Vite's dev server (hot reload), which forwards what Hosting
 * would answer itself: /api/** to the api function in the Functions emulator (as firebase.json's
 * rewrite does) and the reserved /__/ URLs (the project's web configuration) to the Hosting emulator.
 *
 * Beside the app the build writes what makes it installable and useful offline: the web app manifest
 * (named after the shop: SHOP_NAME, else the functions' setting, default "Duka") and the service worker (src/service-worker.ts, as
 * /sw.js), which is given the list of this build's files to keep. The icons in public/ are
 * favicon.svg drawn at 192 and 512 px (and a maskable one with the mark inside the safe zone).
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import { defineConfig, transformWithOxc, type Plugin } from "vite";
import { projectSettings } from "../scripts/lib/project-settings.js";
import { firstPaint } from "./first-paint/first-paint.js";

const emulators = projectSettings(resolve(import.meta.dirname, ".."));
/**
 * The shop's name for what is static (the manifest's install name, the first paint's title): the
 * build's SHOP_NAME, else the functions' own setting (functions/.env), which GET /shop/ answers, so
 * the installed app and the running one agree.
 */
function functionsShopName(): string | undefined {
  try {
    const env = readFileSync(resolve(import.meta.dirname, "../functions/.env"), "utf8");
    return /^SHOP_NAME=(.*)$/m.exec(env)?.[1]?.trim() || undefined;
  } catch {
    return undefined;
  }
}
const shopName = process.env.SHOP_NAME?.trim() || functionsShopName() || "Duka";
const THEME = "#0b5cad";

function manifest(): string {
  return JSON.stringify(
    {
      name: shopName,
      short_name: shopName.slice(0, 12),
      description: `${shopName}: order, and follow your orders`,
      lang: "en",
      start_url: "/",
      scope: "/",
      display: "standalone",
      background_color: "#f4f6f8",
      theme_color: THEME,
      icons: [
        { src: "/icon-192.png", sizes: "192x192", type: "image/png" },
        { src: "/icon-512.png", sizes: "512x512", type: "image/png" },
        { src: "/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
        { src: "/favicon.svg", sizes: "any", type: "image/svg+xml" },
      ],
    },
    null,
    2,
  );
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/** The manifest, the page's links to it, and the service worker with this build's file list. */
function installable(): Plugin {
  let outDir = "";
  return {
    name: "installable",
    apply: "build",
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    transformIndexHtml(html) {
      return html.replaceAll("%SHOP_NAME%", shopName).replaceAll("%THEME%", THEME);
    },
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "manifest.webmanifest", source: manifest() });
    },
    async writeBundle() {
      const kept = filesUnder(outDir)
        .map((path) => relative(outDir, path).split(sep).join("/"))
        .filter((file) => !file.endsWith(".map") && !file.startsWith(".vite/") && file !== "sw.js")
        .sort();
      const version = createHash("sha256");
      for (const file of kept) version.update(file).update(readFileSync(join(outDir, file)));
      const urls = kept.map((file) => (file === "index.html" ? "/" : `/${file}`));
      const source = readFileSync(resolve(import.meta.dirname, "src/service-worker.ts"), "utf8");
      const { code } = await transformWithOxc(source, "service-worker.ts", { lang: "ts" });
      const settings =
        `const __SW_PRECACHE__ = ${JSON.stringify(urls)};\n` +
        `const __SW_VERSION__ = ${JSON.stringify(version.digest("hex").slice(0, 16))};\n`;
      // The worker is a classic script: its one `export {}` (which makes the source a module) goes.
      writeFileSync(join(outDir, "sw.js"), settings + code.replace(/^export\s*\{\s*\};?\s*$/m, ""));
    },
  };
}

/** Vite's dev server port; DEV_WEB_PORT moves it (as a second suite on one machine must). */
export const DEV_WEB_PORT = Number(process.env.DEV_WEB_PORT ?? 5173);

export default defineConfig({
  root: import.meta.dirname,
  server: {
    host: "127.0.0.1",
    port: DEV_WEB_PORT,
    strictPort: true,
    proxy: {
      "/api": {
        target: `http://${emulators.functionsHost}`,
        rewrite: (path) => `/${emulators.projectId}/${emulators.region}/api${path}`,
      },
      "/__": { target: emulators.appUrl },
    },
  },
  define: {
    __AUTH_EMULATOR__: JSON.stringify(emulators.authHost),
    __FIRESTORE_EMULATOR__: JSON.stringify(emulators.firestoreHost),
    __SHOP_NAME__: JSON.stringify(shopName),
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  plugins: [installable(), firstPaint(shopName)],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The budget check (scripts/web-budget.ts) reads the manifest to follow each side's imports.
    manifest: true,
    target: "es2022",
    sourcemap: true,
  },
});
