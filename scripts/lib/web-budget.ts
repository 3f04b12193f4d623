/**
 * The web app's first-load budget: the compressed JavaScript each side needs before it can show its
 * first screen, followed through Vite's build manifest.
 *
 * A side is the entry chunk plus the lazily loaded chunks its first screen asks for at once (the
 * customer's orders page loads Firestore for its live updates; the staff side loads its own chunk).
 * Every chunk those import statically is counted too, each once.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** The part of Vite's manifest.json the budget reads. */
export type ViteManifest = Record<string, { file: string; imports?: string[]; isEntry?: boolean }>;

export interface Side {
  name: string;
  /** Manifest keys (source paths) of the lazy chunks this side's first screen loads. */
  firstScreen: string[];
}

export const SIDES: Side[] = [
  { name: "customer", firstScreen: ["src/firestore.ts"] },
  { name: "staff", firstScreen: ["src/staff/staff.tsx"] },
];

export const BUDGET_BYTES = 200 * 1024;

/** The JavaScript files a side loads first: the entry, its first-screen chunks, and what they import. */
export function firstLoadFiles(manifest: ViteManifest, side: Side): string[] {
  const entries = Object.entries(manifest)
    .filter(([, chunk]) => chunk.isEntry)
    .map(([key]) => key);
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk) throw new Error(`The build manifest has no chunk for ${key}; has the app's module moved?`);
    if (files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const key of [...entries, ...side.firstScreen]) visit(key);
  return [...files].filter((file) => file.endsWith(".js"));
}

export interface SideSize {
  name: string;
  files: string[];
  gzipBytes: number;
}

/** Each side's first load from a finished build in `dist`, gzip-compressed as a CDN would send it. */
export function measureSides(dist: string, sides: Side[] = SIDES): SideSize[] {
  const manifest = JSON.parse(readFileSync(join(dist, ".vite", "manifest.json"), "utf8")) as ViteManifest;
  return sides.map((side) => {
    const files = firstLoadFiles(manifest, side);
    const gzipBytes = files.reduce(
      (sum, file) => sum + gzipSync(readFileSync(join(dist, file)), { level: 9 }).length,
      0,
    );
    return { name: side.name, files, gzipBytes };
  });
}
