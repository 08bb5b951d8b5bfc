// Paying an order: payment attempts and links, and applying what Square reports about payments.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  cartWith,
  expectSqlError,
  locationId,
  orderEvents,
  orderRow,
  placeOrder,
  queuedJobs,
  rowCounts,
  seededVariants,
  type Sql,
} from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
  v = await seededVariants(sql);
});

afterAll(async () => {
  await database?.drop();
});

interface Attempt {
  id: string;
  order_id: number;
  method: string;
  status: string;
  amount_cents: number;
  currency: string;
  square_payment_link_id: string | null;
  square_order_id: string | null;
  checkout_url: string | null;
  square_payment_id: string | null;
  error_code: string | null;
}

async function newOrder() {
  const email = `payer.${randomUUID()}@example.com`;
  const cartId = await cartWith(sql, [[v.beefHalfDozen, 1], [v.horchata, 2]]);
  const placed = await placeOrder(sql, { cartId, location, email });
  const order = await orderRow(sql, placed.order_id);
  return { id: order.id, total: order.total_cents, email };
}

async function startAttempt(orderId: number): Promise<Attempt> {
  const [attempt] = await sql<Attempt[]>`select * from start_payment_link_attempt(${orderId})`;
  return attempt;
}

async function attemptRow(id: string): Promise<Attempt> {
  const [attempt] = await sql<Attempt[]>`select * from payment_attempts where id = ${id}`;
  return attempt;
}

/** An order waiting for payment through a recorded Square payment link. */
async function orderWithPaymentLink() {
  const order = await newOrder();
  const attempt = await startAttempt(order.id);
  const squareOrderId = `sq-order-${randomUUID()}`;
  await sql`select record_payment_link(${attempt.id}, ${`link-${randomUUID()}`},
                                       'https://square.test/pay/abc', ${squareOrderId})`;
  return { ...order, attemptId: attempt.id, squareOrderId };
}

interface Report {
  paymentId: string;
  squareOrderId: string;
  status: "APPROVED" | "PENDING" | "COMPLETED" | "CANCELED" | "FAILED";
  amount: number;
  currency?: string;
  errorCode?: string | null;
}

async function apply(report: Report): Promise<string> {
  const [{ outcome }] = await sql<{ outcome: string }[]>`
    select apply_square_payment(
      ${report.paymentId}, ${report.squareOrderId}, ${report.status}, ${report.amount},
      ${report.currency ?? "USD"}, 'VISA', '1111', 'https://square.test/receipt', ${report.errorCode ?? null}) as outcome`;
  return outcome;
}

function newPaymentId() {
  return `pay-${randomUUID()}`;
}

async function paymentsOf(orderId: number) {
  return sql<{ square_payment_id: string; status: string; amount_cents: number }[]>`
    select square_payment_id, status, amount_cents from payments where order_id = ${orderId} order by id`;
}

async function confirmationEmails(orderId: number) {
  return sql<{ id: number; template: string; to_address: string; status: string }[]>`
    select id, template, to_address, status from email_outbox where order_id = ${orderId} order by id`;
}

async function sendEmailJobsFor(orderId: number) {
  const emailIds = (await confirmationEmails(orderId)).map((email) => email.id);
  return (await queuedJobs(sql, "send_email")).filter((job) => emailIds.includes(Number(job.payload.email_id)));
}

async function eventsOfType(orderId: number, type: string) {
  return (await orderEvents(sql, orderId)).filter((event) => event.type === type);
}

describe("start_payment_link_attempt", () => {
  it("creates an attempt for the order's total", async () => {
    const order = await newOrder();
    const attempt = await startAttempt(order.id);
    expect(attempt).toMatchObject({
      order_id: order.id, method: "payment_link", status: "created", amount_cents: order.total, currency: "USD",
      square_payment_link_id: null, checkout_url: null,
    });
  });

  it("returns the same attempt when called again", async () => {
    const order = await newOrder();
    const first = await startAttempt(order.id);
    const again = await startAttempt(order.id);
    expect(again.id).toBe(first.id);
    const [{ count }] = await sql`select count(*)::int as count from payment_attempts where order_id = ${order.id}`;
    expect(count).toBe(1);
  });

  it("refuses an order that does not exist (LR404)", async () => {
    await expectSqlError(sql`select * from start_payment_link_attempt(${987_654})`, "LR404");
  });

  it("refuses an order that is already paid (LR409)", async () => {
    const order = await orderWithPaymentLink();
    expect(await apply({ paymentId: newPaymentId(), squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total })).toBe("paid");
    await expectSqlError(sql`select * from start_payment_link_attempt(${order.id})`, "LR409");
  });
});

describe("record_payment_link", () => {
  it("stores the link, its URL and Square's order id and marks the attempt pending", async () => {
    const order = await newOrder();
    const attempt = await startAttempt(order.id);
    await sql`select record_payment_link(${attempt.id}, 'link-1', 'https://square.test/pay/1', 'sq-order-1')`;
    expect(await attemptRow(attempt.id)).toMatchObject({
      status: "pending", square_payment_link_id: "link-1", checkout_url: "https://square.test/pay/1",
      square_order_id: "sq-order-1",
    });
  });

  it("is returned with its link by start_payment_link_attempt afterwards", async () => {
    const order = await orderWithPaymentLink();
    const attempt = await startAttempt(order.id);
    expect(attempt).toMatchObject({ id: order.attemptId, square_order_id: order.squareOrderId, status: "pending" });
  });

  it("refuses an attempt that does not exist (LR404)", async () => {
    await expectSqlError(
      sql`select record_payment_link(${randomUUID()}, 'link-x', 'https://square.test/pay/x', 'sq-order-x')`,
      "LR404",
    );
  });
});

describe("apply_square_payment with a completed payment", () => {
  let order: Awaited<ReturnType<typeof orderWithPaymentLink>>;
  const paymentId = newPaymentId();

  beforeAll(async () => {
    order = await orderWithPaymentLink();
    expect(await apply({ paymentId, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total })).toBe("paid");
  });

  it("marks the order paid with paid_at set", async () => {
    const row = await orderRow(sql, order.id);
    expect(row.state).toBe("paid");
    expect(row.paid_at).toBeInstanceOf(Date);
  });

  it("records the payment with its card and receipt", async () => {
    const [payment] = await sql`
      select square_payment_id, status, amount_cents, currency, card_brand, card_last4, receipt_url, payment_attempt_id
        from payments where order_id = ${order.id}`;
    expect(payment).toEqual({
      square_payment_id: paymentId, status: "COMPLETED", amount_cents: order.total, currency: "USD",
      card_brand: "VISA", card_last4: "1111", receipt_url: "https://square.test/receipt",
      payment_attempt_id: order.attemptId,
    });
  });

  it("completes the attempt with the payment's id", async () => {
    expect(await attemptRow(order.attemptId)).toMatchObject({ status: "completed", square_payment_id: paymentId });
  });

  it("queues one order confirmation email to the customer", async () => {
    expect(await confirmationEmails(order.id)).toEqual([
      { id: expect.any(Number), template: "order_confirmation", to_address: order.email, status: "queued" },
    ]);
  });

  it("queues exactly one send_email job whose payload is the email's id", async () => {
    const [email] = await confirmationEmails(order.id);
    const jobs = await sendEmailJobsFor(order.id);
    expect(jobs.map((job) => job.payload)).toEqual([{ email_id: email.id }]);
  });

  it("passes the request id of its transaction on to the email job", async () => {
    const order = await orderWithPaymentLink();
    await sql.begin(async (tx) => {
      await tx`select set_config('larder.request_id', 'req-webhook-42', true)`;
      await tx`select apply_square_payment(${newPaymentId()}, ${order.squareOrderId}, 'COMPLETED', ${order.total}, 'USD', 'VISA', '1111', null, null)`;
    });
    const [email] = await confirmationEmails(order.id);
    const jobs = (await queuedJobs(sql, "send_email")).filter((job) => job.payload.email_id === email.id);
    expect(jobs.map((job) => job.payload)).toEqual([{ email_id: email.id, request_id: "req-webhook-42" }]);
  });

  it("answers already_paid when the same payment is applied again, and queues nothing more", async () => {
    expect(await apply({ paymentId, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total })).toBe("already_paid");
    expect(await paymentsOf(order.id)).toHaveLength(1);
    expect(await confirmationEmails(order.id)).toHaveLength(1);
    expect(await sendEmailJobsFor(order.id)).toHaveLength(1);
    expect(await eventsOfType(order.id, "state_changed")).toHaveLength(1);
  });

  it("keeps the payment COMPLETED when an older APPROVED report arrives after it", async () => {
    await apply({ paymentId, squareOrderId: order.squareOrderId, status: "APPROVED", amount: order.total });
    expect(await paymentsOf(order.id)).toEqual([
      { square_payment_id: paymentId, status: "COMPLETED", amount_cents: order.total },
    ]);
    expect((await orderRow(sql, order.id)).state).toBe("paid");
  });

  it("answers duplicate_payment for a second, different completed payment and keeps one COMPLETED row", async () => {
    const second = newPaymentId();
    expect(await apply({ paymentId: second, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total })).toBe("duplicate_payment");
    expect((await paymentsOf(order.id)).filter((payment) => payment.status === "COMPLETED")).toEqual([
      { square_payment_id: paymentId, status: "COMPLETED", amount_cents: order.total },
    ]);
    const duplicates = await eventsOfType(order.id, "duplicate_payment");
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0].detail).toMatchObject({ square_payment_id: second });
    expect(await confirmationEmails(order.id)).toHaveLength(1);
  });
});

describe("apply_square_payment with a failed payment", () => {
  let order: Awaited<ReturnType<typeof orderWithPaymentLink>>;
  const paymentId = newPaymentId();

  let outcome: string;

  beforeAll(async () => {
    order = await orderWithPaymentLink();
    outcome = await apply({ paymentId, squareOrderId: order.squareOrderId, status: "FAILED", amount: order.total, errorCode: "CARD_DECLINED" });
  });

  it("answers failed, fails the attempt and leaves the order waiting for payment", async () => {
    expect(outcome).toBe("failed");
    expect(await attemptRow(order.attemptId)).toMatchObject({
      status: "failed", square_payment_id: paymentId, error_code: "CARD_DECLINED",
    });
    expect((await orderRow(sql, order.id)).state).toBe("pending_payment");
    expect(await paymentsOf(order.id)).toEqual([{ square_payment_id: paymentId, status: "FAILED", amount_cents: order.total }]);
    expect(await confirmationEmails(order.id)).toEqual([]);
  });

  it("records one payment_failed event", async () => {
    const failed = await eventsOfType(order.id, "payment_failed");
    expect(failed).toHaveLength(1);
    expect(failed[0].detail).toMatchObject({ square_payment_id: paymentId, error_code: "CARD_DECLINED" });
  });

  it("records no second event when the same failed payment is reported again", async () => {
    expect(
      await apply({ paymentId, squareOrderId: order.squareOrderId, status: "FAILED", amount: order.total, errorCode: "CARD_DECLINED" }),
    ).toBe("failed");
    expect(await eventsOfType(order.id, "payment_failed")).toHaveLength(1);
    expect(await paymentsOf(order.id)).toHaveLength(1);
  });

  it("still lets a later payment on the same link pay the order", async () => {
    const retry = newPaymentId();
    expect(await apply({ paymentId: retry, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total })).toBe("paid");
    expect((await orderRow(sql, order.id)).state).toBe("paid");
    expect(await attemptRow(order.attemptId)).toMatchObject({ status: "completed", square_payment_id: retry, error_code: null });
  });
});

describe("apply_square_payment", () => {
  it("answers pending for an APPROVED payment and then paid when it completes", async () => {
    const order = await orderWithPaymentLink();
    const paymentId = newPaymentId();
    expect(await apply({ paymentId, squareOrderId: order.squareOrderId, status: "APPROVED", amount: order.total })).toBe("pending");
    expect((await orderRow(sql, order.id)).state).toBe("pending_payment");
    expect(await apply({ paymentId, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total })).toBe("paid");
    expect(await paymentsOf(order.id)).toEqual([{ square_payment_id: paymentId, status: "COMPLETED", amount_cents: order.total }]);
  });

  it("answers amount_mismatch for a payment of a different amount and does not mark the order paid", async () => {
    const order = await orderWithPaymentLink();
    const paymentId = newPaymentId();
    expect(await apply({ paymentId, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total - 1 })).toBe("amount_mismatch");
    const row = await orderRow(sql, order.id);
    expect(row.state).toBe("pending_payment");
    expect(row.paid_at).toBeNull();
    expect(await confirmationEmails(order.id)).toEqual([]);
    expect(await eventsOfType(order.id, "payment_amount_mismatch")).toHaveLength(1);
  });

  it("still takes the right payment after a mismatched one, and flags the mismatch once", async () => {
    const order = await orderWithPaymentLink();
    const wrong = newPaymentId();
    for (let i = 0; i < 2; i++) {
      expect(await apply({ paymentId: wrong, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total + 100 })).toBe("amount_mismatch");
    }
    expect(await eventsOfType(order.id, "payment_amount_mismatch")).toHaveLength(1);
    const right = newPaymentId();
    expect(await apply({ paymentId: right, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total })).toBe("paid");
    expect(await paymentsOf(order.id)).toEqual([{ square_payment_id: right, status: "COMPLETED", amount_cents: order.total }]);
  });

  it("refunds a payment captured after the order was cancelled in full, once, and tells each active owner", async () => {
    const [owner] = await sql<{ email: string }[]>`
      insert into admin_users (email, password_hash, role) values (${`owner.${randomUUID()}@example.com`}, 'scrypt$x', 'owner') returning email`;
    await sql`insert into admin_users (email, password_hash, role, deactivated_at) values (${`gone.${randomUUID()}@example.com`}, 'scrypt$x', 'owner', now())`;
    const order = await orderWithPaymentLink();
    await sql`update orders set state = 'cancelled' where id = ${order.id}`;
    const paymentId = newPaymentId();
    expect(await apply({ paymentId, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total })).toBe("needs_refund");
    expect(await apply({ paymentId, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total })).toBe("needs_refund");
    expect(await eventsOfType(order.id, "payment_after_cancel")).toHaveLength(1);
    expect(await eventsOfType(order.id, "late_payment_refunded")).toHaveLength(1);
    expect((await orderRow(sql, order.id)).state).toBe("cancelled");
    // No confirmation for the customer: the owners' alerts are the order's only emails.
    expect((await confirmationEmails(order.id)).map((email) => email.template)).toEqual(["owner_late_payment_refunded"]);

    const refunds = await sql<{ id: string; amount_cents: number; status: string; requested_by: number | null }[]>`
      select id, amount_cents, status, requested_by from refunds where order_id = ${order.id}`;
    expect(refunds).toEqual([{ id: expect.any(String), amount_cents: order.total, status: "requested", requested_by: null }]);
    const jobs = (await queuedJobs(sql, "refund_payment")).filter((job) => job.payload.refund_id === refunds[0].id);
    expect(jobs).toHaveLength(1);
    const alerts = await sql<{ to_address: string }[]>`
      select to_address from email_outbox where template = 'owner_late_payment_refunded' and refund_id = ${refunds[0].id}`;
    expect(alerts.map((alert) => alert.to_address)).toContain(owner.email);
    expect(alerts.every((alert) => !alert.to_address.startsWith("gone."))).toBe(true);
  });

  it("does not act on a report that contradicts a payment's final recorded status", async () => {
    const order = await orderWithPaymentLink();
    const paymentId = newPaymentId();
    expect(await apply({ paymentId, squareOrderId: order.squareOrderId, status: "FAILED", amount: order.total })).toBe("failed");
    expect(await apply({ paymentId, squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total })).toBe("failed");
    expect((await orderRow(sql, order.id)).state).toBe("pending_payment");
    expect(await paymentsOf(order.id)).toEqual([{ square_payment_id: paymentId, status: "FAILED", amount_cents: order.total }]);
  });

  it("answers amount_mismatch for a payment in another currency", async () => {
    const order = await orderWithPaymentLink();
    expect(
      await apply({ paymentId: newPaymentId(), squareOrderId: order.squareOrderId, status: "COMPLETED", amount: order.total, currency: "CAD" }),
    ).toBe("amount_mismatch");
    expect((await orderRow(sql, order.id)).state).toBe("pending_payment");
  });

  it("answers unknown_payment for a Square order it never made, writing nothing", async () => {
    const tables = ["payments", "order_events", "email_outbox"];
    const before = await rowCounts(sql, tables);
    expect(await apply({ paymentId: newPaymentId(), squareOrderId: `sq-order-${randomUUID()}`, status: "COMPLETED", amount: 100 })).toBe("unknown_payment");
    expect(await rowCounts(sql, tables)).toEqual(before);
  });
});
