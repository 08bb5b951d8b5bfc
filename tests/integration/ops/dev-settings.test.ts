// `npm run dev` honours the settings the README lists: on ports other than the defaults (shop,
// simulator, metrics, embedded Postgres) and its own data folder, it starts a working shop in which
// an order is placed and paid through the simulator's hosted checkout, with JavaScript's help
// nowhere (plain form posts). `npm run admin:create` then finds the same database with no
// DATABASE_URL. It runs in a copy of the project, so its build and data touch nothing of this run's.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, send } from "../../support/app-process";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const COPIED = ["app", "db", "dev", "public", "scripts", "workers", "server.ts", "remix.config.js", "package.json", "tsconfig.json"];
const TSX = path.join(ROOT, "node_modules/tsx/dist/cli.mjs");

const work = mkdtempSync(path.join(os.tmpdir(), "larder-dev-"));
const project = path.join(work, "larder");
let ports: Record<"PORT" | "SQUARE_SIM_PORT" | "METRICS_PORT" | "EMBEDDED_POSTGRES_PORT", number>;
let env: NodeJS.ProcessEnv;
let dev: ChildProcess;
let output = "";

function withoutDatabaseUrl(): NodeJS.ProcessEnv {
  const { DATABASE_URL: _ignored, ...rest } = process.env;
  return rest;
}

beforeAll(async () => {
  for (const entry of COPIED) {
    cpSync(path.join(ROOT, entry), path.join(project, entry), { recursive: true, filter: (source) => path.basename(source) !== "build" });
  }
  symlinkSync(path.join(ROOT, "node_modules"), path.join(project, "node_modules"), "dir");
  ports = { PORT: await freePort(), SQUARE_SIM_PORT: await freePort(), METRICS_PORT: await freePort(), EMBEDDED_POSTGRES_PORT: await freePort() };
  env = {
    ...withoutDatabaseUrl(),
    ...Object.fromEntries(Object.entries(ports).map(([key, value]) => [key, String(value)])),
    EMBEDDED_POSTGRES_DIR: path.join(work, "data", "postgres"),
    LOG_LEVEL: "warn",
  };
  dev = spawn(process.execPath, [TSX, "scripts/dev.ts"], { cwd: project, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  dev.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  dev.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const deadline = Date.now() + 150_000;
  while (!output.includes("Larder is running")) {
    if (Date.now() > deadline || dev.exitCode !== null) throw new Error(`npm run dev did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}, 180_000);

/** Stops `npm run dev` with SIGTERM (it stops the app, simulator, watcher and Postgres), SIGKILL if it hangs. */
async function stopDev() {
  if (!dev || dev.exitCode !== null) return;
  const exited = new Promise((resolve) => dev.once("exit", resolve));
  process.kill(dev.pid!, "SIGTERM");
  const timer = setTimeout(() => process.kill(-dev.pid!, "SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

afterAll(async () => {
  await stopDev();
  rmSync(work, { recursive: true, force: true });
}, 30_000);

function createAdmin(email: string) {
  return spawnSync(process.execPath, [TSX, "scripts/create-admin.ts", "--email", email, "--password", "a long passphrase"], {
    cwd: project,
    env,
    encoding: "utf8",
  });
}

/** A browser without JavaScript: one cookie jar, no redirects followed. */
function browser() {
  const cookies = new Map<string, string>();
  return async (url: string, form?: Record<string, string>) => {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    const answer = await send(url, {
      method: form ? "POST" : "GET",
      body,
      headers: {
        cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join("; "),
        ...(form ? { "content-type": "application/x-www-form-urlencoded", origin: new URL(url).origin } : {}),
      },
    });
    for (const header of ([] as string[]).concat(answer.headers?.["set-cookie"] ?? [])) {
      const [pair] = header.split(";");
      const at = pair.indexOf("=");
      cookies.set(pair.slice(0, at), pair.slice(at + 1));
    }
    return answer;
  };
}

describe("npm run dev on other ports", () => {
  it("serves the shop, the simulator and metrics where told, and an order placed there is paid", async () => {
    const shop = `http://127.0.0.1:${ports.PORT}`;
    expect(output).toContain(`Square: simulator at http://127.0.0.1:${ports.SQUARE_SIM_PORT}`);
    expect((await send(`http://127.0.0.1:${ports.METRICS_PORT}/metrics`)).status).toBe(200);

    const database = `postgres://postgres:password@127.0.0.1:${ports.EMBEDDED_POSTGRES_PORT}/larder`;
    const sql = postgres(database, { max: 1, onnotice: () => {} });
    try {
      const [variant] = await sql<{ id: string }[]>`
        select v.id::text from variants v join products p on p.id = v.product_id
         where p.slug = 'beef-criolla' and v.name = 'Half dozen'`;
      const visit = browser();
      const added = await visit(`${shop}/products/beef-criolla`, { variantId: variant.id, quantity: "1" });
      expect(added.status, added.body).toBe(303);

      const checkout = await visit(`${shop}/checkout`);
      const checkoutKey = /name="checkoutKey" value="([^"]+)"/.exec(checkout.body ?? "")?.[1];
      const pickupAt = /<option value="(\d{4}-\d{2}-\d{2}T[^"]+)"/.exec(checkout.body ?? "")?.[1];
      expect(checkoutKey && pickupAt, checkout.body).toBeTruthy();
      const placed = await visit(`${shop}/checkout`, {
        checkoutKey: checkoutKey!,
        name: "Dev Ports",
        email: "dev.ports@example.com",
        phone: "(555) 010-4040",
        pickupAt: pickupAt!.replace(/&#x2B;|&#43;/g, "+"),
      });
      expect(placed.status, placed.body).toBe(303);
      const hosted = String(placed.headers?.location);
      // The customer is sent to the simulator on its own port, not the default 4010.
      expect(hosted.startsWith(`http://127.0.0.1:${ports.SQUARE_SIM_PORT}/`), hosted).toBe(true);
      const page = await visit(hosted);
      const payAt = new URL(/<form method="post" action="([^"]+)"/.exec(page.body ?? "")![1], hosted).toString();
      const paid = await visit(payAt, { card_number: "4111 1111 1111 1111", expiration: "12/39", cvv: "123", postal_code: "62701" });
      expect(paid.status, paid.body).toBe(303);
      expect(String(paid.headers?.location)).toContain(`:${ports.PORT}/orders/`);

      // Square's webhook reaches the shop's own port; the in-process worker marks the order paid.
      await expect
        .poll(async () => (await sql`select state from orders where customer_email = 'dev.ports@example.com'`)[0]?.state, { timeout: 30_000 })
        .toBe("paid");
    } finally {
      await sql.end();
    }
  });

  it("lets `npm run admin:create` find the development database with no DATABASE_URL, running or not", async () => {
    const whileRunning = createAdmin("owner@dev-ports.example");
    expect(whileRunning.status, whileRunning.stderr + whileRunning.stdout).toBe(0);
    expect(whileRunning.stdout).toContain("Created owner owner@dev-ports.example");

    await stopDev();
    // Stopping dev stops everything it started: no process is left running from its project copy
    // (the Remix watcher used to outlive it).
    const deadline = Date.now() + 5_000;
    let left: string[] = [];
    do {
      left = spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout.split("\n").filter((args) => args.includes(project));
      if (left.length) await new Promise((resolve) => setTimeout(resolve, 200));
    } while (left.length && Date.now() < deadline);
    expect(left).toEqual([]);
    // With dev stopped, the command starts the embedded server on the same data, and stops it again.
    // A server stopped a moment ago can still be releasing its data folder (a second vitest worker
    // keeps the machine busy): one more try after a pause, as someone would.
    let stopped = createAdmin("second@dev-ports.example");
    if (stopped.status !== 0 && stopped.stderr.includes("did not start")) {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      stopped = createAdmin("second@dev-ports.example");
    }
    expect(stopped.status, stopped.stderr + stopped.stdout).toBe(0);
    expect(stopped.stdout).toContain("Created owner second@dev-ports.example");
    expect((await send(`http://127.0.0.1:${ports.EMBEDDED_POSTGRES_PORT}/`)).error).toBe("ECONNREFUSED");
  }, 60_000);
});
