/**
 * The API's version is the newest entry of CHANGELOG.md: a change to the contract comes with its
 * entry, and the document (`info.version`) and the TypeScript client's package take their version
 * from it. Semantic versioning: a breaking change moves the major version (the check in
 * breaking-changes.ts enforces it), an addition the minor, a fix of the document the patch.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const CHANGELOG_PATH = resolve(__dirname, "..", "..", "..", "CHANGELOG.md");

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

const ENTRY = /^## \[?(\d+)\.(\d+)\.(\d+)\]?(.*)$/m;

export function parseVersion(text: string): Version {
  const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (!match) throw new Error(`Not a semantic version: ${text}`);
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

export function compareVersions(a: Version, b: Version): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch;
}

export const formatVersion = (version: Version): string => `${version.major}.${version.minor}.${version.patch}`;

/** The newest entry's version: the first `## x.y.z` heading. */
export function changelogVersion(changelog: string = readFileSync(CHANGELOG_PATH, "utf8")): string {
  const match = ENTRY.exec(changelog);
  if (!match) throw new Error("CHANGELOG.md has no `## x.y.z` entry");
  return `${match[1]}.${match[2]}.${match[3]}`;
}

export const API_VERSION = changelogVersion();
