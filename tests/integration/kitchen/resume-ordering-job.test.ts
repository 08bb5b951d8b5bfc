// The resume_ordering job ends a timed pause when it is due, through graphile-worker as in production.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness();
});

afterAll(async () => {
  await harness?.stop();
});

describe("resume_ordering", () => {
  it("clears the pause it was queued for when its time comes, and records it", async () => {
    const sql = harness.database.sql;
    const [{ id }] = await sql<{ id: number }[]>`select min(id)::int as id from locations`;
    await sql`select pause_ordering(${id}, array['pickup', 'delivery'], 15)`;
    await harness.drainJobs();
    expect((await sql`select pickup_paused_until from locations where id = ${id}`)[0].pickup_paused_until).not.toBeNull();

    // Fifteen minutes later, as far as the queue is concerned.
    await sql`select graphile_worker.reschedule_jobs(array(select id from graphile_worker.jobs where task_identifier = 'resume_ordering'), run_at => now())`;
    await harness.drainJobs();
    const [row] = await sql`select pickup_paused_until, delivery_paused_until from locations where id = ${id}`;
    expect(row).toEqual({ pickup_paused_until: null, delivery_paused_until: null });
    const audits = await sql`select after from audit_log where action = 'location.resume_ordering' and actor = 'worker' order by id`;
    expect(audits.map((audit) => audit.after)).toEqual([{ resumed: ["pickup"] }, { resumed: ["delivery"] }]);
  });
});
