/**
 * The lockfile that ships with the functions source (functions/package-lock.json).
 *
 * `functions` is a workspace of the root project, so npm keeps its resolved versions in the root
 * package-lock.json. Cloud Build installs the uploaded folder on its own, and without a lockfile of
 * its own it would resolve the production dependencies afresh on every deploy. This derives that
 * lockfile from the root one: the dependency closure of the workspace, at exactly the versions (and
 * integrity hashes) the tests ran against. Its devDependencies (the packages the build bundles) are
 * included and marked dev, as npm would: `npm ci` checks the whole manifest against the lockfile, even
 * when it installs production dependencies only.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  [field: string]: unknown;
}

interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

interface PackageJson {
  name: string;
  version: string;
  engines?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const WORKSPACE = "functions";

/** Where Node would find `name` when required from the package installed at `from` (a lockfile key). */
function resolveFrom(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = base === "" ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (base === "") return undefined;
    const parent = base.lastIndexOf("/node_modules/");
    base = parent >= 0 ? base.slice(0, parent) : "";
  }
}

type Edge = "required" | "optional" | "peer" | "dev";

function edgesOf(entry: LockEntry, from: string): [string, Edge][] {
  const edges: [string, Edge][] = [];
  for (const name of Object.keys(entry.dependencies ?? {})) edges.push([name, "required"]);
  // Only the workspace's own devDependencies count, as for any project's lockfile.
  if (from === WORKSPACE) for (const name of Object.keys(entry.devDependencies ?? {})) edges.push([name, "dev"]);
  for (const name of Object.keys(entry.optionalDependencies ?? {})) edges.push([name, "optional"]);
  for (const name of Object.keys(entry.peerDependencies ?? {})) {
    if (!entry.peerDependenciesMeta?.[name]?.optional) edges.push([name, "peer"]);
  }
  return edges;
}

/** Every lockfile key reachable from the workspace, through edges that `follow` accepts. */
function reachable(packages: Record<string, LockEntry>, follow: (edge: Edge) => boolean): Set<string> {
  const seen = new Set<string>();
  const queue = [WORKSPACE];
  while (queue.length > 0) {
    const from = queue.shift() as string;
    const entry = packages[from];
    if (!entry) continue;
    for (const [name, edge] of edgesOf(entry, from)) {
      if (!follow(edge)) continue;
      const target = resolveFrom(packages, from, name);
      if (target === undefined) {
        if (edge === "required" || edge === "dev")
          throw new Error(`${from} needs ${name}, which the root lockfile does not hold`);
        continue;
      }
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

/** The workspace's own nested packages move to the top; the rest keep their place. */
function relocate(key: string): string {
  return key.startsWith(`${WORKSPACE}/node_modules/`) ? key.slice(WORKSPACE.length + 1) : key;
}

export function deriveFunctionsLockfile(root: string): Lockfile {
  const rootLock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as Lockfile;
  const manifest = JSON.parse(readFileSync(join(root, WORKSPACE, "package.json"), "utf8")) as PackageJson;
  const packages = rootLock.packages;

  const all = reachable(packages, () => true);
  const withoutOptional = reachable(packages, (edge) => edge !== "optional");
  const withoutPeer = reachable(packages, (edge) => edge !== "peer");
  const production = reachable(packages, (edge) => edge !== "dev");

  const derived: Record<string, LockEntry> = {
    "": {
      name: manifest.name,
      version: manifest.version,
      ...(manifest.dependencies ? { dependencies: manifest.dependencies } : {}),
      ...(manifest.devDependencies ? { devDependencies: manifest.devDependencies } : {}),
      ...(manifest.engines ? { engines: manifest.engines } : {}),
    },
  };
  for (const key of [...all].sort()) {
    const target = relocate(key);
    if (derived[target]) throw new Error(`${key} and another package would both install at ${target}`);
    // The root's flags describe the root's tree; these are recomputed for the workspace alone.
    const entry: LockEntry = { ...packages[key] };
    delete entry.dev;
    delete entry.optional;
    delete entry.devOptional;
    delete entry.peer;
    derived[target] = {
      ...entry,
      ...(production.has(key) ? {} : { dev: true }),
      ...(withoutOptional.has(key) ? {} : { optional: true }),
      ...(withoutPeer.has(key) ? {} : { peer: true }),
    };
  }
  return { name: manifest.name, version: manifest.version, lockfileVersion: 3, requires: true, packages: derived };
}

export function renderFunctionsLockfile(root: string): string {
  return `${JSON.stringify(deriveFunctionsLockfile(root), null, 2)}\n`;
}
