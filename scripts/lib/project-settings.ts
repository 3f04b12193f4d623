/** The project id, region, emulator hosts and API URL, read from .firebaserc, firebase.json and functions/.env*. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface ProjectSettings {
  projectId: string;
  region: string;
  authHost: string;
  firestoreHost: string;
  functionsHost: string;
  /** The web app in the Hosting emulator; its /api/** goes to the api function, as on Firebase Hosting. */
  appUrl: string;
  /** Where the `api` function answers in the Functions emulator (routes sit below it, /api optional). */
  apiBaseUrl: string;
}

interface EmulatorPort {
  host?: string;
  port?: number;
}

interface FirebaseJson {
  emulators?: Record<string, EmulatorPort | undefined>;
}

interface FirebaseRc {
  projects?: { default?: string };
}

/**
 * The functions' settings as the emulator sees them: functions/.env, then .env.<project>, then
 * .env.local, later files winning (the order firebase-tools loads them in).
 */
export function functionsEnv(root: string, projectId: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const file of [".env", `.env.${projectId}`, ".env.local"]) {
    const path = join(root, "functions", file);
    if (!existsSync(path)) continue;
    for (const line of readFileSync(path, "utf8").split("\n")) {
      const match = /^\s*([A-Z_][A-Z0-9_]*)\s*=\s*(.*?)\s*$/.exec(line);
      if (match?.[1] !== undefined) values[match[1]] = (match[2] ?? "").replace(/^(["'])(.*)\1$/, "$2");
    }
  }
  return values;
}

function hostOf(config: FirebaseJson, name: string, fallbackPort: number): string {
  const entry = config.emulators?.[name];
  return `${entry?.host ?? "127.0.0.1"}:${entry?.port ?? fallbackPort}`;
}

export function projectSettings(root: string): ProjectSettings {
  const rc = JSON.parse(readFileSync(join(root, ".firebaserc"), "utf8")) as FirebaseRc;
  const config = JSON.parse(readFileSync(join(root, "firebase.json"), "utf8")) as FirebaseJson;
  const projectId = process.env.GCLOUD_PROJECT ?? rc.projects?.default;
  if (!projectId) throw new Error(".firebaserc has no default project");
  const functionsHost = hostOf(config, "functions", 5001);
  const region = functionsEnv(root, projectId).FUNCTIONS_REGION ?? "us-central1";
  return {
    projectId,
    region,
    authHost: hostOf(config, "auth", 9099),
    firestoreHost: hostOf(config, "firestore", 8080),
    functionsHost,
    appUrl: `http://${hostOf(config, "hosting", 5050)}`,
    apiBaseUrl: `http://${functionsHost}/${projectId}/${region}/api/api`,
  };
}
