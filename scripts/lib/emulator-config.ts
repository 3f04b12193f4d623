/**
 * The Firebase configuration the emulators run with: firebase.json as it is deployed, except that
 * the web app's Content-Security-Policy also lets it reach the Auth and Firestore emulators. The
 * deployed policy names no loopback origin, so nothing production serves trusts a local port.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Written beside firebase.json: firebase-tools reads paths (functions, rules, web) from its folder. */
export const EMULATOR_CONFIG_FILE = ".firebase.emulators.json";

interface Header {
  key: string;
  value: string;
}
interface FirebaseJson {
  hosting?: { headers?: { headers?: Header[] }[] };
  emulators?: Record<string, { host?: string; port?: number } | boolean | undefined>;
}

/** The origin an emulator listens on, from firebase.json's `emulators` section. */
function emulatorOrigin(config: FirebaseJson, name: string): string {
  const entry = config.emulators?.[name];
  if (typeof entry !== "object" || entry.port === undefined)
    throw new Error(`firebase.json names no ${name} emulator port`);
  return `http://${entry.host ?? "127.0.0.1"}:${String(entry.port)}`;
}

/** Adds `sources` to one directive of a policy, or the directive itself where the policy has none. */
export function withSources(policy: string, directive: string, sources: readonly string[]): string {
  const parts = policy
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean);
  const index = parts.findIndex((part) => part.split(/\s+/)[0] === directive);
  if (index === -1) parts.push(`${directive} ${sources.join(" ")}`);
  else parts[index] = `${parts[index] ?? directive} ${sources.join(" ")}`;
  return parts.join("; ");
}

/** firebase.json's text as the emulators should read it. */
export function emulatorConfig(deployed: string): string {
  const config = JSON.parse(deployed) as FirebaseJson;
  const auth = emulatorOrigin(config, "auth");
  const firestore = emulatorOrigin(config, "firestore");
  for (const rule of config.hosting?.headers ?? []) {
    for (const header of rule.headers ?? []) {
      if (header.key.toLowerCase() !== "content-security-policy") continue;
      // The SDK calls both emulators; the Auth emulator's sign-in pages open in a frame.
      header.value = withSources(withSources(header.value, "connect-src", [auth, firestore]), "frame-src", [auth]);
    }
  }
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** Writes the emulators' configuration into the project folder and answers its path, for `--config`. */
export function writeEmulatorConfig(root: string): string {
  const target = join(root, EMULATOR_CONFIG_FILE);
  writeFileSync(target, emulatorConfig(readFileSync(join(root, "firebase.json"), "utf8")));
  return target;
}
