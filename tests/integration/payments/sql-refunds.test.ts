// Refunds in SQL: how much may be refunded, the request queued with its job, and Square's outcome
// applied once, moving the order to partially_refunded or refunded and emailing the customer.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { cartWith, expectSqlError, locationId, orderRow, placeOrder, queuedJobs, seededVariants, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let v: Awaited<ReturnType<typeof seededVariants>>;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  // These orders are about their lines, states and payments: a shop without sales tax keeps totals plain
  // (tax is priced in sql-pricing.test.ts).
  await sql`update locations set tax_rate_bps = 0`;
  location = await locationId(sql);
  v = await seededVariants(sql);
});

afterAll(async () => {
  await database?.drop();
});

/** A paid order (2 × Horchata = $8.00) with its Square payment id. */
async function paidOrder() {
  const cartId = await cartWith(sql, [[v.horchata, 2]]);
  const placed = await placeOrder(sql, { cartId, location, email: `refund.${randomUUID()}@example.com` });
  const [attempt] = await sql<{ id: string }[]>`select id from start_payment_link_attempt(${placed.order_id})`;
  const squareOrderId = `sq-${randomUUID()}`;
  await sql`select record_payment_link(${attempt.id}, ${`link-${randomUUID()}`}, 'https://square.test/pay', ${squareOrderId})`;
  const paymentId = `pay-${randomUUID()}`;
  await sql`select apply_square_payment(${paymentId}, ${squareOrderId}, 'COMPLETED', 800, 'USD', 'VISA', '1111', null, null)`;
  return { id: placed.order_id, paymentId };
}

async function requestRefund(orderId: number, cents: number, reason = "Burnt batch") {
  const [refund] = await sql<{ id: string; status: string }[]>`select * from request_refund(${orderId}, ${cents}, ${reason}, null)`;
  return refund;
}

async function complete(refundId: string, status = "COMPLETED", squareRefundId = `rf-${randomUUID()}`) {
  const [{ outcome }] = await sql<{ outcome: string }[]>`
    select apply_square_refund(${refundId}, ${squareRefundId}, 'pay', ${status}, 0) as outcome`;
  return outcome;
}

const refundable = async (orderId: number) => (await sql<{ cents: number }[]>`select refundable_cents(${orderId}) as cents`)[0].cents;

describe("request_refund", () => {
  it("records the refund, an event and one refund_payment job keyed by the refund id", async () => {
    const order = await paidOrder();
    const refund = await requestRefund(order.id, 300);
    expect(refund.status).toBe("requested");
    const jobs = await queuedJobs(sql, "refund_payment");
    expect(jobs.filter((job) => job.key === `refund_payment:${refund.id}`)).toHaveLength(1);
    expect(await refundable(order.id)).toBe(500);
  });

  it("refuses more than what is left to refund, zero, and a blank reason, writing nothing", async () => {
    const order = await paidOrder();
    await requestRefund(order.id, 600);
    await expectSqlError(requestRefund(order.id, 201), "LR422", "amount");
    await expectSqlError(requestRefund(order.id, 0), "LR422", "amount");
    await expectSqlError(requestRefund(order.id, 100, "  "), "LR422", "reason");
    const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from refunds where order_id = ${order.id}`;
    expect(count).toBe(1);
  });

  it("refuses an order that has no captured payment", async () => {
    const cartId = await cartWith(sql, [[v.horchata, 1]]);
    const placed = await placeOrder(sql, { cartId, location, email: `unpaid.${randomUUID()}@example.com` });
    await expectSqlError(requestRefund(placed.order_id, 100), "LR409");
  });
});

describe("apply_square_refund", () => {
  it("a partial refund makes the order partially_refunded and queues one email, however often applied", async () => {
    const order = await paidOrder();
    const refund = await requestRefund(order.id, 300);
    const squareRefundId = `rf-${randomUUID()}`;
    expect(await complete(refund.id, "PENDING", squareRefundId)).toBe("pending");
    expect(await complete(refund.id, "COMPLETED", squareRefundId)).toBe("completed");
    expect(await complete(refund.id, "COMPLETED", squareRefundId)).toBe("already_final");
    expect((await orderRow(sql, order.id)).state).toBe("partially_refunded");
    const emails = await sql`select template from email_outbox where order_id = ${order.id} and template = 'refund_confirmation'`;
    expect(emails).toHaveLength(1);
  });

  it("refunding the rest makes the order refunded", async () => {
    const order = await paidOrder();
    await complete((await requestRefund(order.id, 300)).id);
    await complete((await requestRefund(order.id, 500)).id);
    expect((await orderRow(sql, order.id)).state).toBe("refunded");
    expect(await refundable(order.id)).toBe(0);
    await expectSqlError(requestRefund(order.id, 1), "LR422", "amount");
  });

  it("a rejected refund fails, leaves the order as it was and frees the amount again", async () => {
    const order = await paidOrder();
    const refund = await requestRefund(order.id, 800);
    expect(await complete(refund.id, "REJECTED")).toBe("failed");
    expect((await orderRow(sql, order.id)).state).toBe("paid");
    expect(await refundable(order.id)).toBe(800);
  });

  it("finds the refund by Square's id when the webhook is all there is", async () => {
    const order = await paidOrder();
    const refund = await requestRefund(order.id, 100);
    const squareRefundId = `rf-${randomUUID()}`;
    await complete(refund.id, "PENDING", squareRefundId);
    const [{ outcome }] = await sql<{ outcome: string }[]>`
      select apply_square_refund(null, ${squareRefundId}, ${order.paymentId}, 'COMPLETED', 100) as outcome`;
    expect(outcome).toBe("completed");
    const [{ outcome: unknown }] = await sql<{ outcome: string }[]>`
      select apply_square_refund(null, 'rf-not-ours', 'pay', 'COMPLETED', 100) as outcome`;
    expect(unknown).toBe("unknown_refund");
  });
});
