/**
 * The first paint: what index.html shows before the app's code arrives. On Slow 3G every file costs
 * at least a 2 s round trip, so the sign-in form, its styles (src/base.css) and its one script
 * (inline.js) travel inside the page itself: the form is usable a round trip after the page is
 * asked for, and the app, once started, takes over what was typed (src/first-sign-in.ts).
 *
 * Its texts come from the app's own messages (English, with the Swahili beside them in data-sw for
 * the script to choose), so the two cannot say different things. They are loaded when the page is
 * written (runnerImport), not imported by web/vite.config.ts: a file the config imports restarts
 * Vite's dev server when saved, and the messages are saved often. The inline style and script are
 * allowed by their hashes in firebase.json's Content-Security-Policy; the build stops when one is
 * missing (`npm run csp:first-paint` writes them).
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { runnerImport, type Plugin } from "vite";
import type { Messages } from "../src/i18n/en.js";

const here = import.meta.dirname;
const FIREBASE_JSON = resolve(here, "../../firebase.json");

export const FIRST_PAINT_STYLE = readFileSync(resolve(here, "../src/base.css"), "utf8");
export const FIRST_PAINT_SCRIPT = readFileSync(resolve(here, "inline.js"), "utf8");

function escape(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;").replaceAll('"', "&quot;");
}

/** An element's text in English, with its Swahili for the script. */
function said(english: string, swahili: string): string {
  return `data-sw="${escape(swahili)}">${escape(english)}`;
}

export interface FirstPaintMessages {
  en: Messages;
  sw: Messages;
}

/** The page frame and the sign-in form, as the app draws them (src/app.tsx, src/pages/sign-in.tsx). */
export function firstPaintBody(shopName: string, { en, sw }: FirstPaintMessages): string {
  const field = (id: "email" | "password", autocomplete: string) =>
    `<div class="field"><label for="${id}" ${said(en.fields[id], sw.fields[id])}</label>` +
    `<input type="${id}" id="${id}" name="${id}" autocomplete="${autocomplete}" required></div>`;
  return `<header class="top"><a class="brand" href="#/">${escape(shopName)}</a></header>
<main id="main" tabindex="-1">
<p class="loading" role="status" id="first-loading" ${said(en.frame.loading, sw.frame.loading)}</p>
<section aria-labelledby="first-sign-in-title" class="card narrow" id="first-sign-in" hidden>
<h1 id="first-sign-in-title" ${said(en.signIn.title, sw.signIn.title)}</h1>
<form method="post" action="/">
${field("email", "email")}
${field("password", "current-password")}
<button type="submit" class="primary" data-busy="${escape(en.signIn.busy)}" data-busy-sw="${escape(sw.signIn.busy)}" ${said(en.signIn.submit, sw.signIn.submit)}</button>
</form>
<p><a href="#/reset-password" ${said(en.signIn.forgot, sw.signIn.forgot)}</a></p>
<p><span ${said(en.signIn.newHere, sw.signIn.newHere)}</span> <a href="#/register" ${said(en.signIn.register, sw.signIn.register)}</a></p>
</section>
</main>`;
}

/** A CSP source that allows exactly this inline text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;
}

interface FirebaseJson {
  hosting?: { headers?: { headers?: { key: string; value: string }[] }[] };
}

function policies(config: FirebaseJson): { key: string; value: string }[] {
  return (config.hosting?.headers ?? [])
    .flatMap((rule) => rule.headers ?? [])
    .filter((header) => header.key.toLowerCase() === "content-security-policy");
}

/** What the deployed policy lacks for the first paint, as sentences; empty when it allows both. */
export function missingFromPolicy(firebaseJson: string): string[] {
  const found = policies(JSON.parse(firebaseJson) as FirebaseJson);
  if (found.length === 0) return ["firebase.json has no Content-Security-Policy header"];
  const needs: [string, string][] = [
    ["script-src", cspHash(FIRST_PAINT_SCRIPT)],
    ["style-src", cspHash(FIRST_PAINT_STYLE)],
  ];
  return found.flatMap((policy) =>
    needs
      .filter(([directive, hash]) => {
        const sources = policy.value
          .split(";")
          .map((part) => part.trim().split(/\s+/))
          .find(([name]) => name === directive);
        return !sources?.includes(hash);
      })
      .map(([directive, hash]) => `${directive} lacks ${hash}`),
  );
}

/** A policy with its script-src and style-src first-paint hashes replaced by the current ones. */
export function withFirstPaintHashes(policy: string): string {
  return policy
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const [directive = "", ...sources] = part.split(/\s+/);
      const hash =
        directive === "script-src"
          ? cspHash(FIRST_PAINT_SCRIPT)
          : directive === "style-src"
            ? cspHash(FIRST_PAINT_STYLE)
            : undefined;
      if (!hash) return part;
      return [directive, ...sources.filter((source) => !source.startsWith("'sha256-")), hash].join(" ");
    })
    .join("; ");
}

/** firebase.json's text with each policy's hashes made current, its formatting kept. */
export function firebaseJsonWithFirstPaintHashes(firebaseJson: string): string {
  let text = firebaseJson;
  for (const policy of policies(JSON.parse(firebaseJson) as FirebaseJson)) {
    text = text.replace(JSON.stringify(policy.value), JSON.stringify(withFirstPaintHashes(policy.value)));
  }
  return text;
}

/**
 * Puts the first paint into index.html: the inline style and script, the frame and form in #app,
 * and the app's own stylesheet moved to the end of the body, where it no longer holds back the
 * first paint (a stylesheet in the head blocks rendering until it has arrived).
 */
async function appMessages(): Promise<FirstPaintMessages> {
  const load = async <T>(file: string) =>
    (await runnerImport<T>(resolve(here, "../src/i18n", file), { configFile: false, logLevel: "silent" })).module;
  const [{ en }, { sw }] = await Promise.all([load<{ en: Messages }>("en.ts"), load<{ sw: Messages }>("sw.ts")]);
  return { en, sw };
}

export function firstPaint(shopName: string): Plugin {
  let messages: Promise<FirstPaintMessages> | undefined;
  return {
    name: "first-paint",
    buildStart() {
      const missing = missingFromPolicy(readFileSync(FIREBASE_JSON, "utf8"));
      if (missing.length > 0) {
        throw new Error(
          `firebase.json's Content-Security-Policy does not allow the first paint (${missing.join("; ")}). ` +
            "Run `npm run csp:first-paint` to write its hashes.",
        );
      }
    },
    transformIndexHtml: {
      order: "post",
      async handler(html) {
        const body = firstPaintBody(shopName, await (messages ??= appMessages()));
        const stylesheets: string[] = [];
        const withoutStylesheets = html.replace(/\s*<link rel="stylesheet"[^>]*>/g, (link) => {
          stylesheets.push(link.trim());
          return "";
        });
        return withoutStylesheets
          .replace("</head>", `<style>${FIRST_PAINT_STYLE}</style>\n  </head>`)
          .replace(/<div id="app">[\s\S]*?<\/div>/, `<div id="app">${body}</div>`)
          .replace("</body>", `<script>${FIRST_PAINT_SCRIPT}</script>\n${stylesheets.join("\n")}\n  </body>`);
      },
    },
  };
}

// `npm run csp:first-paint`: writes the current hashes into firebase.json.
if (process.argv[1] && resolve(process.argv[1]) === resolve(here, "first-paint.ts")) {
  writeFileSync(FIREBASE_JSON, firebaseJsonWithFirstPaintHashes(readFileSync(FIREBASE_JSON, "utf8")));
  console.log("firebase.json allows the first paint's inline style and script.");
}
