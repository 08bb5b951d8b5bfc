// Database faults against the built app (its own process): every app connection killed with
// pg_terminate_backend (the next request and the in-process worker carry on, no restart), and the
// pool exhausted by statements stuck behind a lock (a clear 503 page within about a second, not a
// hung request; the shop serves again once the lock is gone).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { send, startAppProcess, type AppProcess } from "../../support/app-process";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

let database: TestDatabase;
const apps: AppProcess[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemoShop(database.sql);
}, 60_000);

afterAll(async () => {
  for (const app of apps) await app.stop();
  await database?.drop();
});

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe("database faults", () => {
  it("survives pg_terminate_backend of every app and worker connection", async () => {
    const app = await startAppProcess({ DATABASE_URL: database.url, WORKER_IN_PROCESS: "1", LOG_LEVEL: "warn" });
    apps.push(app);
    expect((await send(`${app.url}/products/humita`)).status).toBe(200);

    const [{ killed }] = await database.sql<{ killed: number }[]>`
      select count(*)::int as killed from (
        select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and pid <> pg_backend_pid() and backend_type = 'client backend') terminated`;
    expect(killed).toBeGreaterThan(1);

    // The next request is served on a new connection. (A statement already on the wire when its
    // connection dies fails, and its request with it: the outcome of a write in flight is unknown,
    // so it is never retried blindly. Half a second lets the pool see the closed sockets.)
    await new Promise((resolve) => setTimeout(resolve, 500));
    const next = await send(`${app.url}/products/humita`);
    expect(next.status, app.output()).toBe(200);
    expect((await send(`${app.url}/readyz`)).status).toBe(200);

    // The worker still takes jobs: an email queued now is sent.
    const [incident] = await database.sql<{ id: number }[]>`
      insert into incidents (kind, summary) values ('jobs_failed', 'After the connections were killed.') returning id`;
    const [email] = await database.sql<{ id: number }[]>`
      insert into email_outbox (template, to_address, incident_id) values ('owner_incident_opened', 'owner@shop.test', ${incident.id}) returning id`;
    await database.sql`select graphile_worker.add_job('send_email', json_build_object('email_id', ${email.id}::bigint))`;
    await until("the email to be sent", async () => {
      const [row] = await database.sql<{ status: string }[]>`select status from email_outbox where id = ${email.id}`;
      return row.status === "sent";
    }, 20_000);
  }, 60_000);

  it("answers a clear 503 page quickly when the pool is exhausted, and serves again after", async () => {
    const app = await startAppProcess({
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: "1",
      DATABASE_POOL_WAIT_MS: "500",
      DATABASE_STATEMENT_TIMEOUT_MS: "3000",
      LOG_LEVEL: "warn",
    });
    apps.push(app);
    expect((await send(`${app.url}/products/humita`)).status).toBe(200);
    // Four products not shown yet: a page already shown is kept in memory and served without the
    // database (catalog/page-cache.server.ts), and so is a product's data (storefrontMemo).
    const slugs = (await database.sql<{ slug: string }[]>`
      select slug from products where is_active and slug <> 'humita' order by id limit 4`).map((row) => row.slug);
    expect(slugs).toHaveLength(4);

    const lock = database.sql.reserve();
    const locker = await lock;
    await locker`begin`;
    await locker`lock table products in access exclusive mode`;
    try {
      // The first request takes the only connection and waits on the lock; the rest queue.
      const started = Date.now();
      const answers = await Promise.all(
        Array.from({ length: 4 }, async (_, index) => {
          await new Promise((resolve) => setTimeout(resolve, index * 50));
          const answer = await send(`${app.url}/products/${slugs[index]}`);
          return { ...answer, ms: Date.now() - started - index * 50 };
        }),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(503);
        expect(answer.headers?.["retry-after"]).toBe("5");
        expect(answer.body).toContain("We are very busy right now");
        expect(answer.body).toContain("nothing was changed");
      }
      // Queued requests are answered after the pool wait; the one holding the connection when
      // statement_timeout ends its statement. None hangs.
      expect(Math.min(...answers.map((answer) => answer.ms))).toBeLessThan(2_500);
      expect(Math.max(...answers.map((answer) => answer.ms))).toBeLessThan(6_000);
    } finally {
      await locker`rollback`;
      locker.release();
    }
    expect((await send(`${app.url}/products/humita`)).status).toBe(200);
    expect(app.output()).toContain("database busy: answered 503");
  }, 60_000);
});
