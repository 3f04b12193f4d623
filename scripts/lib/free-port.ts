/** A TCP port nothing listens on right now, for a child process to serve on. */
import { createServer } from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((done, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        done(typeof address === "object" && address ? address.port : 0);
      });
    });
  });
}
