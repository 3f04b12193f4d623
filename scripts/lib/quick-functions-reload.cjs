/**
 * Loaded into firebase-tools by `npm run dev` only (node --require): the Functions emulator reloads
 * the functions 1 s after the last change it saw in functions/lib, a debounce firebase-tools does not
 * let anyone set. esbuild writes all of a rebuild's bundles within milliseconds, so 100 ms gathers
 * them as well, and each save reaches the emulator 0.9 s sooner.
 *
 * Only that wait changes: in the pinned firebase-tools the Functions emulator is the one caller of
 * its `debounce` helper (lib/utils.js), and the wrapper shortens only a wait of exactly 1,000 ms. A
 * firebase-tools whose utils have no `debounce` is left as it is: the reload then takes its full
 * second, and nothing else differs.
 */
"use strict";
const Module = require("node:module");
const { sep } = require("node:path");

const FIREBASE_TOOLS_LIB = `${sep}firebase-tools${sep}lib${sep}`;
const QUICK_MS = 100;
const load = Module._load;

Module._load = function loadWithQuickReload(request, parent, isMain) {
  const exported = load.call(this, request, parent, isMain);
  if (
    request.endsWith("utils") &&
    parent &&
    typeof parent.filename === "string" &&
    parent.filename.includes(FIREBASE_TOOLS_LIB) &&
    exported &&
    typeof exported.debounce === "function" &&
    !exported.debounce.quickReload
  ) {
    const debounce = exported.debounce;
    const quick = (fn, delay, options) => debounce(fn, delay === 1000 ? QUICK_MS : delay, options);
    quick.quickReload = true;
    exported.debounce = quick;
  }
  return exported;
};
