/**
 * Releases the current contract: openapi.yaml becomes the released document the breaking-change
 * check compares with, the accepted findings start anew for it, and its CHANGELOG.md entry gets
 * today's date in place of "(unreleased)".
 *
 *   tsx functions/build-tools/openapi/release.ts
 */
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse } from "yaml";
import { CHANGELOG_PATH, changelogVersion } from "./api-version.js";
import { ACCEPTED_CHANGES, RELEASED_DOCUMENT } from "./breaking-changes.js";

const root = resolve(__dirname, "..", "..", "..");
const document = join(root, "openapi.yaml");
const version = (parse(readFileSync(document, "utf8")) as { info: { version: string } }).info.version;
if (version !== changelogVersion()) throw new Error(`openapi.yaml is ${version}; run npm run openapi first`);

copyFileSync(document, RELEASED_DOCUMENT);
const accepted = readFileSync(ACCEPTED_CHANGES, "utf8");
writeFileSync(
  ACCEPTED_CHANGES,
  `${accepted.slice(0, accepted.indexOf("released:"))}released: ${version}\naccepted: []\n`,
);
const today = new Date().toISOString().slice(0, 10);
const changelog = readFileSync(CHANGELOG_PATH, "utf8");
writeFileSync(CHANGELOG_PATH, changelog.replace(`## ${version} (unreleased)`, `## ${version} (${today})`));
console.log(`Released ${version}: ${RELEASED_DOCUMENT}`);
