/** The Emulator Suite that `npm start` or `npm run dev` left running, found (not started) by its ports. */
import { projectSettings, type ProjectSettings } from "./project-settings.js";

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

/** The settings of the running suite; exits with a message naming what is not up. */
export async function requireRunningEmulators(root: string, needApi: boolean): Promise<ProjectSettings> {
  const settings = projectSettings(root);
  const checks: [string, string][] = [
    ["Firestore", `http://${settings.firestoreHost}/`],
    ["Auth", `http://${settings.authHost}/`],
  ];
  if (needApi) checks.push(["the api function", `${settings.apiBaseUrl}/health/`]);
  const down: string[] = [];
  for (const [name, url] of checks) if (!(await answers(url))) down.push(`${name} (${url})`);
  if (down.length > 0) {
    console.error(
      `\nNo running emulators found: nothing answers at ${down.join(", ")}.\n` +
        "Start them in another terminal with `npm start` or `npm run dev`, wait for their URLs, then run this again.\n",
    );
    process.exit(1);
  }
  return settings;
}
