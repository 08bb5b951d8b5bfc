// The owners' alarm (evaluate_incidents, every minute): each alert condition opens one incident,
// each owner (not staff) is emailed once when it opens and once when it is resolved, a repeat
// evaluation says nothing new, quiet hours hold messages back (sent when they end if still open;
// never if the incident ended inside them), and texts go to the alerts phone when one is set.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readReceivedEmails } from "../../support/smtp-sink";
import { startAppHarness, type AppHarness } from "../../support/app-harness";

let harness: AppHarness;
let orderId: number;

beforeAll(async () => {
  harness = await startAppHarness({ env: { SQUARE_MAX_ATTEMPTS: "1", SQUARE_BREAKER_THRESHOLD: "2" } });
  const { sql } = harness.database;
  await sql`insert into admin_users (email, name, password_hash, role) values
              ('ana@shop.test', 'Ana', 'x', 'owner'), ('ben@shop.test', 'Ben', 'x', 'owner'), ('sam@shop.test', 'Sam', 'x', 'staff')`;
  orderId = await harness.placeOrder("buyer@example.com");
});

afterAll(async () => {
  await harness?.stop();
});

beforeEach(async () => {
  const { sql } = harness.database;
  await sql`delete from email_outbox where incident_id is not null`;
  await sql`delete from sms_outbox where incident_id is not null`;
  await sql`delete from incidents`;
  await sql`delete from webhook_events`;
  await sql`delete from payment_attempts`;
  await sql`delete from square_breaker_states`;
  await sql`delete from worker_heartbeats`;
  await sql`delete from settings where key = 'alerts'`;
  await sql`delete from graphile_worker._private_jobs`;
});

async function evaluate(now?: string): Promise<number> {
  const { sql } = harness.database;
  const [{ queued }] = now
    ? await sql<{ queued: number }[]>`select evaluate_incidents(60, ${now}::timestamptz) as queued`
    : await sql<{ queued: number }[]>`select evaluate_incidents(60) as queued`;
  return queued;
}

async function incidentEmails() {
  return harness.database.sql<{ template: string; toAddress: string; kind: string }[]>`
    select e.template, e.to_address as "toAddress", i.kind from email_outbox e join incidents i on i.id = e.incident_id
     order by e.id`;
}

async function incidents() {
  return harness.database.sql<{ kind: string; subject: string; summary: string; resolved: boolean; notified: boolean }[]>`
    select kind, subject, summary, resolved_at is not null as resolved, notified_at is not null as notified from incidents order by id`;
}

async function deadWebhook(id: string) {
  await harness.database.sql`insert into webhook_events (provider, event_id, type, payload, state, last_error)
                             values ('square', ${id}, 'payment.updated', '{}', 'dead', 'boom')`;
}

describe("the owners' alarm", () => {
  it("says nothing on a quiet shop", async () => {
    expect(await evaluate()).toBe(0);
    expect(await incidents()).toEqual([]);
  });

  it("emails each owner once when webhooks die, nothing more while it lasts, and once when it is resolved", async () => {
    await deadWebhook("dead-1");
    expect(await evaluate()).toBe(2);
    expect(await incidentEmails()).toEqual([
      { template: "owner_incident_opened", toAddress: "ana@shop.test", kind: "webhooks_dead" },
      { template: "owner_incident_opened", toAddress: "ben@shop.test", kind: "webhooks_dead" },
    ]);
    // Still dead, and a second one: the same incident, its summary updated, no new email.
    await deadWebhook("dead-2");
    expect(await evaluate()).toBe(0);
    expect(await incidents()).toEqual([
      { kind: "webhooks_dead", subject: "", summary: "2 Square webhook(s) gave up (dead): replay them from Webhooks.", resolved: false, notified: true },
    ]);

    await harness.drainJobs();
    const received = readReceivedEmails(harness.mailDir).filter((email) => email.subject.includes("webhook"));
    expect(received.map((email) => email.to[0]).sort()).toEqual(["ana@shop.test", "ben@shop.test"]);
    expect(received[0].subject).toMatch(/^Needs attention: \d Square webhook\(s\) gave up/);
    expect(received[0].text).toContain("/admin/webhooks");

    await harness.database.sql`update webhook_events set state = 'processed'`;
    expect(await evaluate()).toBe(2);
    expect(await evaluate()).toBe(0);
    const emails = await incidentEmails();
    expect(emails.filter((email) => email.template === "owner_incident_resolved").map((email) => email.toAddress)).toEqual(["ana@shop.test", "ben@shop.test"]);
    expect((await incidents())[0].resolved).toBe(true);

    // Dying again later is a new incident, told again.
    await deadWebhook("dead-3");
    expect(await evaluate()).toBe(2);
    expect((await incidents()).map((incident) => incident.resolved)).toEqual([true, false]);
  });

  it("opens an incident for jobs failed for good", async () => {
    const { sql } = harness.database;
    await sql`select graphile_worker.add_job('send_email', '{"email_id": 999999}'::json, max_attempts => 1)`;
    expect(await evaluate()).toBe(0);
    await sql`update graphile_worker._private_jobs set attempts = max_attempts, last_error = 'boom'`;
    expect(await evaluate()).toBe(2);
    expect((await incidents())[0]).toMatchObject({ kind: "jobs_failed", summary: "1 job(s) failed for good: see Jobs." });
  });

  it("opens an incident per Square breaker that opens in any process, resolved once it closes or goes stale", async () => {
    const { square } = harness.modules;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await square.squareCall("payments.get", () => Promise.reject(new Error("connection reset"))).catch(() => {});
    }
    const { sql } = harness.database;
    // The breaker records its state asynchronously.
    for (let wait = 0; wait < 50; wait += 1) {
      const [row] = await sql<{ state: string }[]>`select state from square_breaker_states where family = 'payments'`;
      if (row?.state === "open") break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await sql`select record_breaker_state('other-machine:1', 'refunds', 'open')`;
    expect(await evaluate()).toBe(4);
    expect((await incidents()).map((incident) => [incident.kind, incident.subject])).toEqual([
      ["breaker_open", "payments"],
      ["breaker_open", "refunds"],
    ]);
    await sql`select record_breaker_state('other-machine:1', 'refunds', 'closed')`;
    await sql`update square_breaker_states set changed_at = now() - interval '16 minutes' where family = 'payments'`;
    expect(await evaluate()).toBe(4);
    expect((await incidents()).every((incident) => incident.resolved)).toBe(true);
  });

  it("opens an incident when under 95 % of the last 20 payment attempts avoided a failure of ours (declines do not count)", async () => {
    const { sql } = harness.database;
    const attempts = async (status: string, errorCode: string | null, count: number, minutesAgo: number) => {
      for (let index = 0; index < count; index += 1) {
        await sql`insert into payment_attempts (order_id, method, status, amount_cents, currency, error_code, created_at)
                  values (${orderId}, 'card', ${status}, 1000, 'USD', ${errorCode}, now() - make_interval(mins => ${minutesAgo}, secs => ${index}))`;
      }
    };
    await attempts("completed", null, 15, 30);
    await attempts("failed", "CARD_DECLINED", 4, 20);
    await attempts("failed", "UNAVAILABLE", 1, 10);
    // 19 of 20 fine (95 %): no incident.
    expect(await evaluate()).toBe(0);
    await attempts("unknown", "OUTCOME_UNKNOWN", 1, 5);
    // The last 20 now hold two failures of ours: 90 %.
    expect(await evaluate()).toBe(2);
    expect((await incidents())[0]).toMatchObject({
      kind: "payments_failing",
      summary: "Only 18 of the last 20 payment attempts went through without a failure on our side (Square unavailable or no answer).",
    });
    await attempts("completed", null, 19, 1);
    expect(await evaluate()).toBe(2);
    expect((await incidents())[0].resolved).toBe(true);
  });

  it("opens an incident when no worker has been heard from and jobs are waiting", async () => {
    const { sql } = harness.database;
    await sql`insert into worker_heartbeats (worker_id, process, started_at, seen_at)
              values ('worker-old', 'gone:1', now() - interval '10 minutes', now() - interval '5 minutes')`;
    await sql`select graphile_worker.add_job('send_email', '{"email_id": 1}'::json, run_at => now() - interval '3 minutes')`;
    expect(await evaluate()).toBe(2);
    expect((await incidents())[0].kind).toBe("worker_silent");
    await sql`select record_worker_heartbeat('back:2', array['worker-new'])`;
    expect(await evaluate()).toBe(2);
    expect((await incidents())[0].resolved).toBe(true);
  });

  it("holds messages back in quiet hours, sends what is still open when they end, and never tells what ended inside them", async () => {
    const { sql } = harness.database;
    const [{ timezone }] = await sql<{ timezone: string }[]>`select timezone from locations where id = shop_location_id()`;
    const [owner] = await sql<{ id: number }[]>`select id from admin_users where email = 'ana@shop.test'`;
    await sql`select set_alert_settings('22:00', '07:00', '+12175550100', ${owner.id}, 'test', null)`;
    // A night from 23:30 on day 0 to 08:00 on day 1, the shop's local time.
    const local = async (time: string, day = 1) => {
      const [{ at }] = await sql<{ at: string }[]>`
        select ((current_date + ${day}::int + ${time}::time) at time zone ${timezone})::text as at`;
      return at;
    };

    await deadWebhook("night-1");
    expect(await evaluate(await local("23:30", 0))).toBe(0);
    expect(await incidents()).toMatchObject([{ kind: "webhooks_dead", notified: false }]);
    // Morning: still dead, so the owners hear of it now (two emails and one text).
    expect(await evaluate(await local("07:05"))).toBe(3);
    const texts = await sql<{ toNumber: string; body: string; template: string }[]>`
      select to_number as "toNumber", body, template from sms_outbox where incident_id is not null`;
    expect(texts).toEqual([{ toNumber: "+12175550100", template: "owner_incident_opened", body: expect.stringContaining("needs attention: 1 Square webhook(s) gave up") }]);

    // The queued jobs are not this test's business (with no heartbeat they would read as a silent worker).
    await sql`delete from graphile_worker._private_jobs`;

    // The next night: the webhook is fixed, and a problem starts and ends inside quiet hours.
    await sql`update webhook_events set state = 'processed'`;
    await sql`select graphile_worker.add_job('send_email', '{"email_id": 999998}'::json, max_attempts => 1)`;
    await sql`update graphile_worker._private_jobs set attempts = max_attempts`;
    expect(await evaluate(await local("23:45", 1))).toBe(0);
    await sql`delete from graphile_worker._private_jobs`;
    expect(await evaluate(await local("01:00", 2))).toBe(0);
    expect((await incidents()).map((incident) => [incident.kind, incident.resolved, incident.notified])).toEqual([
      ["webhooks_dead", true, true],
      ["jobs_failed", true, false],
    ]);
    // Morning: the webhook incident's resolution is told; the night's incident never is.
    expect(await evaluate(await local("08:00", 2))).toBe(3);
    const told = await sql<{ kind: string; template: string }[]>`
      select i.kind, e.template from email_outbox e join incidents i on i.id = e.incident_id order by e.id`;
    expect(told.filter((row) => row.kind === "jobs_failed")).toEqual([]);
    expect(told.filter((row) => row.template === "owner_incident_resolved").map((row) => row.kind)).toEqual(["webhooks_dead", "webhooks_dead"]);
  });

  it("refuses half-set quiet hours and a malformed phone", async () => {
    const { sql } = harness.database;
    const [owner] = await sql<{ id: number }[]>`select id from admin_users where email = 'ana@shop.test'`;
    const [staff] = await sql<{ id: number }[]>`select id from admin_users where email = 'sam@shop.test'`;
    const failure = (promise: Promise<unknown>) => promise.then(() => null, (error: { code?: string; column_name?: string }) => [error.code, error.column_name]);
    expect(await failure(sql`select set_alert_settings('22:00', '', null, ${owner.id}, 'test', null)`)).toEqual(["LR422", "quiet_until"]);
    expect(await failure(sql`select set_alert_settings('22:00', '22:00', null, ${owner.id}, 'test', null)`)).toEqual(["LR422", "quiet_until"]);
    expect(await failure(sql`select set_alert_settings(null, null, '555-1234', ${owner.id}, 'test', null)`)).toEqual(["23514", undefined]);
    expect(await failure(sql`select set_alert_settings(null, null, null, ${staff.id}, 'test', null)`)).toEqual(["LR409", undefined]);
    const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from settings where key = 'alerts'`;
    expect(count).toBe(0);
  });
});

describe("the app process's incident watch", () => {
  it("sends the silent-worker alert itself when no worker is left to, once", async () => {
    const { sql } = harness.database;
    await sql`delete from email_outbox where incident_id is not null`;
    await sql`delete from incidents`;
    await sql`delete from worker_heartbeats`;
    await sql`delete from graphile_worker._private_jobs`;
    await sql`select graphile_worker.add_job('rollup_metrics', '{}'::json, run_at => now() - interval '5 minutes')`;
    const { watchIncidents } = await import("~/ops/incident-watch.server");
    // The alert is queued; a live worker would send it, so the watch waits 30 s before it does.
    expect(await watchIncidents()).toBe(0);
    await sql`update email_outbox set created_at = now() - interval '1 minute' where incident_id is not null`;
    expect(await watchIncidents()).toBe(2);
    expect(await watchIncidents()).toBe(0);
    const received = readReceivedEmails(harness.mailDir).filter((email) => email.subject.includes("No job worker"));
    expect(received.map((email) => email.to[0]).sort()).toEqual(["ana@shop.test", "ben@shop.test"]);
    // The worker, back, finds them sent and sends nothing more.
    await harness.drainJobs();
    expect(readReceivedEmails(harness.mailDir).filter((email) => email.subject.includes("No job worker"))).toHaveLength(2);
  });
});
