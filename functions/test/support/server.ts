/** Serves the real app (createApp) on an ephemeral port, against the emulators. */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp, type AppDependencies } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { auth, db } from "./firebase.js";

export interface RunningApi {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startApi(overrides: Partial<AppDependencies> = {}): Promise<RunningApi> {
  const app = createApp({ config: loadConfig(), db: db(), auth: auth(), ...overrides });
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
