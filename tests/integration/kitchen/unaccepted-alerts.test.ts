// A paid order the kitchen leaves unaccepted past the location's limit emails each owner once, with
// a link to the board; accepted orders, staff and orders still within the limit are left alone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";
import { readReceivedEmails } from "../../support/smtp-sink";

let harness: AppHarness;

beforeAll(async () => {
  harness = await startAppHarness();
  await harness.database.sql`
    insert into admin_users (email, name, password_hash, role) values
      ('owner-one@example.com', 'Owner one', 'x', 'owner'), ('owner-two@example.com', 'Owner two', 'x', 'owner'),
      ('cook@example.com', 'Cook', 'x', 'staff')`;
  await harness.database.sql`update locations set auto_accept = false, accept_alert_minutes = 10`;
});

afterAll(async () => {
  await harness?.stop();
});

describe("unaccepted order alerts", () => {
  it("emails every owner once about an order waiting past the limit, through the cron's task", async () => {
    const sql = harness.database.sql;
    const waiting = await harness.placeOrder("waiting@example.com");
    const fresh = await harness.placeOrder("fresh@example.com");
    for (const id of [waiting, fresh]) await sql`select private.mark_order_paid(${id})`;
    await sql`update orders set paid_at = now() - interval '14 minutes' where id = ${waiting}`;
    const [{ number }] = await sql`select number from orders where id = ${waiting}`;

    await sql`select graphile_worker.add_job('alert_unaccepted_orders', '{}'::json)`;
    await harness.drainJobs();
    await sql`select graphile_worker.add_job('alert_unaccepted_orders', '{}'::json)`;
    await harness.drainJobs();

    const alerts = readReceivedEmails(harness.mailDir).filter((email) => email.subject === `Order #${number} is waiting to be accepted`);
    expect(alerts.map((email) => email.to.join(", ")).sort()).toEqual(["owner-one@example.com", "owner-two@example.com"]);
    expect(alerts[0].text).toContain("nobody has accepted it yet");
    expect(alerts[0].text).toContain("/admin/board");
    const [{ count }] = await sql<{ count: number }[]>`
      select count(*)::int as count from email_outbox where template = 'owner_unaccepted_order' and order_id = ${fresh}`;
    expect(count).toBe(0);
  });
});
