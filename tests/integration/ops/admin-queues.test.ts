// The queries behind /admin/webhooks and /admin/jobs, on a real database: counts, filters, pages,
// replay, and graphile-worker's queue read through its public view.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";

let database: TestDatabase;
let audit: import("~/ops/audit.server").AuditContext;

// The app's modules read the environment when first imported, so they are loaded after it is set.
let app: typeof import("~/payments/webhook-inbox.server") & typeof import("~/ops/jobs.server") & {
  sql: typeof import("~/lib/db.server").sql;
  isShopError: typeof import("~/lib/db.server").isShopError;
};

beforeAll(async () => {
  database = await createTestDatabase();
  Object.assign(process.env, { DATABASE_URL: database.url, LOG_LEVEL: "silent" });
  app = {
    ...(await import("~/payments/webhook-inbox.server")),
    ...(await import("~/ops/jobs.server")),
    ...(await import("~/lib/db.server")),
  };
  const [admin] = await database.sql<{ id: number; email: string }[]>`
    insert into admin_users (email, password_hash) values ('owner@example.com', 'scrypt$x') returning id, email`;
  audit = { admin: { ...admin, name: "", role: "owner" }, requestId: "req-admin", ip: "127.0.0.1" };
});

afterAll(async () => {
  await app?.sql.end();
  await database?.drop();
});

beforeEach(async () => {
  await database.sql`delete from webhook_events`;
  await database.sql`delete from graphile_worker._private_jobs`;
});

async function insertEvent(eventId: string, type: string, state: string, lastError: string | null = null): Promise<number> {
  const [row] = await database.sql<{ id: number }[]>`
    insert into webhook_events (provider, event_id, type, payload, state, last_error)
    values ('square', ${eventId}, ${type}, ${database.sql.json({ event_id: eventId, type })}, ${state}, ${lastError})
    returning id`;
  return row.id;
}

describe("the webhook inbox", () => {
  it("says there is nothing yet on an empty inbox", async () => {
    const inbox = await app.getWebhookInbox({});
    expect(inbox).toEqual({
      counts: [
        { state: "received", count: 0 }, { state: "processed", count: 0 }, { state: "ignored", count: 0 },
        { state: "failed", count: 0 }, { state: "dead", count: 0 },
      ],
      total: 0,
      types: [],
      events: [],
      nextBefore: null,
    });
  });

  it("counts every state, lists the types present, and shows newest first", async () => {
    const a = await insertEvent("evt-a", "payment.updated", "processed");
    const b = await insertEvent("evt-b", "payment.created", "dead", "kept failing");
    const c = await insertEvent("evt-c", "payment.updated", "dead", "kept failing");
    const d = await insertEvent("evt-d", "refund.updated", "ignored");
    const inbox = await app.getWebhookInbox({});
    expect(inbox.counts).toEqual([
      { state: "received", count: 0 }, { state: "processed", count: 1 }, { state: "ignored", count: 1 },
      { state: "failed", count: 0 }, { state: "dead", count: 2 },
    ]);
    expect(inbox.total).toBe(4);
    expect(inbox.types).toEqual(["payment.created", "payment.updated", "refund.updated"]);
    expect(inbox.events.map((event) => event.id)).toEqual([d, c, b, a]);
    expect(inbox.events[1]).toMatchObject({
      eventId: "evt-c", type: "payment.updated", state: "dead", attempts: 0, lastError: "kept failing",
      payload: { event_id: "evt-c", type: "payment.updated" }, receivedAt: expect.any(Date), processedAt: null,
    });
  });

  it("filters by state, by type, and by both, with counts still over the whole inbox", async () => {
    await insertEvent("evt-1", "payment.updated", "processed");
    const deadPayment = await insertEvent("evt-2", "payment.updated", "dead");
    const deadRefund = await insertEvent("evt-3", "refund.updated", "dead");
    const ids = async (filter: Parameters<typeof app.getWebhookInbox>[0]) => (await app.getWebhookInbox(filter)).events.map((event) => event.id);
    expect(await ids({ state: "dead" })).toEqual([deadRefund, deadPayment]);
    expect(await ids({ type: "refund.updated" })).toEqual([deadRefund]);
    expect(await ids({ state: "dead", type: "payment.updated" })).toEqual([deadPayment]);
    expect(await ids({ state: "failed" })).toEqual([]);
    expect((await app.getWebhookInbox({ state: "failed" })).total).toBe(3);
  });

  it("pages older events with `before`", async () => {
    const ids: number[] = [];
    for (let index = 0; index < 5; index++) ids.push(await insertEvent(`evt-page-${index}`, "payment.updated", "processed"));
    const first = await app.getWebhookInbox({}, 2);
    expect(first.events.map((event) => event.id)).toEqual([ids[4], ids[3]]);
    expect(first.nextBefore).toBe(ids[3]);
    const last = await app.getWebhookInbox({ before: ids[1] }, 2);
    expect(last.events.map((event) => event.id)).toEqual([ids[0]]);
    expect(last.nextBefore).toBeNull();
  });

  it("reads the filter from the query string, dropping values that are not filters", () => {
    const parse = (query: string) => app.parseWebhookFilter(new URLSearchParams(query));
    expect(parse("state=dead&type=payment.updated&before=40")).toEqual({ state: "dead", type: "payment.updated", before: 40 });
    expect(parse("state=&type=")).toEqual({});
    expect(parse("state=exploded&before=-3")).toEqual({});
    expect(app.webhookFilterSearch({ state: "dead", type: "payment.updated" })).toBe("?state=dead&type=payment.updated");
    expect(app.webhookFilterSearch({})).toBe("");
  });

  it("replays an event by id and refuses an unknown one as not found", async () => {
    const id = await insertEvent("evt-replay", "payment.updated", "dead", "kept failing");
    expect(await app.replayWebhookEvent(id, audit)).toBe("evt-replay");
    expect((await app.getWebhookInbox({ state: "received" })).events.map((event) => event.id)).toEqual([id]);
    const [entry] = await database.sql`select actor, action, subject_id, request_id, host(ip) as ip from audit_log where action = 'webhook.replay'`;
    expect(entry).toEqual({ actor: "owner@example.com", action: "webhook.replay", subject_id: String(id), request_id: "req-admin", ip: "127.0.0.1" });
    const error = await app.replayWebhookEvent(id + 1000, audit).catch((caught: unknown) => caught);
    expect(app.isShopError(error)).toMatchObject({ status: 404 });
  });
});

async function addJob(task: string, options: { runAt?: string; maxAttempts?: number } = {}): Promise<number> {
  const [job] = await database.sql<{ id: number }[]>`
    select id from graphile_worker.add_job(${task}, '{}'::json,
      run_at => now() + ${options.runAt ?? "0 seconds"}::interval, max_attempts => ${options.maxAttempts ?? 25})`;
  return job.id;
}

describe("the job queue", () => {
  it("is empty with no jobs", async () => {
    expect(await app.getJobQueue()).toEqual({ tasks: [], oldestQueuedSeconds: null, recentFailures: [] });
  });

  it("counts queued, scheduled, running and permanently failed jobs per task, and the oldest wait", async () => {
    await addJob("send_email");
    const waitedLong = await addJob("send_email");
    await database.sql`update graphile_worker._private_jobs set run_at = now() - interval '90 seconds' where id = ${waitedLong}`;
    await addJob("send_email", { runAt: "1 hour" });
    const running = await addJob("process_square_webhook");
    await database.sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'test-worker' where id = ${running}`;
    const failed = await addJob("process_square_webhook", { maxAttempts: 1 });
    await database.sql`select graphile_worker.permanently_fail_jobs(array[${failed}::bigint], 'payload invalid')`;

    const queue = await app.getJobQueue();
    expect(queue.tasks).toEqual([
      { taskIdentifier: "process_square_webhook", queued: 0, scheduled: 0, running: 1, permanentlyFailed: 1 },
      { taskIdentifier: "send_email", queued: 2, scheduled: 1, running: 0, permanentlyFailed: 0 },
    ]);
    expect(queue.oldestQueuedSeconds).toBeGreaterThanOrEqual(90);
    expect(queue.oldestQueuedSeconds).toBeLessThan(120);
    expect(queue.recentFailures).toEqual([
      {
        id: failed, taskIdentifier: "process_square_webhook", attempts: 1, maxAttempts: 1, lastError: "payload invalid",
        runAt: expect.any(Date), updatedAt: expect.any(Date), running: false, permanentlyFailed: true,
      },
    ]);
  });

  it("retries a permanently failed job now with its attempts reset", async () => {
    const failed = await addJob("send_email", { maxAttempts: 1, runAt: "-1 hour" });
    await database.sql`select graphile_worker.permanently_fail_jobs(array[${failed}::bigint], 'boom')`;
    expect(await app.retryJobNow(failed, audit)).toBe(true);
    const audited = await database.sql`select after from audit_log where action = 'job.retry' and subject_id = ${String(failed)}`;
    expect(audited).toEqual([{ after: { task: "send_email" } }]);
    const [job] = await database.sql<{ attempts: number; max_attempts: number; run_at: Date; is_ready: boolean }[]>`
      select attempts, max_attempts, run_at, run_at between now() - interval '5 seconds' and now() as is_ready
        from graphile_worker.jobs where id = ${failed}`;
    expect(job).toMatchObject({ attempts: 0, max_attempts: 1, is_ready: true });
    expect((await app.getJobQueue()).tasks).toEqual([
      { taskIdentifier: "send_email", queued: 1, scheduled: 0, running: 0, permanentlyFailed: 0 },
    ]);
  });

  it("cannot retry a job a worker is running, or one that is gone", async () => {
    const running = await addJob("send_email", { maxAttempts: 1 });
    await database.sql`update graphile_worker._private_jobs set locked_at = now(), locked_by = 'test-worker' where id = ${running}`;
    expect(await app.retryJobNow(running, audit)).toBe(false);
    expect(await app.retryJobNow(running + 1000, audit)).toBe(false);
  });
});
