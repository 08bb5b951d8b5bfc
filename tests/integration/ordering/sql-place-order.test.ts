// place_order: turning a cart into an order, idempotently, with prices and stock from the database.
import { randomUUID } from "node:crypto";
import type postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoShop } from "../../../db/seed/demo";
import { createTestDatabase, type TestDatabase } from "../../support/test-database";
import {
  cartWith,
  expectSqlError,
  latestPickupSlot,
  locationId,
  newCart,
  orderEvents,
  orderRow,
  placeOrder,
  raceBehindLock,
  rowCounts,
  seededVariants,
  setStock,
  sqlError,
  stockOf,
  type OrderInput,
  type PlacedOrder,
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
  // These orders are about their lines, states and payments: a shop without sales tax keeps totals plain
  // (tax is priced in sql-pricing.test.ts).
  await sql`update locations set tax_rate_bps = 0`;
  location = await locationId(sql);
  v = await seededVariants(sql);
});

afterAll(async () => {
  await database?.drop();
});

const WRITTEN_TABLES = ["orders", "order_items", "order_events", "customers"];

function place(input: Omit<OrderInput, "location">, db: Sql = sql) {
  return placeOrder(db, { location, ...input });
}

async function orderItems(orderId: number) {
  return sql`
    select variant_id, product_name, variant_name, unit_price_cents, quantity, line_total_cents
      from order_items where order_id = ${orderId} order by variant_id`;
}

async function checkedOut(cartId: string): Promise<boolean> {
  const [cart] = await sql<{ checked_out: boolean }[]>`
    select checked_out_at is not null as checked_out from carts where id = ${cartId}`;
  return cart.checked_out;
}

async function ordersOfCart(cartId: string) {
  return sql<{ id: number }[]>`select id from orders where cart_id = ${cartId}`;
}

// First in the file, so no earlier order (or failed attempt) has taken a number.
describe("order numbers", () => {
  it("start at 1001 and increase with each order", async () => {
    const first = await place({ cartId: await cartWith(sql, [[v.horchata, 1]]) });
    const second = await place({ cartId: await cartWith(sql, [[v.horchata, 1]]) });
    expect((await orderRow(sql, first.order_id)).number).toBe(1001);
    expect((await orderRow(sql, second.order_id)).number).toBe(1002);
  });
});

describe("place_order", () => {
  it("returns a new order with already_placed false", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 2]]);
    const placed = await place({ cartId });
    expect(placed.already_placed).toBe(false);
    expect(await ordersOfCart(cartId)).toEqual([{ id: placed.order_id }]);
  });

  it("gives each order a long, URL-safe, distinct public token", async () => {
    const a = await place({ cartId: await cartWith(sql, [[v.beefSingle, 1]]) });
    const b = await place({ cartId: await cartWith(sql, [[v.beefSingle, 1]]) });
    expect(a.public_token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(b.public_token).toMatch(/^[A-Za-z0-9_-]{43,}$/);
    expect(a.public_token).not.toBe(b.public_token);
    expect((await orderRow(sql, a.order_id)).public_token).toBe(a.public_token);
  });

  it("snapshots each line's product name, variant name and price from the menu", async () => {
    const cartId = await cartWith(sql, [[v.beefHalfDozen, 2], [v.horchata, 3]]);
    const placed = await place({ cartId });
    expect(await orderItems(placed.order_id)).toEqual([
      {
        variant_id: v.beefHalfDozen, product_name: "Beef Criolla", variant_name: "Half dozen",
        unit_price_cents: 2550, quantity: 2, line_total_cents: 5100,
      },
      {
        variant_id: v.horchata, product_name: "Horchata", variant_name: "16 oz",
        unit_price_cents: 400, quantity: 3, line_total_cents: 1200,
      },
    ]);
  });

  it("prices lines at the menu's price when the order is placed, not when the item was added", async () => {
    const cartId = await cartWith(sql, [[v.horchata, 2]]);
    await sql`update variants set price_cents = 475 where id = ${v.horchata}`;
    try {
      const placed = await place({ cartId });
      const [line] = await orderItems(placed.order_id);
      expect(line).toMatchObject({ unit_price_cents: 475, line_total_cents: 950 });
      expect((await orderRow(sql, placed.order_id)).total_cents).toBe(950);
    } finally {
      await sql`update variants set price_cents = 400 where id = ${v.horchata}`;
    }
  });

  it("keeps the snapshot when the menu changes afterwards", async () => {
    const placed = await place({ cartId: await cartWith(sql, [[v.horchata, 1]]) });
    await sql`update variants set price_cents = 999 where id = ${v.horchata}`;
    await sql`update products set name = 'Horchata Grande' where slug = 'horchata'`;
    try {
      expect(await orderItems(placed.order_id)).toEqual([
        {
          variant_id: v.horchata, product_name: "Horchata", variant_name: "16 oz",
          unit_price_cents: 400, quantity: 1, line_total_cents: 400,
        },
      ]);
    } finally {
      await sql`update variants set price_cents = 400 where id = ${v.horchata}`;
      await sql`update products set name = 'Horchata' where slug = 'horchata'`;
    }
  });

  it("sets subtotal and total to the sum of the line totals, in the location's currency", async () => {
    const placed = await place({ cartId: await cartWith(sql, [[v.beefSingle, 3], [v.beefHalfDozen, 1], [v.horchata, 2]]) });
    const order = await orderRow(sql, placed.order_id);
    const [{ sum }] = await sql<{ sum: number }[]>`
      select sum(line_total_cents)::bigint as sum from order_items where order_id = ${placed.order_id}`;
    expect(sum).toBe(3 * 450 + 2550 + 2 * 400);
    expect(order).toMatchObject({ subtotal_cents: sum, total_cents: sum, currency: "USD", state: "pending_payment" });
  });

  it("stores the customer's details trimmed, the email lowercased, and the pickup time", async () => {
    const pickupAt = await latestPickupSlot(sql, location);
    const placed = await place({
      cartId: await cartWith(sql, [[v.beefSingle, 1]]),
      name: "  Bea Gómez ",
      email: " Bea.Gomez@Example.COM ",
      phone: " +1 (555) 010-9999 ",
      pickupAt,
    });
    expect(await orderRow(sql, placed.order_id)).toMatchObject({
      customer_name: "Bea Gómez",
      customer_email: "bea.gomez@example.com",
      customer_phone: "+1 (555) 010-9999",
      pickup_at: pickupAt,
    });
  });

  it("reserves tracked stock in the same call, leaving untracked variants untracked", async () => {
    await setStock(sql, v.chipa, 20);
    const cartId = await cartWith(sql, [[v.chipa, 3], [v.horchata, 2]]);
    await place({ cartId });
    expect(await stockOf(sql, v.chipa)).toBe(17);
    expect(await stockOf(sql, v.horchata)).toBeNull();
  });

  it("marks the cart checked out", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 1]]);
    expect(await checkedOut(cartId)).toBe(false);
    await place({ cartId });
    expect(await checkedOut(cartId)).toBe(true);
  });

  it("records a placed event for the new order", async () => {
    const placed = await place({ cartId: await cartWith(sql, [[v.beefSingle, 1]]) });
    expect(await orderEvents(sql, placed.order_id)).toEqual([
      { type: "placed", from_state: null, to_state: "pending_payment", detail: {} },
    ]);
  });

  it("upserts one customer per email, case-insensitively, with the latest name and phone", async () => {
    const email = `Case.${randomUUID()}@Example.com`;
    const first = await place({ cartId: await cartWith(sql, [[v.beefSingle, 1]]), email, name: "Carla" });
    const second = await place({
      cartId: await cartWith(sql, [[v.beefSingle, 1]]),
      email: email.toUpperCase(),
      name: "Carla Ruiz",
      phone: "555 000 1111",
    });
    const customers = await sql`
      select id, email, name, phone from customers where lower(email) = lower(${email})`;
    expect(customers).toEqual([
      { id: expect.any(Number), email: email.toLowerCase(), name: "Carla Ruiz", phone: "555 000 1111" },
    ]);
    expect((await orderRow(sql, first.order_id)).customer_id).toBe(customers[0].id);
    expect((await orderRow(sql, second.order_id)).customer_id).toBe(customers[0].id);
  });
});

describe("place_order idempotency", () => {
  it("returns the same order, already_placed true, for the same checkout key", async () => {
    await setStock(sql, v.chipa, 20);
    const cartId = await cartWith(sql, [[v.chipa, 2]]);
    const checkoutKey = randomUUID();
    const first = await place({ cartId, checkoutKey });
    const again = await place({ cartId, checkoutKey });
    expect(again).toEqual({ order_id: first.order_id, public_token: first.public_token, already_placed: true });
    expect(await ordersOfCart(cartId)).toHaveLength(1);
    expect(await stockOf(sql, v.chipa)).toBe(18);
    expect(await orderEvents(sql, first.order_id)).toHaveLength(1);
  });

  it("returns the cart's order for a different checkout key", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 1]]);
    const first = await place({ cartId });
    const again = await place({ cartId, checkoutKey: randomUUID() });
    expect(again).toEqual({ order_id: first.order_id, public_token: first.public_token, already_placed: true });
    expect(await ordersOfCart(cartId)).toHaveLength(1);
  });

  it("makes exactly one order from two concurrent submissions of one cart with one key", async () => {
    await setStock(sql, v.chipa, 20);
    const cartId = await cartWith(sql, [[v.chipa, 2], [v.beefSingle, 1]]);
    const input = { cartId, checkoutKey: randomUUID(), pickupAt: await latestPickupSlot(sql, location) };
    const before = await rowCounts(sql, WRITTEN_TABLES);
    // Both calls queue on the cart's row lock, held here until both are waiting.
    const outcomes = await raceBehindLock<PlacedOrder>(
      sql,
      (blocker) => blocker`select 1 from carts where id = ${cartId} for update`,
      "place_order",
      [(connection) => place(input, connection), (connection) => place(input, connection)],
    );
    const results = outcomes.map((outcome) => {
      if (outcome.status === "rejected") throw outcome.reason;
      return outcome.value;
    });
    expect(results[0].order_id).toBe(results[1].order_id);
    expect(results[0].public_token).toBe(results[1].public_token);
    expect(results.map((result) => result.already_placed).sort()).toEqual([false, true]);
    expect(await ordersOfCart(cartId)).toEqual([{ id: results[0].order_id }]);
    const after = await rowCounts(sql, WRITTEN_TABLES);
    expect(after.orders - before.orders).toBe(1);
    expect(after.order_items - before.order_items).toBe(2);
    expect(await stockOf(sql, v.chipa)).toBe(18);
  });
});

describe("place_order refusals", () => {
  async function expectNothingWritten(cartId: string, attempt: () => Promise<unknown>, code: string, column?: string) {
    await setStock(sql, v.chipa, 20);
    const before = await rowCounts(sql, WRITTEN_TABLES);
    const error = await sqlError(attempt());
    expect({ code: error.code, column: error.column_name }).toEqual({ code, column });
    expect(await rowCounts(sql, WRITTEN_TABLES)).toEqual(before);
    expect(await checkedOut(cartId)).toBe(false);
    expect(await stockOf(sql, v.chipa)).toBe(20);
  }

  it.each([
    ["an empty name", { name: "" }, "name"],
    ["a blank name", { name: "   " }, "name"],
    ["a name over 100 characters", { name: "x".repeat(101) }, "name"],
    ["an email without @", { email: "ana.example.com" }, "email"],
    ["an email without a dot in the domain", { email: "ana@example" }, "email"],
    ["an email with a space", { email: "ana perez@example.com" }, "email"],
    ["an empty email", { email: "" }, "email"],
    ["a phone with letters", { phone: "call me maybe" }, "phone"],
    ["a phone too short", { phone: "12345" }, "phone"],
    ["an empty phone", { phone: "" }, "phone"],
  ])("refuses %s with LR422 on that field and writes nothing", async (_label, fields, column) => {
    await setStock(sql, v.chipa, 20);
    const cartId = await cartWith(sql, [[v.chipa, 2]]);
    await expectNothingWritten(cartId, () => place({ cartId, ...fields }), "LR422", column);
  });

  it("refuses a null name (LR422 on name)", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 1]]);
    await expectNothingWritten(
      cartId,
      async () => sql`select * from place_order(${cartId}, ${randomUUID()}, ${location}, null, 'ana@example.com',
                                    '555 010 2030', ${await latestPickupSlot(sql, location)})`,
      "LR422",
      "name",
    );
  });

  it.each([
    ["off the slot grid", `max(s) - interval '7 minutes'`],
    ["beyond the days offered", `max(s) + interval '1 day'`],
    ["in the past", `min(s) - interval '3 days'`],
  ])("refuses a pickup time %s (LR409 on pickupAt) and writes nothing", async (_label, expression) => {
    const [{ at }] = await sql<{ at: Date }[]>`
      select ${sql.unsafe(expression)} as at from pickup_slots(${location}) s`;
    const cartId = await cartWith(sql, [[v.chipa, 2]]);
    await expectNothingWritten(cartId, () => place({ cartId, pickupAt: at }), "LR409", "pickupAt");
  });

  it("refuses a slot sooner than the lead time allows (LR409 on pickupAt)", async () => {
    const cartId = await cartWith(sql, [[v.chipa, 1]]);
    // In one transaction, so now() and the location's settings hold still; rolled back by the error.
    const error = await sqlError(
      sql.begin(async (tx) => {
        const db = tx as unknown as Sql;
        await tx`update locations set pickup_lead_minutes = 0 where id = ${location}`;
        const [{ soon }] = await tx<{ soon: Date | null }[]>`
          select min(s) as soon from pickup_slots(${location}) s where s < now() + interval '1 day'`;
        expect(soon).not.toBeNull();
        await tx`update locations set pickup_lead_minutes = 1440 where id = ${location}`;
        await placeOrder(db, { cartId, location, pickupAt: soon });
      }),
    );
    expect({ code: error.code, column: error.column_name }).toEqual({ code: "LR409", column: "pickupAt" });
    expect(await checkedOut(cartId)).toBe(false);
    const [{ lead }] = await sql`select pickup_lead_minutes as lead from locations where id = ${location}`;
    expect(lead).toBe(20);
  });

  it("refuses a missing pickup time (LR409 on pickupAt)", async () => {
    const cartId = await cartWith(sql, [[v.chipa, 1]]);
    await expectNothingWritten(cartId, () => place({ cartId, pickupAt: null }), "LR409", "pickupAt");
  });

  it("refuses an empty cart with LR422 and writes nothing", async () => {
    const cartId = await newCart(sql);
    await expectNothingWritten(cartId, () => place({ cartId }), "LR422");
  });

  it("refuses a cart whose variant sold out after it was added (LR409) and writes nothing", async () => {
    const cartId = await cartWith(sql, [[v.chipa, 1], [v.beefSingle, 1]]);
    await sql`update variants set sold_out = true where id = ${v.beefSingle}`;
    try {
      await expectNothingWritten(cartId, () => place({ cartId }), "LR409");
    } finally {
      await sql`update variants set sold_out = false where id = ${v.beefSingle}`;
    }
  });

  it("refuses a cart asking for more than the stock left (LR409) and writes nothing", async () => {
    await setStock(sql, v.chipa, 20);
    const cartId = await cartWith(sql, [[v.chipa, 5]]);
    await setStock(sql, v.chipa, 4);
    const before = await rowCounts(sql, WRITTEN_TABLES);
    await expectSqlError(place({ cartId }), "LR409");
    expect(await rowCounts(sql, WRITTEN_TABLES)).toEqual(before);
    expect(await stockOf(sql, v.chipa)).toBe(4);
    expect(await checkedOut(cartId)).toBe(false);
  });

  it("refuses a location that does not exist (LR404)", async () => {
    const cartId = await cartWith(sql, [[v.beefSingle, 1]]);
    await expectSqlError(placeOrder(sql, { cartId, location: 987_654, pickupAt: await latestPickupSlot(sql, location) }), "LR404");
    expect(await checkedOut(cartId)).toBe(false);
  });
});

describe("place_order stock race", () => {
  it("lets exactly one of two concurrent orders take the last Chipa; the other gets LR409 and stock never goes negative", async () => {
    await setStock(sql, v.chipa, 20);
    const carts = [await cartWith(sql, [[v.chipa, 2]]), await cartWith(sql, [[v.chipa, 2]])];
    await setStock(sql, v.chipa, 3);
    const pickupAt = await latestPickupSlot(sql, location);
    // Both orders reach the stock update and queue on the variant's row lock, held here.
    const outcomes = await raceBehindLock<PlacedOrder>(
      sql,
      (blocker) => blocker`select 1 from variants where id = ${v.chipa} for update`,
      "place_order",
      carts.map((cartId) => (connection: postgres.ReservedSql) => place({ cartId, pickupAt }, connection)),
    );
    const placed = outcomes.filter((outcome) => outcome.status === "fulfilled");
    const refused = outcomes.filter((outcome) => outcome.status === "rejected");
    expect(placed).toHaveLength(1);
    expect(refused).toHaveLength(1);
    expect((refused[0] as PromiseRejectedResult).reason).toMatchObject({ code: "LR409" });
    expect(await stockOf(sql, v.chipa)).toBe(1);
    const orders = await sql`select cart_id from orders where cart_id in ${sql(carts)}`;
    expect(orders).toHaveLength(1);
    const loser = carts.find((cartId) => cartId !== orders[0].cart_id) as string;
    expect(await checkedOut(loser)).toBe(false);
  });
});
