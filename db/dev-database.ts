// Which database a development command talks to, found the way `npm run dev` finds it:
// DATABASE_URL when it is set; otherwise the embedded Postgres under .data/ — the one a running
// `npm run dev` already serves on EMBEDDED_POSTGRES_PORT, or started here for the command and
// stopped after it. So `npm run admin:create`, `db:migrate` and `db:seed` work with no setup.
import path from "node:path";
import postgres from "postgres";
import { startEmbeddedPostgres } from "./embedded";

export const DEV_DATABASE = "larder";

export interface DevDatabase {
  url: string;
  /** Where the URL came from, for the command's first line. */
  source: "DATABASE_URL" | "running embedded Postgres" | "embedded Postgres started for this command";
  stop(): Promise<void>;
}

export function embeddedSettings(env: NodeJS.ProcessEnv = process.env) {
  return {
    dir: path.resolve(env.EMBEDDED_POSTGRES_DIR ?? ".data/postgres"),
    port: Number(env.EMBEDDED_POSTGRES_PORT ?? 54329),
  };
}

const EMBEDDED_URL = (port: number, database: string) => `postgres://postgres:password@127.0.0.1:${port}/${database}`;

async function reachable(url: string): Promise<boolean> {
  const probe = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await probe`select 1`;
    return true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}

async function ensureLarderDatabase(port: number) {
  const admin = postgres(EMBEDDED_URL(port, "postgres"), { max: 1, onnotice: () => {} });
  try {
    const [exists] = await admin`select 1 from pg_database where datname = ${DEV_DATABASE}`;
    if (!exists) await admin.unsafe(`create database ${DEV_DATABASE}`);
  } finally {
    await admin.end();
  }
}

/** The development database; `stop()` stops an embedded server only if this call started it. */
export async function openDevDatabase(env: NodeJS.ProcessEnv = process.env): Promise<DevDatabase> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL, source: "DATABASE_URL", stop: async () => {} };
  if (env.NODE_ENV === "production") {
    // A release command that forgot its secret must fail, not migrate a throwaway database.
    throw new Error("DATABASE_URL is not set: production never uses the embedded Postgres.");
  }
  const { dir, port } = embeddedSettings(env);
  if (await reachable(EMBEDDED_URL(port, "postgres"))) {
    await ensureLarderDatabase(port);
    return { url: EMBEDDED_URL(port, DEV_DATABASE), source: "running embedded Postgres", stop: async () => {} };
  }
  const embedded = await startEmbeddedPostgres({ dir, port, persistent: true });
  await ensureLarderDatabase(port);
  return { url: embedded.url(DEV_DATABASE), source: "embedded Postgres started for this command", stop: () => embedded.stop() };
}
