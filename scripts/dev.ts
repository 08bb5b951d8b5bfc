// `npm run dev`: the whole shop on one machine. Embedded Postgres (unless DATABASE_URL is set),
// migrations, demo data, the Square simulator, the worker in-process, and the app, rebuilt on change.
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import postgres from "postgres";
import { openDevDatabase } from "../db/dev-database";
import { migrateUp } from "../db/migrate";
import { seedDemoShop } from "../db/seed/demo";
import { startSquareSimulator } from "../dev/square-sim/server";

const DEV_ADMIN = { email: "admin@larder.local", password: "larder-dev-admin" };

const port = Number(process.env.PORT ?? 3000);
// The simulator listens on SQUARE_SIM_PORT, else on SQUARE_SIMULATOR_URL's port, else on 4010.
const simulatorPort = Number(
  process.env.SQUARE_SIM_PORT || (process.env.SQUARE_SIMULATOR_URL && new URL(process.env.SQUARE_SIMULATOR_URL).port) || 4010,
);
const stops: (() => Promise<unknown>)[] = [];

const database = await openDevDatabase();
stops.push(() => database.stop());
const databaseUrl = database.url;
process.env.DATABASE_URL = databaseUrl;
process.env.WORKER_IN_PROCESS ??= "1";
process.env.NODE_ENV ??= "development";
process.env.SQUARE_ENVIRONMENT ??= "simulator";
process.env.METRICS_PORT ??= "9091";

await migrateUp(databaseUrl);
const seedClient = postgres(databaseUrl, { max: 1, onnotice: () => {} });
const seeded = await seedDemoShop(seedClient);
const [adminExists] = await seedClient`select 1 from admin_users limit 1`;
const [shopName] = await seedClient<{ name: string }[]>`select value #>> '{}' as name from settings where key = 'shop.name'`;
await seedClient.end();

if (process.env.SQUARE_ENVIRONMENT === "simulator") {
  // The app's configuration is read once, when env.server is first imported: say where the
  // simulator will listen before that, or the app calls the default port.
  process.env.SQUARE_SIMULATOR_URL = `http://127.0.0.1:${simulatorPort}`;
  const { SIMULATOR_DEFAULTS } = await import("../app/lib/env.server");
  const simulator = await startSquareSimulator({
    port: simulatorPort,
    merchantName: shopName?.name,
    webhookUrl: process.env.SQUARE_WEBHOOK_URL ?? `http://127.0.0.1:${port}/webhooks/square`,
    webhookSignatureKey: process.env.SQUARE_WEBHOOK_SIGNATURE_KEY ?? SIMULATOR_DEFAULTS.webhookSignatureKey,
  });
  stops.push(() => simulator.stop());
}

if (!adminExists) {
  const { createAdminUser } = await import("../app/accounts/auth.server");
  await createAdminUser({ ...DEV_ADMIN, name: "Dev admin" });
}

const build = spawnSync("npx", ["remix", "build"], { stdio: "inherit" });
if (build.status !== 0) process.exit(build.status ?? 1);
// Remix's CLI itself, not through npx: a signal to npx does not reach the watcher it starts, which
// then outlived `npm run dev` when it was stopped with SIGTERM.
const watcher = spawn(process.execPath, [path.resolve("node_modules/@remix-run/dev/dist/cli.js"), "watch"], { stdio: ["ignore", "inherit", "inherit"] });
stops.push(async () => {
  watcher.kill();
});
// However dev ends, the watcher ends with it.
process.once("exit", () => watcher.kill());

const { startServer } = await import("../server");
const server = await startServer({ port });
stops.unshift(() => server.close());

console.log(`
  Larder is running${seeded ? " (demo shop seeded)" : ""}.
  Shop:   ${server.url}/
  Admin:  ${server.url}/admin  (dev admin: ${DEV_ADMIN.email} / ${DEV_ADMIN.password}${adminExists ? ", if you have not changed it" : ""})
  Square: simulator at ${process.env.SQUARE_SIMULATOR_URL ?? "(not started)"} — test cards 4111 1111 1111 1111 (paid), 4000 0000 0000 0002 (declined)
  Database: ${databaseUrl.replace(/:[^:@/]*@/, ":***@")}
`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, async () => {
    if (stopping) return;
    stopping = true;
    // One failing (or not promise-returning) stop must not skip the ones after it.
    for (const stop of stops) await Promise.resolve().then(stop).catch(() => {});
    process.exit(0);
  });
}
