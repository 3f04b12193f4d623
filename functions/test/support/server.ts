/** Serves the real app (createApp) on an ephemeral port, against the emulators. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll } from "vitest";
import { createApp, type AppDependencies } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import type { LogSink } from "../../src/http/log.js";
import { resolve } from "node:path";
import { functionsEnv } from "../../../scripts/lib/project-settings.js";
import { auth, db, projectId } from "./firebase.js";
import { client, type Client } from "./http.js";

const root = resolve(__dirname, "../../..");

export interface RunningApi {
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The api's configuration as the emulator's project has it (functions/.env and .env.<project>).
 * The suite registers and logs in hundreds of users from one address within a minute; the per-IP
 * limits are raised here and tested on their own with low ones.
 */
export function testConfig(env: NodeJS.ProcessEnv = {}) {
  return loadConfig({
    ...functionsEnv(root, projectId),
    AT_CALLBACK_TOKEN: "",
    ...process.env,
    RATE_LIMIT_LOGIN_PER_MINUTE: "1000000",
    RATE_LIMIT_LOGIN_PER_ACCOUNT: "1000000",
    RATE_LIMIT_LOGIN_PER_ACCOUNT_ANY_ADDRESS: "1000000",
    RATE_LIMIT_PROFILE_CHANGES_PER_ADDRESS_PER_HOUR: "1000000",
    RATE_LIMIT_REGISTER_PER_MINUTE: "1000000",
    RATE_LIMIT_ORDERS_PER_HOUR: "1000000",
    VERIFICATION_CODES_PER_CLIENT_PER_HOUR: "1000000",
    ...env,
  });
}

export async function startApi(overrides: Partial<AppDependencies> = {}): Promise<RunningApi> {
  const app = createApp({ config: testConfig(), db: db(), auth: auth(), ...overrides });
  const server: Server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}

export interface LogLine {
  level: "info" | "warn" | "error";
  message: string;
  fields: Record<string, unknown>;
}

/** A log sink that keeps every line, for tests that check what is (and is not) logged. */
export function capturingLog(lines: LogLine[]): LogSink {
  const keep = (level: LogLine["level"]) => (message: string, fields: Record<string, unknown>) => {
    lines.push({ level, message, fields });
  };
  return { info: keep("info"), warn: keep("warn"), error: keep("error") };
}

/**
 * The test fixture for the API: served once for the enclosing `describe` (started before its tests,
 * closed after), and a client for it, usable at once: `const api = useApi();`.
 */
export function useApi(dependencies: () => Partial<AppDependencies> = () => ({})): Client {
  let running: RunningApi | undefined;
  let current: Client | undefined;
  beforeAll(async () => {
    running = await startApi(dependencies());
    current = client(running.baseUrl);
  });
  afterAll(async () => {
    await running?.close();
  });
  const live = (): Client => {
    if (!current) throw new Error("useApi's client is used outside a test");
    return current;
  };
  return {
    get baseUrl() {
      return live().baseUrl;
    },
    request: (...args) => live().request(...args),
    get: (...args) => live().get(...args),
    post: (...args) => live().post(...args),
    put: (...args) => live().put(...args),
    patch: (...args) => live().patch(...args),
    delete: (...args) => live().delete(...args),
  };
}
