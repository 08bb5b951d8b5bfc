// The kitchen's steps reach the customer by email on real parts: advance_order queues one email per
// step, graphile-worker's send_email renders it for the order's kind of fulfilment and a real SMTP
// server receives it, once, even when the job runs again.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppHarness, type AppHarness } from "../../support/app-harness";
import { readReceivedEmails } from "../../support/smtp-sink";

let harness: AppHarness;
let board: typeof import("~/kitchen/board.server");
let staffId: number;

beforeAll(async () => {
  harness = await startAppHarness();
  board = await import("~/kitchen/board.server");
  [{ id: staffId }] = await harness.database.sql<{ id: number }[]>`
    insert into admin_users (email, name, password_hash, role) values ('line-cook@example.com', 'Line cook', 'x', 'staff') returning id`;
});

afterAll(async () => {
  await harness?.stop();
});

async function paid(email: string) {
  const orderId = await harness.placeOrder(email);
  await harness.database.sql`select private.mark_order_paid(${orderId})`;
  return orderId;
}

const received = (to: string) => readReceivedEmails(harness.mailDir).filter((email) => email.to.includes(to));

describe("emails for the kitchen's steps", () => {
  it("tells a pickup customer the new time, then that the order is ready, and nothing for the steps between", async () => {
    const to = "pickup-steps@example.com";
    const orderId = await paid(to);
    const [{ number, pickup_at: pickupAt }] = await harness.database.sql`select number, pickup_at from orders where id = ${orderId}`;
    const delayed = await board.advanceOrder({ orderId, step: "delay", seenState: "paid", delayMinutes: 15 }, staffId);
    expect(new Date(delayed.promisedAt!).getTime()).toBe(new Date(pickupAt).getTime() + 15 * 60_000);
    await board.advanceOrder({ orderId, step: "start", seenState: "paid", delayMinutes: 0 }, staffId);
    await board.advanceOrder({ orderId, step: "ready", seenState: "preparing", delayMinutes: 0 }, staffId);
    await board.advanceOrder({ orderId, step: "collected", seenState: "ready", delayMinutes: 0 }, staffId);
    await harness.drainJobs();

    const subjects = received(to).map((email) => email.subject);
    expect(subjects).toHaveLength(3);
    expect(subjects[0]).toMatch(new RegExp(`^Order #${number} confirmed`));
    expect(subjects[1]).toMatch(new RegExp(`^Order #${number}: ready at \\d{1,2}:\\d{2} [AP]M$`));
    expect(subjects[2]).toBe(`Order #${number} is ready for pickup`);
    const ready = received(to)[2];
    expect(ready.text).toContain("Your order is ready! Pick it up at");
    expect(ready.text).not.toMatch(/shipped|deliver/i);

    // A job that runs again sends nothing more.
    const [email] = await harness.database.sql`select id from email_outbox where order_id = ${orderId} and template = 'order_ready'`;
    await harness.database.sql`select graphile_worker.add_job('send_email', json_build_object('email_id', ${email.id}::int))`;
    await harness.drainJobs();
    expect(received(to)).toHaveLength(3);
    const outbox = await harness.database.sql`select template, status from email_outbox where order_id = ${orderId} order by id`;
    expect(outbox).toEqual([
      { template: "order_confirmation", status: "sent" },
      { template: "order_delayed", status: "sent" },
      { template: "order_ready", status: "sent" },
    ]);
  });

  it("tells a customer whose unpaid order the shop cancelled why, and that nothing was charged", async () => {
    const to = "cancelled-by-shop@example.com";
    const orderId = await harness.placeOrder(to);
    const [{ number }] = await harness.database.sql`select number from orders where id = ${orderId}`;
    await harness.database.sql`select cancel_unpaid_order(${orderId}, 'We ran out of corn for the humitas')`;
    await harness.drainJobs();
    const [email] = received(to);
    expect(email.subject).toBe(`Order #${number} was cancelled`);
    expect(email.text).toContain("cancelled your order: We ran out of corn for the humitas. You have not been charged.");
  });
});
