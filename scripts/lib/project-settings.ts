/** The project id, emulator hosts and API URL, read from .firebaserc and firebase.json. */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ProjectSettings {
  projectId: string;
  region: string;
  authHost: string;
  firestoreHost: string;
  functionsHost: string;
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

const REGION = "us-central1";

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
  return {
    projectId,
    region: REGION,
    authHost: hostOf(config, "auth", 9099),
    firestoreHost: hostOf(config, "firestore", 8080),
    functionsHost,
    apiBaseUrl: `http://${functionsHost}/${projectId}/${REGION}/api/api`,
  };
}
