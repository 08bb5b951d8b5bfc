// SIGTERM under load: the built app (worker in-process) stops accepting, finishes what is in flight,
// and exits 0. No request that reached it fails, and no job is left locked or lost.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import http from "node:http";
import net from "node:net";
import { runOnce } from "graphile-worker";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../db/seed/demo";
import { startSquareSimulator, type SquareSimulator } from "../../dev/square-sim/server";
import { squareSignature } from "~/webhook-signature.server";
import { createTestDatabase, type TestDatabase } from "../support/test-database";

const SIGNATURE_KEY = "shutdown-signature-key";
let database: TestDatabase;
let simulator: SquareSimulator;
let app: ChildProcess;
let baseUrl: string;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Outcome {
  status?: number;
  error?: string;
  webhook?: boolean;
}

// One request on its own connection (no keep-alive), so the outcome is the server's alone.
function send(method: "GET" | "POST", path: string, body?: string, headers: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.request(`${baseUrl}${path}`, { method, agent: false, headers: { ...headers, ...(body ? { "content-length": Buffer.byteLength(body) } : {}) } }, (response) => {
      response.resume();
      response.on("end", () => resolve({ status: response.statusCode }));
      response.on("error", (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    });
    request.on("error", (error) => resolve({ error: (error as NodeJS.ErrnoException).code ?? error.message }));
    request.end(body);
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoShop(database.sql);
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  simulator = await startSquareSimulator();
  app = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: database.url,
      SESSION_SECRET: "shutdown-session-secret-0123",
      SQUARE_ENVIRONMENT: "simulator",
      SQUARE_SIMULATOR_URL: simulator.url,
      SQUARE_WEBHOOK_URL: `${baseUrl}/webhooks/square`,
      SQUARE_WEBHOOK_SIGNATURE_KEY: SIGNATURE_KEY,
      WORKER_IN_PROCESS: "1",
      SHUTDOWN_DRAIN_MS: "1000",
      LOG_LEVEL: "silent",
    },
    stdio: "ignore",
  });
  const deadline = Date.now() + 30_000;
  while ((await send("GET", "/readyz")).status !== 200) {
    if (Date.now() > deadline || app.exitCode !== null) throw new Error("the app did not become ready");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}, 60_000);

afterAll(async () => {
  if (app.exitCode === null) app.kill("SIGKILL");
  await simulator?.stop();
  await database?.drop();
});

describe("graceful shutdown", () => {
  it("finishes in-flight requests and jobs on SIGTERM and exits 0", async () => {
    const outcomes: Outcome[] = [];
    let stopAt = Date.now() + 60_000;
    const load = Array.from({ length: 8 }, async (_, lane) => {
      while (Date.now() < stopAt) {
        if (lane % 2 === 0) {
          outcomes.push(await send("GET", "/products/humita"));
        } else {
          const body = JSON.stringify({ merchant_id: "MSIM0001", type: "payment.updated", event_id: randomUUID(), data: { type: "payment", id: `unknown-${randomUUID()}` } });
          const signature = squareSignature(`${baseUrl}/webhooks/square`, body, SIGNATURE_KEY);
          outcomes.push({ ...(await send("POST", "/webhooks/square", body, { "content-type": "application/json", "x-square-hmacsha256-signature": signature })), webhook: true });
        }
      }
    });

    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const exited = new Promise<number | null>((resolve) => app.once("exit", (code) => resolve(code)));
    app.kill("SIGTERM");
    // Like Fly's proxy, the load stops sending new requests soon after the signal (well within the
    // drain period); requests already sent must all be answered.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await send("GET", "/readyz")).status).toBe(503);
    stopAt = Date.now();
    await Promise.all(load);
    const exitCode = await exited;

    expect(exitCode).toBe(0);
    const answered = outcomes.filter((outcome) => outcome.status !== undefined);
    expect(answered.length).toBeGreaterThan(20);
    expect(answered.filter((outcome) => outcome.status !== 200)).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.error)).toEqual([]);

    // No job was left locked by the stopped worker; what it did not get to is still queued, intact.
    const [{ locked }] = await database.sql<{ locked: number }[]>`select count(*)::int as locked from graphile_worker.jobs where locked_at is not null`;
    expect(locked).toBe(0);
    process.env.DATABASE_URL = database.url;
    process.env.SQUARE_SIMULATOR_URL = simulator.url;
    process.env.LOG_LEVEL = "silent";
    const { taskList } = await import("../../workers/index");
    await runOnce({ connectionString: database.url, taskList });
    const [{ open }] = await database.sql<{ open: number }[]>`
      select count(*)::int as open from webhook_events where state not in ('processed', 'ignored')`;
    expect(open).toBe(0);
    // Every webhook the app acknowledged was stored (and, above, processed).
    const [{ stored }] = await database.sql<{ stored: number }[]>`select count(*)::int as stored from webhook_events`;
    expect(stored).toBe(answered.filter((outcome) => outcome.webhook).length);
  }, 90_000);
});
