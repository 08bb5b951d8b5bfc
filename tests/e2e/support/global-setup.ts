// Starts the whole shop for the browser tests, as production runs it, once per Playwright project: a
// fresh migrated and seeded database, the Square simulator, a real SMTP server, and the built app
// (build/server/server.js with `npm start`'s Node flags, worker in-process) as a child process.
// Everything is torn down afterwards.
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import type { FullConfig } from "@playwright/test";
import postgres from "postgres";
import { seedDemoShop } from "../../../db/seed/demo";
import { startSquareSimulator } from "../../../dev/square-sim/server";
import { createMigratedDatabase, dropDatabase, startTestServer, uniqueDatabaseName } from "../../support/database";
import { startSmtpSink } from "../../support/smtp-sink";
import { setGenerousLimits } from "../../support/generous-limits";
import { productionCommand } from "../../support/production-start";
import { E2E_ADMIN, E2E_SIGNATURE_KEY } from "./constants";
import { hashPassword } from "../../../app/accounts/password.server";

const ARTIFACTS = path.resolve("tests/.artifacts");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url: string, app: ChildProcess, appLog: string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`the app exited with code ${app.exitCode}; see ${appLog}`);
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the app did not become ready at ${url} within ${timeoutMs} ms`);
}

/** What a worker's tests read to reach its shop (process.env.E2E_*). */
type ShopEnv = Record<"E2E_BASE_URL" | "E2E_METRICS_URL" | "E2E_DATABASE_URL" | "E2E_SIMULATOR_URL" | "E2E_MAIL_DIR" | "E2E_APP_LOG", string>;

/** One whole shop: its own database, simulator, SMTP sink and app process (log and mail under `tag`). */
async function startShop(dbServer: Awaited<ReturnType<typeof startTestServer>>, tag: string): Promise<{ env: ShopEnv; stop: () => Promise<void> }> {
  const database = uniqueDatabaseName("larder_e2e");
  await createMigratedDatabase(dbServer, database);
  const databaseUrl = dbServer.url(database);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await seedDemoShop(sql);
  await setGenerousLimits(sql);
  await sql`insert into admin_users (email, name, password_hash) values (${E2E_ADMIN.email}, 'E2E owner', ${await hashPassword(E2E_ADMIN.password)})`;
  await sql.end();

  const appPort = await freePort();
  const metricsPort = await freePort();
  const appUrl = `http://127.0.0.1:${appPort}`;
  const webhookUrl = `${appUrl}/webhooks/square`;
  const simulator = await startSquareSimulator({ port: 0, webhookUrl, webhookSignatureKey: E2E_SIGNATURE_KEY });
  const mailDir = path.join(ARTIFACTS, `mail-${tag}`);
  rmSync(mailDir, { recursive: true, force: true });
  const smtp = await startSmtpSink(mailDir);

  const appLog = path.join(ARTIFACTS, `app-${tag}.log`);
  const log = createWriteStream(appLog);
  // The compiled server as `npm start` runs it (`npm run build` first, as `npm run test:e2e` does).
  const production = productionCommand("start");
  const app = spawn(process.execPath, production.args, {
    env: {
      ...process.env,
      ...production.env,
      NODE_ENV: "production",
      PORT: String(appPort),
      METRICS_PORT: String(metricsPort),
      PUBLIC_URL: appUrl,
      DATABASE_URL: databaseUrl,
      SESSION_SECRET: "e2e-session-secret-0123456789",
      SQUARE_ENVIRONMENT: "simulator",
      LARDER_DEMO: "1",
      SQUARE_SIMULATOR_URL: simulator.url,
      SQUARE_WEBHOOK_SIGNATURE_KEY: E2E_SIGNATURE_KEY,
      SQUARE_WEBHOOK_URL: webhookUrl,
      SMTP_URL: smtp.url,
      EMAIL_FROM: "Masa & Co. <orders@masa.example>",
      WORKER_IN_PROCESS: "1",
      LOG_LEVEL: "info",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.pipe(log);
  app.stderr?.pipe(log);
  await waitUntilReady(appUrl, app, appLog);

  return {
    env: {
      E2E_BASE_URL: appUrl,
      E2E_METRICS_URL: `http://127.0.0.1:${metricsPort}/metrics`,
      E2E_DATABASE_URL: databaseUrl,
      E2E_SIMULATOR_URL: simulator.url,
      E2E_MAIL_DIR: mailDir,
      E2E_APP_LOG: appLog,
    },
    async stop() {
      app.kill("SIGTERM");
      await new Promise((resolve) => app.once("exit", resolve));
      await simulator.stop();
      await smtp.stop();
      await dropDatabase(dbServer, database);
    },
  };
}

/**
 * A shop per project (JavaScript off, on), so the two run side by side while each shop still sees
 * one journey at a time, in file order: the specs change shop-wide settings (pauses, maintenance
 * mode, zones) as they go. A worker takes its project's shop (fixtures.ts).
 */
export default async function globalSetup(config: FullConfig) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dbServer = await startTestServer();
  const shops = await Promise.all(config.projects.map((project) => startShop(dbServer, project.name)));
  process.env.E2E_SHOPS = JSON.stringify(shops.map((shop) => shop.env));
  // The first shop's, for anything that reads the environment outside a worker.
  Object.assign(process.env, shops[0].env);

  return async () => {
    await Promise.all(shops.map((shop) => shop.stop()));
    await dbServer.stop();
  };
}
