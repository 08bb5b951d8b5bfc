// cancel_unpaid_order: staff cancel an order that was never paid, and everything it held comes back
// (stock at its location, its delivery window, its promo code use); paid orders are refunded instead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import { cartWith, expectSqlError, latestSlot, locationId, orderEvents, orderRow, placeOrder, setStock, stockOf, variantId, type Sql } from "../../support/sql-helpers";

let database: TestDatabase;
let sql: Sql;
let location: number;
let jar: number;

beforeAll(async () => {
  database = await createTestDatabase();
  sql = database.sql;
  await seedDemoShop(sql);
  location = await locationId(sql);
  jar = await variantId(sql, "dulce-de-leche-jar", "12 oz");
});

afterAll(async () => {
  await database?.drop();
});

const reserved = async (slot: Date) =>
  (await sql<{ reserved: number }[]>`select reserved from slot_reservations where location_id = ${location} and kind = 'delivery' and slot_at = ${slot}`)[0]?.reserved ?? 0;
const promoUses = async () => (await sql<{ uses: number }[]>`select uses from promo_codes where code = 'WELCOME10'`)[0].uses;

describe("cancel_unpaid_order", () => {
  it("cancels an unpaid delivery order and releases its stock, window and promo code use", async () => {
    await setStock(sql, jar, 10);
    const slot = await latestSlot(sql, location, "delivery");
    const usesBefore = await promoUses();
    const placed = await placeOrder(sql, {
      cartId: await cartWith(sql, [[jar, 3]]), location, fulfillment: "delivery", slotAt: slot,
      address: { line1: "18 Elm Street", postalCode: "62701" }, promoCode: "WELCOME10",
    });
    expect([await stockOf(sql, jar), await reserved(slot), await promoUses()]).toEqual([7, 1, usesBefore + 1]);

    await sql`select cancel_unpaid_order(${placed.order_id}, '  Customer called: ordered twice  ')`;
    expect((await orderRow(sql, placed.order_id)).state).toBe("cancelled");
    expect([await stockOf(sql, jar), await reserved(slot), await promoUses()]).toEqual([10, 0, usesBefore]);
    expect(await sql`select 1 from promo_redemptions where order_id = ${placed.order_id}`).toHaveLength(0);
    const events = await orderEvents(sql, placed.order_id);
    expect(events.map((event) => event.type)).toEqual(["placed", "state_changed", "cancelled"]);
    // The customer is told, once, why.
    const emails = await sql`select template, to_address from email_outbox where order_id = ${placed.order_id}`;
    expect(emails.map((email) => email.template)).toEqual(["order_cancelled"]);

    // Twice is refused, and changes nothing.
    await expectSqlError(sql`select cancel_unpaid_order(${placed.order_id}, 'again')`, "LR409");
    expect(await stockOf(sql, jar)).toBe(10);
  });

  it("refuses a paid order, a blank reason and an unknown order, changing nothing", async () => {
    await setStock(sql, jar, 10);
    const placed = await placeOrder(sql, { cartId: await cartWith(sql, [[jar, 2]]), location });
    await expectSqlError(sql`select cancel_unpaid_order(${placed.order_id}, '   ')`, "LR422", "reason");
    await expectSqlError(sql`select cancel_unpaid_order(${999_999}, 'nope')`, "LR404");
    await sql`select private.mark_order_paid(${placed.order_id})`;
    const error = await expectSqlError(sql`select cancel_unpaid_order(${placed.order_id}, 'too late')`, "LR409");
    expect(error.message).toContain("refund a paid one");
    expect((await orderRow(sql, placed.order_id)).state).toBe("paid");
    expect(await stockOf(sql, jar)).toBe(8);
  });
});
